"""The legacy path as released on 2026-01-12 (bot 85e8f1d): 50 % of the margin.

`MAX_MARGIN_UTILIZATION` 0.15 -> 0.50 (ladder_strat@85e8f1d:554); the rest is 2026-01-09's.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "85e8f1d"
MARGIN_MESSAGE = "Margin allocation (stochastic-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["cf72cbb"],
    margin="weighted",
    utilization=0.5,
    margin_message=MARGIN_MESSAGE,
    level_factor=1.5,
    retain_at_notional=True,
)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-12",
    commit=COMMIT,
    first="2026-01-12",
    last="2026-01-12",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=("50 % of the margin (was 15 %); the rest as 2026-01-09"),
    run=run,
    inputs_from=inputs_from,
    evidence=entropy_ladder.EVIDENCE,
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
