"""The legacy path as released on 2026-02-07 (bot d78f066): knife scores in the margin split.

A falling (rising) knife against a long (short) inventory with severity max(falling,
rising) > 0.5 raises the urgency to min(urgency + severity / 3, 1) (INFO `Momentum-opposed
position: amplifying urgency via falling/rising knife` when severity > 1) and counts as the
position opposing momentum; INFO `[SIGNALS] signal contribution summary` follows the margin
INFO (ladder_strat@d78f066:1043-1126). 41137c0 (CRLF line ends) and 7d2ec38 (per-side depth
multipliers) change nothing here; ce98505 (2026-02-09) opens the next era.
"""

from __future__ import annotations

import random
from typing import Any

from mmdiag.optimizer import entropy, entropy_ladder
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion

COMMIT = "d78f066"
MARGIN_MESSAGE = "Margin allocation (stochastic-weighted split)"
ERA = entropy_ladder.Era(
    commit=COMMIT,
    code=entropy.CODES["f926853"],
    margin="knife",
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
    name="2026-02-07",
    commit=COMMIT,
    first="2026-02-07",
    last="2026-02-08",
    inputs=entropy_ladder.inputs_of(ERA),
    paths=entropy_ladder.paths_of(ERA),
    summary=(
        "the margin split also weighs falling/rising-knife scores against the inventory; the "
        "rest as 2026-01-27"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=(
        *entropy_ladder.EVIDENCE,
        "[SIGNALS] signal contribution summary",
    ),
    stochastic=True,
    not_from_log=entropy_ladder.NOT_FROM_LOG,
)
