"""2026-02-19-legacy (5fd4533): see mmdiag/optimizer/v2026_02_19_legacy_tail_intensity.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-19-legacy", "5fd4533", "v2026_02_19_legacy_tail_intensity"))
