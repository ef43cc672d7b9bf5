"""What holds for every per-level profile: the optimizer's capacity, each version's minimum
size, the order price bounds, and OPTIMIZER.md's facts.

Capacities here are the optimizer's: `min(side capacity, margin / margin_per_unit)`, with
`margin_per_unit = price / max(leverage, 1)` (strat@d8bb6a1:465, OPTIMIZER_DETAILS.md §8).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mmdiag.optimizer import LevelParams, OptimizerInputs
from mmdiag.optimizer.allocation import capacity as allocation_capacity
from mmdiag.optimizer.numeric import EPSILON
from mmdiag.profile import ProfileParams, level_price, truncate_size
from mmdiag.replay.inputs import ReplayInputs, _side
from mmdiag.replay.text import coins_text, price_text, usd_text

EFFECTIVE_MIN_FLOOR = 1e-8

#: A computed raw size can differ from capacity × share by a few float roundings (a sum over at
#: most 100 weights, a product, a quotient): far less than this relative allowance. The facts
#: bound the largest raw size by capacity × (1 + SLACK) and the largest level's by
#: capacity / levels × (1 − SLACK), so a "certain" answer cannot hang on the last bit.
SLACK = 1e-12


@dataclass(frozen=True)
class Room:
    """The optimizer's capacity (steps 4-7 of OPTIMIZER.md), computed with its own arithmetic."""

    capacity: float
    """min(side capacity, margin / margin_per_unit), coins."""
    binding: str
    """`Margin`, `Position` or `None`, as the optimizer reports it."""
    by_margin: float | None
    """margin / margin_per_unit, coins; None when the margin is unknown."""


def optimizer_room(inputs: ReplayInputs) -> Room:
    margin = math.inf if inputs.margin is None else inputs.margin
    room = allocation_capacity(
        _optimizer_inputs(inputs, margin),
        [LevelParams(0.0, 0.0, 0.0, inputs.margin_per_unit, 0.0)],
    )
    by_margin = None if inputs.margin is None else inputs.margin / inputs.margin_per_unit
    return Room(room.capacity, room.binding, by_margin)


def _optimizer_inputs(inputs: ReplayInputs, margin: float) -> OptimizerInputs:
    return OptimizerInputs(
        margin_available=margin,
        max_position=inputs.side_capacity,
        min_size=inputs.min_level_size,
        min_notional=inputs.min_notional,
        price=inputs.price,
        leverage=inputs.effective_leverage,
    )


#: Why `Facts.quotes` is what it is (see `explain_facts` for the sentences).
REASONS = (
    "levels_pass",
    "under_min_size",
    "under_min_notional",
    "truncation",
    "order_price",
    "split_over_levels",
)


@dataclass(frozen=True)
class Facts:
    """What OPTIMIZER.md's facts say for one version at one state, for every per-level profile
    whose weights are shares that sum to 1 (a profile whose weights are all 0 quotes nothing:
    `ReplayResult.certain` checks the modelled one)."""

    min_size: float
    """m: the version's minimum size (coins)."""
    quotes: bool | None
    """Whether an order the exchange accepts is placed; None when it depends on the profile."""
    fallback: str
    """Fixed version: `not_needed` (the largest level certainly passes the optimizer's filter),
    `cannot_fire` (capacity under m, or not worth min_notional), or `fires_or_levels`. The
    version before the fix has no fallback: `absent`."""
    reason: str
    """One of REASONS: `levels_pass` (quotes), `under_min_size`, `under_min_notional`,
    `truncation` (no order, or it depends: truncation to sz_decimals decides), `order_price` (it
    depends: a deep level's price decides), `split_over_levels` (it depends: capacity / levels is
    under the minimum, so whether a level passes or the fallback fires hangs on the weights)."""
    capacity: float
    """The optimizer's capacity: min(side capacity, margin / margin_per_unit), coins."""
    binding: str
    """Which limit set that capacity: `Margin`, `Position` or `None`."""
    level_passes: bool | None
    """The largest level certainly passes the optimizer's own filter (True), no level can
    (False), or it depends (None). True means the fallback does not fire."""
    share: float
    """capacity / levels: the largest level's raw size is at least this, coins."""
    lowest_order_price: float
    """The lowest price any level of the side can be quoted at, USD."""
    highest_order_price: float
    """The highest price any level of the side can be quoted at, USD."""


def effective_min_size(version: str, inputs: ReplayInputs) -> float:
    """min_size before the fix; max(min_notional / price, 0.1 × min_size, 1e-8) after it."""
    if version == "pre_fallback":
        return inputs.min_level_size
    dynamic = max(inputs.min_notional / inputs.price, 0.1 * inputs.min_level_size)
    return max(dynamic, EFFECTIVE_MIN_FLOOR)


def deepest_depth_bps(params: ProfileParams | None = None) -> float:
    """The deepest level any profile puts on the ladder: the explicit depths' deepest, or the
    depth generator's cap (max_depth_bps, 200 by default; every depth is then raised to the
    spread floor)."""
    p = params or ProfileParams()
    if p.depths is not None:
        return max(p.depths)
    return max(p.max_depth_bps, p.spread_floor_bps)


