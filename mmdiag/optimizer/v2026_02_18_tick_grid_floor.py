"""2026-02-18-tick-grid (d116d41; d06ad57 changes nothing it does): the guaranteed quote floor.

Three changes: the range is the tier's multiplier x the touch alone (no `kappa_spread_bps`);
when the capacity covers at most 4 minimum orders the greedy uniform allocation replaces the
softmax; no margin no longer returns the generator's ladder but leaves the ladder empty (WARN
`... (falling through to guaranteed quotes)`), and a side left empty gets the guaranteed
quote floor (`guaranteed`): one order of `min_viable_size` at max(fee + tick, GLFT, floor)
from the microprice, skewed by inventory, whatever the side's capacity. See `tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import risk_budget
from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.guaranteed import FLOOR_CODES
from mmdiag.optimizer.v2026_02_17_tick_grid import CODE as EARLIER

CODE = replace(
    EARLIER,
    commit="d116d41",
    allocation=risk_budget.SOFTMAX_SMALL_UNIFORM,
    max_depth="range",
    floor=FLOOR_CODES[0],
)
VERSION = ladder.version(
    CODE,
    name="2026-02-18-tick-grid",
    first="2026-02-18",
    last="2026-02-18",
    summary=(
        "uniform sizes when capacity covers at most 4 minimum orders; an empty side (or no "
        "margin) gets the guaranteed floor: one min-viable order, capacity or not"
    ),
)
run = VERSION.run
inputs_from = VERSION.inputs_from
