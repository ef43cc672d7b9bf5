"""2026-02-17-legacy (6a432ff): see mmdiag/optimizer/v2026_02_17_legacy_dynamic_margin.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-17-legacy", "6a432ff", "v2026_02_17_legacy_dynamic_margin"))
