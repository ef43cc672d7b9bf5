"""2026-02-07 (d78f066): see mmdiag/optimizer/v2026_02_07_knife_split.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-01-04"))
from entropy_era import spec_for

globals().update(spec_for("2026-02-07", "d78f066", "v2026_02_07_knife_split"))
