"""2026-02-19-tick-grid (3ae518f; 5fd4533, 9c244d9 to 9a9f266 change nothing it does, and
799d47e only stops a `should_pull_quotes` cycle from emptying the ladder first): ticks scored
by spread capture over adverse selection.

`use_sc_as_ratio`: utility = P(fill) x max(depth - AS - fee, sigma_bps x sqrt(tau / 2 pi)) /
max(AS, 0.01), so every tick scores above zero. See `tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.v2026_02_19_tick_grid_zones import CODE as EARLIER

CODE = replace(EARLIER, commit="3ae518f", sc_as_ratio=True)
VERSION = ladder.version(
    CODE,
    name="2026-02-19-tick-grid",
    first="2026-02-19",
    last="2026-02-22",
    summary="ticks scored by spread capture over adverse selection",
)
run = VERSION.run
inputs_from = VERSION.inputs_from
