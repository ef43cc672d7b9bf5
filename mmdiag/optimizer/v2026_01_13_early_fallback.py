"""The legacy path as released on the morning of 2026-01-13 (bot 4cf34d4, 07:18): the fallback.

When a side had levels and the retain leaves none, the whole capacity, truncated to
sz_decimals, becomes one order at `min_depth_bps` (its price rounded to 5 significant
figures and `decimals`), provided it is above min_notional / microprice and worth
min_notional at the microprice: INFO `Bid concentration fallback: collapsed to single order
at tightest depth`; else WARN `All bid levels filtered out (total size below min_notional)`
(ladder_strat@4cf34d4:1043-1131). The fallback's size ignores the margin split.
0ef4b4c (10:49) drops the first test: version 2026-01-13.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "4cf34d4"
MARGIN_MESSAGE = "Margin allocation (stochastic-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["cf72cbb"],
    margin="weighted",
    utilization=0.5,
    margin_message=MARGIN_MESSAGE,
    level_factor=1.5,
    retain_at_notional=True,
    fallback="size_and_notional",
)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-13-early",
    commit=COMMIT,
    first="2026-01-13",
    last="2026-01-13",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "when the retain leaves a side empty, its whole capacity (truncated) in one order at "
        "min_depth_bps if above min_notional / price and worth min_notional"
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
