"""Legacy path, 2026-02-27 (a90ca2e): margin split by the exposure budgets' asymmetry.

q = clamp((bid budget - ask budget) / (2 dynamic_max_position), +-1); the ask share is
clamp(0.5 + clamp(sign(q) |q| 0.3 clamp(gamma multiplier, 0.5, 2) (1 + urgency / 2),
+-0.35), 0.15, 0.85), urgency = clamp(drift sign x sign(q) x belief_confidence, 0, 1)
(INFO `Margin allocation (GLFT-derived, gamma-scaled)`) (ladder_strat@a90ca2e:1414-1461).
Not reachable in a running bot (see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "a90ca2e"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-27",
    margin=legacy_margin.Q_RATIO,
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
    name="2026-02-27-legacy",
    first="2026-02-27",
    last="2026-02-27",
    summary=(
        "margin split by the bid/ask exposure budgets' asymmetry, scaled by gamma and urgency"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
