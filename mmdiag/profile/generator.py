"""The ladder generator's own size filter, which runs before the optimizer (SEED_TABLE.md Table B).

`Ladder::generate` (strat@d8bb6a1:573) spreads `target_liquidity` over the levels with
`allocate_sizes` and drops every share under `min_level_size`, then `build_raw_ladder` drops what
truncates to nothing or falls under $10. Only the survivors become optimizer levels (the
`bids_before` of the "All bid levels filtered out" warning). When none survive the optimizer
never runs and nothing is logged: the "ladder_empty" incidents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mmdiag.optimizer.exchange import truncate_size
from mmdiag.profile.levels import (
    DEFAULT_PARAMS,
    EPSILON,
    adverse_selection_bps,
    level_depths,
    level_price,
    validate_market,
)
from mmdiag.profile.params import ProfileParams, Side, require_count, require_finite

#: MIN_ORDER_NOTIONAL (market_maker/mod.rs:52, 1112).
MIN_NOTIONAL_USD = 10.0
#: LadderConfig.min_level_size (quoting/ladder/mod.rs:99).
MIN_LEVEL_SIZE = 0.001


@dataclass(frozen=True)
class GeneratorLadder:
    """One side of `Ladder::generate`'s output, level by level, before the optimizer."""

    side: Side
    target_liquidity: float
    #: The generator's horizon for λ: the holding time, not the Kelly τ.
    holding_time: float
    depths_bps: tuple[float, ...]
    prices: tuple[float, ...]
    fill_intensities: tuple[float, ...]
    #: δ − AS(δ) − fees, **not** clamped at 0 (depth_decay.rs:146-155).
    spread_captures: tuple[float, ...]
    #: `allocate_sizes`: target_liquidity × share of λ·SC, 0 under min_level_size.
    allocated_sizes: tuple[float, ...]
    #: `truncate_float(size, sz_decimals)` of the allocated sizes.
    truncated_sizes: tuple[float, ...]
    #: Indices of the levels that reach the optimizer, best first.
    surviving: tuple[int, ...]

    @property
    def levels_reaching_optimizer(self) -> int:
        """`bids_before` (or `asks_before`): 0 means the optimizer is never called."""
        return len(self.surviving)


def target_liquidity_cap(
    account_value: float, price: float, leverage: float, params: ProfileParams = DEFAULT_PARAMS
) -> float:
    """The binary's `min(target_liquidity_cfg, 0.4·min(max_position_cfg, acct·lev·0.5/price))`.

    bin/market_maker.rs:276-278, 296-298, 926-932 (SEED_TABLE.md Table B).
    """
    by_account = account_value * leverage * 0.5 / price
    return min(params.target_liquidity_cfg, 0.4 * min(params.max_position_cfg, by_account))


def generator_fill_intensity(depth_bps: float, params: ProfileParams) -> float:
    """The generator's λ = κ·min(1, (σ√T/δ)²), T the holding time; 0 at depth 0 (gen:317-327)."""
    depth = depth_bps / 10000.0
    if depth < EPSILON:
        return 0.0
    ratio = (params.sigma * math.sqrt(params.holding_time)) / depth
    return min(ratio * ratio, 1.0) * params.kappa


def allocate_sizes(
    intensities: tuple[float, ...],
    spreads: tuple[float, ...],
    total_size: float,
    min_size: float,
) -> tuple[float, ...]:
    """gen@d8bb6a1:350-383: shares of max(λ·SC, 0), each zeroed when under `min_size`."""
    values = [max(lam * sc, 0.0) for lam, sc in zip(intensities, spreads, strict=True)]
    total = 0.0
    for value in values:  # left to right, like Rust's iter().sum()
        total += value
    if total <= EPSILON:
        return tuple(0.0 for _ in values)
    sizes = (total_size * value / total for value in values)
    return tuple(0.0 if size < min_size else size for size in sizes)


def generator_ladder(
    account_value: float,
    price: float,
    leverage: float,
    levels: int = 5,
    *,
    side: Side = "bid",
    target_liquidity: float | None = None,
    min_level_size: float = MIN_LEVEL_SIZE,
    min_notional: float = MIN_NOTIONAL_USD,
    sz_decimals: int = 5,
    price_decimals: int = 1,
    params: ProfileParams = DEFAULT_PARAMS,
) -> GeneratorLadder:
    """Run the generator's allocation and `build_raw_ladder` filter for one side.

    `target_liquidity` defaults to the binary's cap (`target_liquidity_cap`); pass it to
    override. The symmetric generator path is modelled (both sides share one depth array, so
    the side is not halved: gen@d8bb6a1:28-98), with a flat position (no inventory skew).
    """
    validate_market(price, levels, leverage, side)
    require_finite("account_value", account_value)
    require_finite("min_level_size", min_level_size)
    require_finite("min_notional", min_notional)
    require_count("sz_decimals", sz_decimals, minimum=0)
    require_count("price_decimals", price_decimals, minimum=0)
    if target_liquidity is None:
        target_liquidity = target_liquidity_cap(account_value, price, leverage, params)
    require_finite("target_liquidity", target_liquidity)
    depths = level_depths(levels, params)
    intensities = tuple(generator_fill_intensity(d, params) for d in depths)
    spreads = tuple(d - adverse_selection_bps(d, params) - params.fees_bps for d in depths)
    total_size = target_liquidity * params.cascade_size_factor
    allocated = allocate_sizes(intensities, spreads, total_size, min_level_size)
    prices = tuple(level_price(price, d, side, price_decimals) for d in depths)
    truncated = tuple(truncate_size(size, sz_decimals) for size in allocated)
    surviving = tuple(
        i
        for i, size in enumerate(allocated)
        if not size < EPSILON and prices[i] * truncated[i] >= min_notional
    )
    return GeneratorLadder(
        side=side,
        target_liquidity=target_liquidity,
        holding_time=params.holding_time,
        depths_bps=depths,
        prices=prices,
        fill_intensities=intensities,
        spread_captures=spreads,
        allocated_sizes=allocated,
        truncated_sizes=truncated,
        surviving=surviving,
    )


def levels_reaching_optimizer(
    account_value: float,
    price: float,
    leverage: float,
    levels: int = 5,
    *,
    side: Side = "bid",
    target_liquidity: float | None = None,
    min_level_size: float = MIN_LEVEL_SIZE,
    min_notional: float = MIN_NOTIONAL_USD,
    sz_decimals: int = 5,
    price_decimals: int = 1,
    params: ProfileParams = DEFAULT_PARAMS,
) -> int:
    """How many levels survive the generator: SEED_TABLE.md Table B's `bids_before`."""
    ladder = generator_ladder(
        account_value,
        price,
        leverage,
        levels,
        side=side,
        target_liquidity=target_liquidity,
        min_level_size=min_level_size,
        min_notional=min_notional,
        sz_decimals=sz_decimals,
        price_decimals=price_decimals,
        params=params,
    )
    return ladder.levels_reaching_optimizer
