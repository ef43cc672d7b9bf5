"""The legacy path as released on 2026-01-04 (bot 380a974, with 3f3f2a9's entropy files).

ladder_strat sizes each side with the entropy optimizer (`use_entropy_distribution` defaults
to true: config.rs@380a974:613) over the side's whole `margin_available` and capacity,
truncates each size to sz_decimals, keeps sizes above EPSILON and warns `All bid levels
filtered out (sizes too small)` when a side had levels and none is left
(ladder_strat@380a974:498-513, 669-742, 848-876). Utilities are 3f3f2a9's:
SC+ - 2 SC- + 0.5 ln(P_fill + 1e-6); the optimizer's soft notional constraint (factor 1.5)
drops what is under 0.8 x min_notional and raises the rest of what is under min_notional to
min_notional / microprice.

ae20721 (rustfmt), eb320d8, e9bb7c7 and 5aa94f0 (depths, kappa, skew inputs: what the levels
are, not how they are sized) change nothing here. Not from the log: see `NOT_FROM_LOG`; the
ConstrainedLadderOptimizer branches (`use_entropy_distribution` or `use_constrained_optimizer`
set to false in the config) are not ported here.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "380a974"
ERA = entropy_ladder.Era(commit=COMMIT, code=entropy.CODES["3f3f2a9"], margin="whole", num_levels=5)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-04",
    commit=COMMIT,
    first="2026-01-04",
    last="2026-01-05",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "the entropy optimizer (softmax of utilities, entropy floor, Thompson sampling, soft "
        "$10 constraint) over the whole margin; sizes truncated, those above EPSILON kept; "
        "'All ... levels filtered out (sizes too small)' when none is left"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=entropy_ladder.EVIDENCE,
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
