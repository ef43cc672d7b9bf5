"""The legacy path as released on 2026-02-28 (bot 4156b33): conviction in the margin split.

With conviction_corroboration >= 2 and conviction_score > 0.3 the inventory target is
conviction_q_target; conviction_margin_shift is added to the ask share before its clamp
(INFO `Margin allocation (Cartea-Jaimungal SNR-scaled + conviction)`)
(ladder_strat@4156b33:1476-1494). 21d9913 changes nothing in the sizing. Not reachable in a
running bot (see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "4156b33"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-28",
    margin=legacy_margin.CONVICTION,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    equal_weight_tiers=True,
    retain_at_or_above=True,
    diagnostics=True,
    skip_quotes_generator=False,
    zone_clear=0.9,
    guaranteed=True,
    intensity_regime=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-28-legacy",
    first="2026-02-28",
    last="2026-03-02",
    summary=("the Cartea-Jaimungal split follows a corroborated conviction target and shift"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
