"""Legacy path, 2026-03-03 (3c0b542, to the head): the self-impact cap.

After the per-level cap no order may exceed self_impact_max_ratio (LadderConfig, 0.30) x the
book's near-touch depth in coins (near_touch_depth_usd / microprice), when both are positive;
the capped size is not truncated to sz_decimals (INFO `Self-impact cap applied (legacy):
order sizes capped to avoid book dominance`) (ladder_strat@3c0b542:2530-2554, 3156-3161).
283f96d, d2a105e (the tick grid), d7d516f, 602f580 and 292edfa (a closing bias in the
generator's prices, upstream of the levels) change nothing in this path's sizing to the head
(6c17115). Not reachable in a running bot (see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "3c0b542"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-03-03",
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
    self_impact=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-03-03-legacy",
    first="2026-03-03",
    last=None,
    summary=(
        "no order above 30% of the near-touch book depth (not truncated); unchanged to the head"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
