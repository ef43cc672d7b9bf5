"""The legacy path as released on the morning of 2026-01-08 (bot c918f07, 07:36): fewer levels.

15 % of the margin (the INFO still says 33 %), and the ladder cut to the number of levels
the side's capacity allows: max(floor(capacity / (1.5 x min_notional / microprice)), 1)
(0 when capacity <= EPSILON), under `num_levels` (25 from this commit:
quoting/ladder/mod.rs@c918f07); WARN `Reducing ladder levels due to tight exchange limits`
when either side is cut (ladder_strat@c918f07:547-601, 705-751). Utilities, retain and
warning as 2026-01-04. cf72cbb (17:04 the same day) undoes the cut: version 2026-01-08.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "c918f07"
MARGIN_MESSAGE = "Margin allocation (33% utilization, inventory-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["3f3f2a9"],
    margin="inventory",
    utilization=0.15,
    margin_message=MARGIN_MESSAGE,
    level_factor=1.5,
    truncates_levels=True,
)


def run(**inputs: Any) -> SideSizing:
    return entropy_ladder.side_sizing(ERA, **inputs)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    return entropy_ladder.inputs_from(ERA, state, draws)


VERSION = SizingVersion(
    name="2026-01-08-early",
    commit=COMMIT,
    first="2026-01-08",
    last="2026-01-08",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "15 % of the margin, inventory split; the ladder cut to capacity / (1.5 x "
        "min_notional / price) levels; the rest as 2026-01-04"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=(
        *entropy_ladder.EVIDENCE,
        "Reducing ladder levels due to tight exchange limits",
    ),
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
