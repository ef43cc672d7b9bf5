"""2026-01-13 (0ef4b4c): see mmdiag/optimizer/v2026_01_13_fallback.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-01-04"))
from entropy_era import spec_for

globals().update(spec_for("2026-01-13", "0ef4b4c", "v2026_01_13_fallback"))
