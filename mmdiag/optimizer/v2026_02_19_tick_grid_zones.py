"""2026-02-19-mid-tick-grid (547f779, 2026-02-19 17:35): inventory zones by ratio.

The position zones go: the softmax runs hotter from |inventory ratio| 0.6 up (not only in
0.6-0.8), and a side is cleared (no tick level, no floor) only at 1.0 (was 0.8). See
`tick_grid_ladder`.
"""

from __future__ import annotations

import math
from dataclasses import replace

from mmdiag.optimizer import tick_grid_ladder as ladder
from mmdiag.optimizer.guaranteed import FLOOR_CODES
from mmdiag.optimizer.v2026_02_19_tick_grid_min_cap import CODE as EARLIER

CODE = replace(
    EARLIER, commit="547f779", yellow=(0.6, math.inf), clear_at=1.0, floor=FLOOR_CODES[1]
)
VERSION = ladder.version(
    CODE,
    name="2026-02-19-mid-tick-grid",
    first="2026-02-19",
    last="2026-02-19",
    summary="the accumulating side is cleared at 100 % inventory (was 80 %)",
)
run = VERSION.run
inputs_from = VERSION.inputs_from
