"""2026-02-17-early-tick-grid (6a432ff, 2026-02-17 15:03): the tick grid's first form, for 25
minutes.

The tier's `max_levels_per_side` ticks from `max(glft_optimal_bps, effective_floor_bps)` out to
`kappa_spread_bps` (or 4 x the touch), at least 2 x the touch; sizes by greedy water-filling
(best utility first, each up to `max_single_order_fraction` of the capacity, truncated, kept at
`min_viable_size`); INFO `Tick-grid ladder generated (exchange-aligned, unique prices by
construction)`. No margin: the generator's own ladder (WARN `... (warmup incomplete?)`).
See `tick_grid_ladder` for the steps and what the log cannot give.
"""

from __future__ import annotations

from mmdiag.optimizer import risk_budget
from mmdiag.optimizer import tick_grid_ladder as ladder

CODE = ladder.TickGridCode(
    commit="6a432ff",
    allocation=risk_budget.GREEDY,
    max_depth="kappa_x4",
    message=ladder.GREEDY_MESSAGE,
    yellow=(0.6, 0.8),
    clear_at=0.8,
    headroom_levels=False,
)
VERSION = ladder.version(
    CODE,
    name="2026-02-17-early-tick-grid",
    first="2026-02-17",
    last="2026-02-17",
    summary=(
        "tick-grid path: exchange ticks from the GLFT touch, greedy allocation by utility "
        "(each level up to the tier's single-order fraction, truncated, kept at the minimum "
        "viable size); no fallback"
    ),
)
run = VERSION.run
inputs_from = VERSION.inputs_from
