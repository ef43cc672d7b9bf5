"""Legacy path, 2026-02-19 (5fd4533): the optimizer's cascade severity from tail_risk_intensity.

`build_market_regime` takes cascade_severity = clamp(tail_risk_intensity, 0, 1) instead of
(tail_risk_multiplier - 1) / 4 (ladder_strat@5fd4533:520-532). 9c244d9 (a Kelly cap on the
capacity), d747d09 and 14d177a (upstream), and 799d47e (should_pull_quotes no longer returns
an empty ladder; the regime and the guaranteed quote no longer read it) change nothing in
the sizing. Not reachable in a running bot (see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "5fd4533"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-19",
    margin=legacy_margin.INVENTORY,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    equal_weight_tiers=True,
    retain_at_or_above=True,
    diagnostics=True,
    skip_quotes_generator=False,
    zone_clear=1.0,
    guaranteed=True,
    intensity_regime=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-19-legacy",
    first="2026-02-19",
    last="2026-02-20",
    summary=("the entropy optimizer's cascade severity is clamp(tail_risk_intensity, 0, 1)"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
