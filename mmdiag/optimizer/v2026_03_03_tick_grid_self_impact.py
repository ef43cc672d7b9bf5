"""2026-03-03-tick-grid (3c0b542): the self-impact cap.

After pricing, every size is capped at `self_impact_max_ratio` (0.30) x the near-touch book
depth in coins (INFO `Self-impact cap applied ...`), untruncated: a capped order can be under
`min_viable_size` (and the exchange's $10) or carry more decimals than sz_decimals. See
`tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.v2026_02_28_tick_grid_conviction import CODE as EARLIER

CODE = replace(EARLIER, commit="3c0b542", self_impact=True)
VERSION = ladder.version(
    CODE,
    name="2026-03-03-tick-grid",
    first="2026-03-03",
    last="2026-03-03",
    summary="sizes capped at 30 % of the near-touch book depth, untruncated",
)
run = VERSION.run
inputs_from = VERSION.inputs_from
