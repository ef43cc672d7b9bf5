"""2026-02-17-tick-grid: see mmdiag/optimizer/v2026_02_17_tick_grid.py.

The harness is shared: ../2026-02-17-tick-grid (tick_grid_era.py and its crate).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-17-tick-grid"))
from tick_grid_era import spec_for

globals().update(spec_for("2026-02-17-tick-grid", "v2026_02_17_tick_grid"))
