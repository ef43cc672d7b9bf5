"""2026-02-28-legacy (4156b33): see mmdiag/optimizer/v2026_02_28_legacy_conviction.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-28-legacy", "4156b33", "v2026_02_28_legacy_conviction"))