def order_price_bounds(
    inputs: ReplayInputs, params: ProfileParams | None = None
) -> tuple[float, float]:
    """(lowest, highest) price, USD, at which any level of the side can be quoted, for every
    per-level profile: prices are rounded as the bot rounds them (nearest, five significant
    figures), so a bid at depth 0 can sit a hair above the mid."""
    p = params or ProfileParams()
    deepest = deepest_depth_bps(p)
    shallowest = min(p.depths) if p.depths is not None else 0.0
    near = level_price(inputs.price, shallowest, _side(inputs), inputs.price_decimals)
    far = level_price(inputs.price, deepest, _side(inputs), inputs.price_decimals)
    return (far, near) if inputs.side == "bid" else (near, far)


def facts(version: str, inputs: ReplayInputs, params: ProfileParams | None = None) -> Facts:
    """OPTIMIZER.md's facts, with the margin limit, the truncation and the order's price.

    `params` only bounds the levels' depths (explicit `depths`, or the generator's cap); the
    facts hold for any weights.
    """
    m = effective_min_size(version, inputs)
    room = optimizer_room(inputs)
    cap, price, mn = room.capacity, inputs.price, inputs.min_notional
    lowest, highest = order_price_bounds(inputs, params)
    share = cap / inputs.levels
    largest = cap * (1 + SLACK)  # no raw size exceeds this
    smallest_top = share * (1 - SLACK)  # the largest level's raw size is at least this
    fixed = version == "with_fallback"

    def make(quotes: bool | None, reason: str, passes: bool | None) -> Facts:
        if not fixed:
            fallback = "absent"
        elif passes:
            fallback = "not_needed"
        elif cap >= m and cap * price >= mn:
            fallback = "fires_or_levels"
        else:
            fallback = "cannot_fire"
        return Facts(m, quotes, fallback, reason, cap, room.binding, passes, share, lowest, highest)

    if largest < m:
        return make(False, "under_min_size", False)
    if largest * price < mn:
        return make(False, "under_min_notional", False)
    whole = truncate_size(largest, inputs.sz_decimals)
    if whole <= EPSILON or whole * highest < mn:
        # Even the whole capacity in one order is under min_notional once truncated: the
        # fallback may fire, and its order is still skipped at placement.
        return make(False, "truncation", None)
    if smallest_top >= m and smallest_top * price >= mn:
        top = truncate_size(smallest_top, inputs.sz_decimals)
        if top > EPSILON and top * lowest >= mn:
            return make(True, "levels_pass", True)
        reason = "truncation" if top <= EPSILON or top * price < mn else "order_price"
        return make(None, reason, True)
    return make(None, "split_over_levels", None)


def explain_facts(f: Facts, inputs: ReplayInputs) -> str:
    """Why the facts say what they say, in one clause (sizes in coins, values in USD)."""
    coin, price, mn, d = inputs.coin, inputs.price, inputs.min_notional, inputs.sz_decimals
    cap = f"the optimizer's capacity {coins_text(f.capacity, coin)}"
    if f.binding == "Margin":
        cap += f" (set by the margin: {usd_text(inputs.margin or 0.0)} at "
        cap += f"{inputs.effective_leverage:g}x)"
    share = f"capacity / {inputs.levels} levels = {coins_text(f.share, coin)}"
    minimum = f"the {coins_text(f.min_size, coin)} minimum"
    # The largest level's raw size is at least this once truncated (as `facts` bounds it).
    top = truncate_size(f.share * (1 - SLACK), d)
    if f.reason == "levels_pass":
        return (
            f"{share} passes {minimum} and, truncated to {d} decimals ({coins_text(top, coin)}), "
            f"is worth at least {usd_text(top * f.lowest_order_price)} at the lowest order "
            f"price {price_text(f.lowest_order_price)}"
        )
    if f.reason == "under_min_size":
        return f"{cap} is under {minimum}"
    if f.reason == "under_min_notional":
        return (
            f"{cap} is worth {usd_text(f.capacity * price, mn)} at the mid, under the "
            f"{usd_text(mn)} minimum"
        )
    if f.reason == "truncation" and f.quotes is False:
        whole = truncate_size(f.capacity, d)
        return (
            f"{cap}, even in one order, truncates to {coins_text(whole, coin)} ({d} decimals), "
            f"worth at most {usd_text(whole * f.highest_order_price, mn)}, under the "
            f"{usd_text(mn)} minimum"
        )
    if f.reason == "truncation":
        return (
            f"{share} passes {minimum}, but truncated to {d} decimals "
            f"({coins_text(top, coin)}) it is worth {usd_text(top * price, mn)} at the mid: an "
            f"order survives only where the profile gives a level more than that"
        )
    if f.reason == "order_price":
        return (
            f"{share} passes {minimum} and truncates to {coins_text(top, coin)}, but a level as "
            f"deep as {price_text(f.lowest_order_price)} would make it "
            f"{usd_text(top * f.lowest_order_price, mn)}: it depends on the profile's depths"
        )
    return (
        f"{cap} passes {minimum} but {share} does not: whether a level passes"
        f"{' or the fallback fires' if f.fallback != 'absent' else ''} depends on how the "
        "profile weights the levels"
    )
