"""The bot's tick grid (quoting/ladder/tick_grid.rs, from 6a432ff on 2026-02-17): a side's
candidate levels are exchange ticks, `touch_depth_bps` to `max_depth_bps` from the mark, a
whole number of ticks apart; each is scored by fill probability and edge; the best
`max_levels` are kept.

Two changes after 6a432ff matter: 3ae518f (2026-02-19) scores by spread capture over adverse
selection (`use_sc_as_ratio`, which ladder_strat sets); d2a105e (2026-03-04) always keeps the
touch in the selection. 5fd4533 and d08470f only touched tests and formatting.

Integers follow the bot's casts: `ceil() as u32` saturates, and `touch + i * spacing` is u32
arithmetic that wraps (release builds do not check overflow), so a grid thousands of millions
of ticks wide wraps as the bot's does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from mmdiag.optimizer.numeric import fexp, fsqrt, rmax

_U32 = 2**32


def u32_of(x: float) -> int:
    """`x as u32`: saturating, NaN and negatives to 0."""
    if math.isnan(x) or x <= 0.0:
        return 0
    if x >= float(_U32 - 1):
        return _U32 - 1
    return math.floor(x)


def _ceil(x: float) -> float:
    return float(math.ceil(x)) if math.isfinite(x) else x


@dataclass(frozen=True)
class TickLevel:
    price: float
    depth_bps: float
    tick_offset: int
    utility: float = 0.0


@dataclass(frozen=True)
class TickGridConfig:
    mark_price: float
    tick_size: float
    tick_bps: float
    touch_depth_bps: float
    max_depth_bps: float
    max_levels: int
    min_tick_spacing_mult: float

    @classmethod
    def compute(
        cls,
        mark_price: float,
        tick_size: float,
        touch_depth_bps: float,
        max_depth_bps: float,
        max_levels: int,
        min_tick_spacing_mult: float,
    ) -> TickGridConfig:
        """tick_grid.rs@6a432ff:51-75. The range's far end is at least one tick past the
        touch as given (before the touch is raised to one tick)."""
        tick_bps = tick_size / mark_price * 10_000.0 if mark_price > 0.0 else 1.0
        return cls(
            mark_price=mark_price,
            tick_size=tick_size,
            tick_bps=tick_bps,
            touch_depth_bps=rmax(touch_depth_bps, tick_bps),
            max_depth_bps=rmax(max_depth_bps, touch_depth_bps + tick_bps),
            max_levels=max(max_levels, 1),
            min_tick_spacing_mult=rmax(min_tick_spacing_mult, 1.0),
        )


def spacing_ticks(config: TickGridConfig) -> int:
    """`compute_spacing_ticks` (tick_grid.rs@6a432ff:156-169)."""
    if config.max_levels <= 1:
        return 1
    range_bps = config.max_depth_bps - config.touch_depth_bps
    natural_spacing_bps = range_bps / float(config.max_levels - 1)
    min_spacing_bps = config.tick_bps * config.min_tick_spacing_mult
    spacing_bps = rmax(rmax(natural_spacing_bps, min_spacing_bps), config.tick_bps)
    return max(u32_of(_ceil(spacing_bps / config.tick_bps)), 1)


def enumerate_ticks(config: TickGridConfig, side: str) -> list[TickLevel]:
    """`enumerate_bid_ticks` / `enumerate_ask_ticks` (tick_grid.rs@6a432ff:82-150): from the
    touch outward, stopping past `max_depth_bps` (and, for bids, at a price <= 0)."""
    if config.mark_price <= 0.0 or config.tick_size <= 0.0 or config.max_levels == 0:
        return []
    spacing = spacing_ticks(config)
    touch = max(u32_of(_ceil(config.touch_depth_bps / config.tick_bps)), 1)
    levels = []
    for i in range(config.max_levels):
        tick_offset = (touch + (i * spacing) % _U32) % _U32
        if side == "bid":
            price = config.mark_price - float(tick_offset) * config.tick_size
            if price <= 0.0:
                break
            depth_bps = (config.mark_price - price) / config.mark_price * 10_000.0
        else:
            price = config.mark_price + float(tick_offset) * config.tick_size
            depth_bps = (price - config.mark_price) / config.mark_price * 10_000.0
        if depth_bps > config.max_depth_bps:
            break
        levels.append(TickLevel(price, depth_bps, tick_offset))
    return levels


@dataclass(frozen=True)
class TickScoringParams:
    sigma: float
    tau: float
    as_at_touch_bps: float
    as_decay_bps: float
    fee_bps: float
    use_sc_as_ratio: bool = False
    """3ae518f on (ladder_strat sets it); before, the field does not exist."""


def score_ticks(levels: list[TickLevel], params: TickScoringParams) -> list[TickLevel]:
    """`score_ticks` (tick_grid.rs@6a432ff:194-218, @3ae518f:214-253): P(fill) x edge, or
    P(fill) x spread capture / adverse selection."""
    sigma_sqrt_tau = params.sigma * fsqrt(params.tau)
    sigma_bps = params.sigma * 10_000.0
    spread_floor_vol_bps = sigma_bps * fsqrt(params.tau / (2.0 * math.pi))
    scored = []
    for level in levels:
        depth = level.depth_bps
        if depth < 1e-9 or sigma_sqrt_tau < 1e-12:
            p_fill = 1.0
        else:
            z = -(depth / 10_000.0) / sigma_sqrt_tau
            p_fill = 2.0 * std_normal_cdf(z)
        as_cost = params.as_at_touch_bps * fexp(-depth / rmax(params.as_decay_bps, 1.0))
        if params.use_sc_as_ratio:
            spread_capture_bps = rmax(depth - as_cost - params.fee_bps, spread_floor_vol_bps)
            utility = p_fill * (spread_capture_bps / rmax(as_cost, 0.01))
        else:
            utility = p_fill * (depth - as_cost - params.fee_bps)
        scored.append(replace(level, utility=utility))
    return scored


def select_optimal_ticks(
    levels: list[TickLevel], max_levels: int, touch_always: bool
) -> list[TickLevel]:
    """`select_optimal_ticks` (tick_grid.rs@6a432ff:223-250): the levels of positive utility
    (the touch alone if none), the best `max_levels` of them, by depth. From d2a105e
    (`touch_always`, tick_grid.rs@d2a105e:266-300) the touch is kept whatever its utility and
    the best `max_levels - 1` others join it. Both sorts are stable."""
    if not levels or max_levels == 0:
        return []
    if touch_always:
        others = _by_utility([level for level in levels[1:] if level.utility > 0.0])
        chosen = [levels[0], *others[: max(max_levels - 1, 0)]]
    else:
        candidates = [level for level in levels if level.utility > 0.0] or [levels[0]]
        chosen = _by_utility(candidates)[:max_levels]
    return sorted(chosen, key=lambda level: level.depth_bps)


def _by_utility(levels: list[TickLevel]) -> list[TickLevel]:
    """`sort_by(b.utility.partial_cmp(&a.utility))`: descending, ties in their order."""
    return sorted(levels, key=lambda level: level.utility, reverse=True)


def std_normal_cdf(x: float) -> float:
    """Abramowitz & Stegun 7.1.26 as tick_grid.rs@6a432ff:253-270 writes it."""
    a1, a2, a3, a4, a5 = 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429
    p = 0.3275911
    sign = -1.0 if x < 0.0 else 1.0
    x_abs = abs(x)
    t = 1.0 / (1.0 + p * x_abs)
    poly = ((((a5 * t + a4) * t) + a3) * t + a2) * t + a1
    y = 1.0 - poly * t * fexp(-x_abs * x_abs / 2.0)
    return 0.5 * (1.0 + sign * y)
