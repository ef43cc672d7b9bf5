"""The legacy path as released on 2026-01-08 (bot cf72cbb, 17:04): ranked utilities, $8 retain.

The entropy optimizer's utility becomes each level's rank of P(fill) x max(SC, 0) mapped onto
[-1, 1] (entropy_distribution.rs@cf72cbb:286-322, a stable sort: ties keep ladder order);
the ladder is no longer cut (the level-count WARN stays, a DEBUG follows), and the retain
keeps sizes above 0.8 x min_notional / microprice (ladder_strat@cf72cbb:705-760, 996-1001),
so a level of $8-$10 survives to placement, where the exchange's $10 minimum rejects it.
The warning keeps its text `All bid levels filtered out (sizes too small)`.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "cf72cbb"
MARGIN_MESSAGE = "Margin allocation (33% utilization, inventory-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["cf72cbb"],
    margin="inventory",
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
    name="2026-01-08",
    commit=COMMIT,
    first="2026-01-08",
    last="2026-01-08",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "utilities become the rank of P(fill) x SC+; no level cut; retain above 0.8 x "
        "min_notional / price"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=entropy_ladder.EVIDENCE,
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
