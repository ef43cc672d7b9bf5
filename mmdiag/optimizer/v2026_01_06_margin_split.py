"""The legacy path as released on 2026-01-06 (bot a8ddd8e): a share of the margin per side.

The entropy optimizer no longer gets the whole `margin_available`: ladder_strat keeps 33 % of
it (`usable_margin`) and gives the bids 1 - w and the asks w of that, w = clamp(0.5 + 0.2 x
position / effective_max_position, 0.3, 0.7) (inventory ratio clamped to [-1, 1], 0 when
effective_max_position <= EPSILON), and logs INFO `Margin allocation (33% utilization,
inventory-weighted split)` with `margin_for_bids`/`margin_for_asks` (2 decimals) before the
`available_margin < EPSILON` skip (ladder_strat@a8ddd8e:543-596, 770-780). The rest is
2026-01-04's. 3902349 (the same day) only rewraps a line.

The log holds the split: the INFO gives available_margin, inventory_ratio (3 decimals) and
both margins (2 decimals); `inputs_from` takes `inventory_ratio` from the options (flat, 0,
by default).
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "a8ddd8e"
MARGIN_MESSAGE = "Margin allocation (33% utilization, inventory-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["3f3f2a9"],
    margin="inventory",
    utilization=0.33,
    margin_message=MARGIN_MESSAGE,
    num_levels=5,
)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-06",
    commit=COMMIT,
    first="2026-01-06",
    last="2026-01-07",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "the entropy optimizer over 33 % of the margin, split between the sides by inventory "
        "(30-70 %); the rest as 2026-01-04"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=(
        *entropy_ladder.EVIDENCE,
        "Margin allocation (33% utilization, inventory-weighted split)",
    ),
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
