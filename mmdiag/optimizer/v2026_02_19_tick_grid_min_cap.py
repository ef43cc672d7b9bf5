"""2026-02-19-early-tick-grid (5923fbe, 2026-02-19 12:15): the per-level cap never under the
minimum.

`per_level_cap = max(position_capacity x max_single_order_fraction, min_viable_size)` in both
allocations, so a side whose capacity is a few minimum orders can place one (before, a Micro
side with under 2.5 minimum orders of capacity got a cap under the minimum and no order). See
`tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import risk_budget
from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.v2026_02_18_tick_grid_floor import CODE as EARLIER

CODE = replace(EARLIER, commit="5923fbe", allocation=risk_budget.SOFTMAX_FLOORED_CAP)
VERSION = ladder.version(
    CODE,
    name="2026-02-19-early-tick-grid",
    first="2026-02-19",
    last="2026-02-19",
    summary="the per-level cap is at least the minimum viable size",
)
run = VERSION.run
inputs_from = VERSION.inputs_from
