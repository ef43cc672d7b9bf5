"""2026-02-28-early-tick-grid (57a1fbf): the floor's size at its own price.

The guaranteed quote's size is `ceil(min_notional / price / step) x step` at the quote's price,
never under `min_viable_size` (a bid below the microprice needs one step more). See
`tick_grid_ladder` and `guaranteed`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.guaranteed import FLOOR_CODES
from mmdiag.optimizer.v2026_02_23_tick_grid_kill_clear import CODE as EARLIER

CODE = replace(EARLIER, commit="57a1fbf", floor=FLOOR_CODES[3])
VERSION = ladder.version(
    CODE,
    name="2026-02-28-early-tick-grid",
    first="2026-02-28",
    last="2026-02-28",
    summary="the guaranteed quote's size is the minimum at its own price",
)
run = VERSION.run
inputs_from = VERSION.inputs_from
