"""Legacy path, 2026-02-28, early (57a1fbf): a Cartea-Jaimungal inventory target, and the
guaranteed size at the quote's price.

The usable margin is also scaled by warmup_size_mult; the ask share is clamp(0.5 - 0.35
tanh(2 (q* - q)), 0.15, 0.85), q* = 0.5 tanh(SNR / 2), SNR = drift_rate_per_sec_raw x 1e4 /
drift_uncertainty_bps (0 at an uncertainty <= 1e-6), q the inventory ratio (INFO `Margin
allocation (Cartea-Jaimungal SNR-scaled inventory)`); the guaranteed quote's size is the
smallest multiple of the size step worth min_notional at the quote's own price, at least
min_viable_size (ladder_strat@57a1fbf:1429-1497, 2613-2720). Not reachable in a running bot
(see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "57a1fbf"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-28",
    margin=legacy_margin.CARTEA_JAIMUNGAL,
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
    name="2026-02-28-early-legacy",
    first="2026-02-28",
    last="2026-02-28",
    summary=(
        "margin split toward a drift-SNR inventory target (Cartea-Jaimungal), scaled by "
        "warm-up; the guaranteed order is worth min_notional at its own price"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
