"""2026-02-23-tick-grid (9ef59cf; d08470f and the restart aa52990 to a90ca2e change nothing it
does, d08470f only reformats): the side cleared at 90 % inventory.

`KILL_CLEAR_INVENTORY_RATIO = 0.90` clears the accumulating side in the grid and the floor
(was 1.0). See `tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.guaranteed import FLOOR_CODES
from mmdiag.optimizer.v2026_02_19_tick_grid_sc_as import CODE as EARLIER

CODE = replace(EARLIER, commit="9ef59cf", clear_at=0.9, floor=FLOOR_CODES[2])
VERSION = ladder.version(
    CODE,
    name="2026-02-23-tick-grid",
    first="2026-02-23",
    last="2026-02-27",
    summary="the accumulating side is cleared at 90 % inventory",
)
run = VERSION.run
inputs_from = VERSION.inputs_from
