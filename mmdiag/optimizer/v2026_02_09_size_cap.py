"""The legacy path as released on 2026-02-09 (bot ce98505): orders capped at 25 % of max_position.

After the entropy optimizer and truncation no order may exceed max(max_position x 25 %,
1.05 x min_notional / microprice), truncated to sz_decimals (INFO `Per-level size cap applied:
no single order exceeds 25% of risk max position`; `max_position` is the user's limit, not the
margin-based capacity); the concentration fallback's order is min(capacity, that cap) instead
of the whole capacity (INFO `Bid concentration fallback: single order at tightest depth
(size-capped)`). The margin split (50 %, inventory, flow, urgency and knife scores), level
count and retain are 2026-02-07's (ladder_strat@ce98505:19-26, 1529-1678). Same day:
3869c73 (a comment), f85e26a, c622f6f and 96f6956 (config and generator defaults) change
nothing here; 6d31c6a (2026-02-10) opens the next version.
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "ce98505"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-09",
    margin=legacy_margin.KNIFE,
    entropy_settings=(2.0, 1.2, 0.04, 5),
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-09",
    first="2026-02-09",
    last="2026-02-09",
    summary=(
        "no order above max(25% of max_position, 1.05 x min_notional / price); the "
        "concentration fallback's order is capped the same way"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
