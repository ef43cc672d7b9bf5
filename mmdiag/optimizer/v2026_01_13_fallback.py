"""The legacy path as released on 2026-01-13 (bot 0ef4b4c, 10:49; 72976cd and 0e4ea5c the same day).

The fallback of 2026-01-13-early fires on its notional alone: truncate(capacity) x microprice
>= min_notional and the size > 1e-10 (ladder_strat@0ef4b4c:1068-1160), so a capacity of
exactly min_notional / microprice now quotes. 72976cd changes gamma only; 0e4ea5c removes
the ConstrainedLadderOptimizer branches (off by default) and the `use_constrained_optimizer`
gate (on by default): no change to what a side gets.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "0ef4b4c"
MARGIN_MESSAGE = "Margin allocation (stochastic-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["cf72cbb"],
    margin="weighted",
    utilization=0.5,
    margin_message=MARGIN_MESSAGE,
    level_factor=1.5,
    retain_at_notional=True,
    fallback="notional",
)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-13",
    commit=COMMIT,
    first="2026-01-13",
    last="2026-01-26",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "the fallback on notional alone (truncated capacity x price >= min_notional); the "
        "rest as 2026-01-13-early"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=(
        *entropy_ladder.EVIDENCE,
        "Bid concentration fallback: collapsed to single order at tightest depth",
        "Ask concentration fallback: collapsed to single order at tightest depth",
        "All bid levels filtered out (total size below min_notional)",
        "All ask levels filtered out (total size below min_notional)",
    ),
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
