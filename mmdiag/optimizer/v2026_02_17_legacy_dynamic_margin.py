"""Legacy path, 2026-02-17 (6a432ff): a regime-dependent margin share; the path runs only without
the tick grid.

The optimizers share `dynamic_margin_utilization(regime_gamma_multiplier,
kill_switch_headroom, adaptive_warmup_progress)` of margin_available: 85 % calm (gamma
multiplier <= 1.1) down to 50 % extreme, times 0.5 + headroom below 50 % kill-switch
headroom, +5 % before 30 % warm-up, clamped to [30 %, 90 %] (ladder_strat@6a432ff:35-81,
1463-1475). From this commit the legacy path runs only when `capital_policy.use_tick_grid`
is off, and every tier's policy turns it on (config/capacity.rs@6a432ff `from_tier`, to the
head): in a running bot this path is never taken from here on. 71a9ef8 and 8ed6c98 change
only the tick grid; 289a9ef only upstream AS multipliers.
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "6a432ff"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-17",
    margin=legacy_margin.DIRECTIONAL_DYNAMIC,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    equal_weight_tiers=True,
    retain_at_or_above=True,
    diagnostics=True,
    zone_clear=0.8,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-17-legacy",
    first="2026-02-17",
    last="2026-02-17",
    summary=(
        "a regime-dependent share of the margin (30-90%); unreachable in a running bot: the "
        "tick grid is on for every capital tier"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
