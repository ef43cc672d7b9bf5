"""The legacy path as released on 2026-01-09 (bot a705e28): flow and urgency in the split.

w_ask = clamp(0.5 + 0.6 x 0.4 r + 0.3 x 0.3 flow (1 - |r|) + 0.1 x u, 0.25, 0.75), r the
inventory ratio, u = +-0.2 min(urgency_score, 1) (the sign of r) when
`position_opposes_momentum`; INFO `Margin allocation (stochastic-weighted split)`, which logs
inventory_ratio, flow_imbalance, position_opposes and urgency_score too
(ladder_strat@a705e28:547-643). 62641c1 only rewraps lines. The rest is 2026-01-08's.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "a705e28"
MARGIN_MESSAGE = "Margin allocation (stochastic-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["cf72cbb"],
    margin="weighted",
    utilization=0.15,
    margin_message=MARGIN_MESSAGE,
    level_factor=1.5,
    retain_at_notional=True,
)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-09",
    commit=COMMIT,
    first="2026-01-09",
    last="2026-01-11",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "15 % of the margin split by inventory, flow imbalance and urgency (25-75 %); the "
        "rest as 2026-01-08"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=(
        *entropy_ladder.EVIDENCE,
        "Margin allocation (stochastic-weighted split)",
    ),
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
