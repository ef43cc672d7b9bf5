"""Legacy path, 2026-02-16, early (2e9e412): the Micro and Small tiers skip the entropy optimizer.

The capital policy of the quote engine's tier (`CapitalAwarePolicy::from_tier`,
config/capacity.rs@2e9e412:371-437) skips the optimizer for Micro and Small: each level gets
capacity / levels, truncated (DEBUG `Skip entropy: equal-weight bid allocation`; no INFO
`Entropy optimizer applied`) (ladder_strat@2e9e412:1756-1814). The tier is the quote
engine's (CapacityBudget::compute: how many minimum orders the larger side's capacity holds,
0-2 Micro, 3-5 Small).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "2e9e412"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-16",
    margin=legacy_margin.DIRECTIONAL_70,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    zone_clear=0.8,
    equal_weight_tiers=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-16-early",
    first="2026-02-16",
    last="2026-02-16",
    summary=(
        "the Micro and Small capital tiers split the capacity equally instead of the "
        "entropy optimizer"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
