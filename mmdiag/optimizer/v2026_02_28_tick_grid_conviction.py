"""2026-02-28-tick-grid (4156b33; 21d9913 changes nothing it does): conviction tightening.

With `conviction_ask_tightening > 0` and at least 2 corroborating signals, the informed side's
touch is `touch x (1 - tightening)` (at least `effective_floor_bps`: asks when the direction is
bearish, bids otherwise), and the grid of both sides starts at the tighter touch. See
`tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.v2026_02_28_tick_grid_floor_at_price import CODE as EARLIER

CODE = replace(EARLIER, commit="4156b33", conviction=True)
VERSION = ladder.version(
    CODE,
    name="2026-02-28-tick-grid",
    first="2026-02-28",
    last="2026-03-02",
    summary="corroborated conviction tightens the grid's touch",
)
run = VERSION.run
inputs_from = VERSION.inputs_from
