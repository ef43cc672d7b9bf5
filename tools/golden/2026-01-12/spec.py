"""2026-01-12 (85e8f1d): see mmdiag/optimizer/v2026_01_12_half_margin.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-01-04"))
from entropy_era import spec_for

globals().update(spec_for("2026-01-12", "85e8f1d", "v2026_01_12_half_margin"))
