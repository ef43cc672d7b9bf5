"""The optimizer's per-level inputs, modelled from the bot's defaults (pure Python, no I/O).

The bot logs the optimizer's scalar inputs (capacity, margin, price, minimum sizes, number of
levels) but not its per-level ones. `level_profile` rebuilds those as `ladder_strat.rs` would at
its defaults, and `levels_reaching_optimizer` reproduces the ladder generator's filter that can
leave the optimizer with no level at all. SEED_TABLE.md holds the bot's own numbers for both.
"""

from mmdiag.optimizer.exchange import round_price, truncate_size
from mmdiag.profile.generator import (
    GeneratorLadder,
    generator_ladder,
    levels_reaching_optimizer,
    target_liquidity_cap,
)
from mmdiag.profile.levels import (
    KellyParams,
    LevelInputs,
    Profile,
    generated_depths,
    kelly_params,
    level_price,
    level_profile,
    optimal_depth_bps,
)
from mmdiag.profile.params import REGIME_MULTIPLIERS, ProfileParams, Side

__all__ = [
    "REGIME_MULTIPLIERS",
    "GeneratorLadder",
    "KellyParams",
    "LevelInputs",
    "Profile",
    "ProfileParams",
    "Side",
    "generated_depths",
    "generator_ladder",
    "kelly_params",
    "level_price",
    "level_profile",
    "levels_reaching_optimizer",
    "optimal_depth_bps",
    "round_price",
    "target_liquidity_cap",
    "truncate_size",
]
