"""2026-03-04-tick-grid (d2a105e; 283f96d, d7d516f, 292edfa and the head 6c17115 change
nothing it does): the bot's newest tick grid.

The touch tick is always selected (others by positive utility); adverse selection decays over
the touch depth clamped to 3-30 bps (was 10); the softmax's entropy floor is
max(log2(levels) - 1, 1) bits and its minimum level fraction 1 / (2 x levels). See
`tick_grid_ladder`.
"""

from __future__ import annotations

from dataclasses import replace

from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.v2026_03_03_tick_grid_self_impact import CODE as EARLIER

CODE = replace(EARLIER, commit="d2a105e", scaled_decay=True, touch_always=True)
VERSION = ladder.version(
    CODE,
    name="2026-03-04-tick-grid",
    first="2026-03-04",
    last=None,
    summary=(
        "the touch tick always selected, AS decay and the softmax's entropy floor scaled to "
        "the touch and the level count"
    ),
)
run = VERSION.run
inputs_from = VERSION.inputs_from
