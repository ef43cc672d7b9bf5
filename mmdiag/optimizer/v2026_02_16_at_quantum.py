"""Legacy path, 2026-02-16 (412cebb): a level of exactly min_viable_size is kept.

The retain keeps size >= min_viable_size (> before) (ladder_strat@412cebb:1934-1941).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "412cebb"
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
    retain_at_or_above=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-16",
    first="2026-02-16",
    last="2026-02-16",
    summary=("levels at exactly min_viable_size are kept"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
