"""The legacy path as released on 2026-01-27 (bot f926853): soft factor 1.1, level count at 1.05.

The optimizer's `notional_soft_factor` 1.5 -> 1.1 (entropy_optimizer.rs@f926853:63): sizes
between min_notional and 1.1 x min_notional (was 1.5 x) are pulled towards the minimum; the
level-count WARN uses 1.05 x min_notional / microprice (ladder_strat@f926853:895-935). Also in
this commit: the generator is asked for the full capacity (which levels exist, not how they
are sized). a5edeea, 0d5feac, b0a2dcd, 2eae429 (reduce-only cap of the capacity, an input
here), 4ed61c4, ca36abd, d842f38 and 8f6b8ac change depths, gamma or unused helpers only.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "f926853"
MARGIN_MESSAGE = "Margin allocation (stochastic-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["f926853"],
    margin="weighted",
    utilization=0.5,
    margin_message=MARGIN_MESSAGE,
    level_factor=1.05,
    retain_at_notional=True,
    fallback="notional",
)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-27",
    commit=COMMIT,
    first="2026-01-27",
    last="2026-02-06",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "the optimizer's soft notional band narrows to 1.1 x min_notional; the rest as 2026-01-13"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=entropy_ladder.EVIDENCE,
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
