"""2026-02-17-tick-grid (71a9ef8, 2026-02-17 15:28; 8ed6c98 and 289a9ef change nothing it
does): softmax allocation.

The range becomes the tier's `depth_range_multiplier` x the touch (or `kappa_spread_bps` when
wider), at most 100 bps; fewer levels under 15 % API headroom; sizes by utility softmax
(temperature from the regime, warm-up and the yellow inventory zone, raised until the entropy
reaches 1 bit), capped at the tier's single-order fraction, lifted to 5 % of the capacity out
of the capped excess, truncated, kept at `min_viable_size` while the margin lasts; INFO
`Tick-grid ladder: utility-weighted softmax allocation`. No margin: the generator's own
ladder. See `tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import risk_budget
from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.v2026_02_17_tick_grid_greedy import CODE as EARLIER

CODE = replace(
    EARLIER,
    commit="71a9ef8",
    allocation=risk_budget.SOFTMAX,
    max_depth="kappa_range",
    message=ladder.SOFTMAX_MESSAGE,
    headroom_levels=True,
)
VERSION = ladder.version(
    CODE,
    name="2026-02-17-tick-grid",
    first="2026-02-17",
    last="2026-02-17",
    summary=(
        "tick-grid path with utility-softmax sizes (capped per level, truncated, kept at the "
        "minimum viable size); a side under the minimum gets no order"
    ),
)
run = VERSION.run
inputs_from = VERSION.inputs_from
