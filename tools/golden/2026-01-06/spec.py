"""2026-01-06 (a8ddd8e): see mmdiag/optimizer/v2026_01_06_margin_split.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-01-04"))
from entropy_era import spec_for

globals().update(spec_for("2026-01-06", "a8ddd8e", "v2026_01_06_margin_split"))
