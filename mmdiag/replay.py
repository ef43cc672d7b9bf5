"""State -> replay: both optimizer versions on one side, then the strategy's step after them.

The optimizer gives sizes; the strategy truncates each to sz_decimals, drops empty levels (and
warns when none is left), and the placement check skips an order worth less than min_notional
at its level's price. A replay applies all three, and says which of its answers hold for every
per-level profile (OPTIMIZER.md, "facts a report can rely on") and which only under the
modelled one (the bot's defaults, mmdiag.profile).

Capacities here are the optimizer's: `min(side capacity, margin / margin_per_unit)`, with
`margin_per_unit = price / max(leverage, 1)` (strat@d8bb6a1:465, OPTIMIZER_DETAILS.md §8).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from functools import lru_cache
from typing import Any

from mmdiag.optimizer import KellyStochasticParams, LevelParams, OptimizerInputs, run
from mmdiag.optimizer.allocation import Allocation
from mmdiag.optimizer.allocation import capacity as allocation_capacity
from mmdiag.optimizer.numeric import EPSILON, seqsum
from mmdiag.optimizer.weights import weights as level_weights
from mmdiag.profile import (
    Profile,
    ProfileParams,
    generator_ladder,
    level_price,
    level_profile,
    truncate_size,
)

VERSIONS = ("pre_fallback", "with_fallback")
METHOD_NAMES = {"kelly": "kelly_stochastic", "proportional": "proportional"}
EFFECTIVE_MIN_FLOOR = 1e-8
PROFILE_NAME = "the bot's default per-level profile (SEED_TABLE.md)"

#: A computed raw size can differ from capacity × share by a few float roundings (a sum over at
#: most 100 weights, a product, a quotient): far less than this relative allowance. The facts
#: bound the largest raw size by capacity × (1 + SLACK) and the largest level's by
#: capacity / levels × (1 − SLACK), so a "certain" answer cannot hang on the last bit.
SLACK = 1e-12

# Ranges a replay accepts. Beyond them the bot's own arithmetic saturates (truncation is a cast
# to u64) or overflows, and no exchange lists such a market.
PRICE_RANGE = (1e-8, 1e12)
"""USD per coin."""
MAX_COINS = 1e9
"""The largest size, capacity or minimum size, coins (× 10^sz_decimals stays inside a u64)."""
MAX_USD = 1e12
"""The largest min_notional or margin, USD."""
MAX_LEVERAGE = 1000.0
MAX_SZ_DECIMALS = 10
MAX_PRICE_DECIMALS = 12
MAX_LEVELS = 100


@dataclass(frozen=True)
class ReplayInputs:
    """One side's optimizer inputs, as the log (or the user) gives them."""

    price: float
    """The mid (microprice), USD per coin."""
    side_capacity: float
    """The side's position capacity (`available_position`), coins."""
    levels: int
    min_notional: float = 10.0
    min_level_size: float = 0.001
    sz_decimals: int = 5
    leverage: float = 10.0
    """As given; the bot uses max(leverage, 1) (`effective_leverage`)."""
    margin: float | None = None
    """Available margin, USD; None when unknown (the margin constraint is then not applied)."""
    side: str = "bid"
    price_decimals: int = 1
    coin: str = "coins"
    """The unit of sizes in messages (BTC for hyna:BTC)."""

    @property
    def effective_leverage(self) -> float:
        """`max(market_params.leverage, 1)`, as ladder_strat hands it to the optimizer."""
        return max(self.leverage, 1.0)

    @property
    def margin_per_unit(self) -> float:
        """USD of margin per coin: price / max(leverage, 1), the same for every level."""
        return self.price / self.effective_leverage

    def problems(self) -> list[str]:
        """What makes these inputs unusable, each as a phrase naming the input."""
        found: list[str] = []
        low, high = PRICE_RANGE
        if not _within(self.price, low, high):
            found.append(f"price must be a number from {low:g} to {high:g} USD, got {self.price!r}")
        if not _within(self.leverage, 0.0, MAX_LEVERAGE) or self.leverage <= 0:
            found.append(
                f"leverage must be a number > 0 and <= {MAX_LEVERAGE:g}, got {self.leverage!r}"
            )
        for name in ("side_capacity", "min_level_size"):
            value = getattr(self, name)
            if not _within(value, 0.0, MAX_COINS):
                found.append(
                    f"{name} must be a number from 0 to {MAX_COINS:g} {self.coin}, got {value!r}"
                )
        if not _within(self.min_notional, 0.0, MAX_USD):
            found.append(
                f"min_notional must be a number from 0 to {MAX_USD:g} USD, "
                f"got {self.min_notional!r}"
            )
        if self.margin is not None and not _within(self.margin, 0.0, MAX_USD):
            found.append(f"margin must be a number from 0 to {MAX_USD:g} USD, got {self.margin!r}")
        if not _is_int(self.levels) or not 1 <= self.levels <= MAX_LEVELS:
            found.append(f"levels must be an integer from 1 to {MAX_LEVELS}, got {self.levels!r}")
        if not _is_int(self.sz_decimals) or not 0 <= self.sz_decimals <= MAX_SZ_DECIMALS:
            found.append(
                f"sz_decimals must be an integer from 0 to {MAX_SZ_DECIMALS}, "
                f"got {self.sz_decimals!r}"
            )
        if not _is_int(self.price_decimals) or not 0 <= self.price_decimals <= MAX_PRICE_DECIMALS:
            found.append(
                f"price_decimals must be an integer from 0 to {MAX_PRICE_DECIMALS}, "
                f"got {self.price_decimals!r}"
            )
        if self.side not in ("bid", "ask"):
            found.append(f"side must be bid or ask, got {self.side!r}")
        if not found and self.min_notional / self.price > MAX_COINS:
            found.append(
                f"min_notional / price = {self.min_notional / self.price:g} {self.coin}: "
                f"an order that large (over {MAX_COINS:g} {self.coin}) cannot be replayed"
            )
        return found


def _within(value: float, low: float, high: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and low <= value <= high


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- what the optimizer can allocate ---------------------------------------------------------


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


# --- facts that hold for every per-level profile ------------------------------------------------

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
    if f.reason == "levels_pass":
        top = truncate_size(f.share * (1 - SLACK), d)
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
        top = truncate_size(f.share * (1 - SLACK), d)
        return (
            f"{share} passes {minimum}, but truncated to {d} decimals "
            f"({coins_text(top, coin)}) it is worth {usd_text(top * price, mn)} at the mid: an "
            f"order survives only where the profile gives a level more than that"
        )
    if f.reason == "order_price":
        top = truncate_size(f.share * (1 - SLACK), d)
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


# --- numbers as text: every size with its coin, every value in USD -----------------------------


def coins_text(value: float, coin: str) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".") + f" {coin}"


def usd_text(value: float, limit: float | None = None) -> str:
    """`$12.34`; with `limit`, enough decimals that a value under it does not print as it."""
    text = f"{value:,.2f}"
    if limit is not None and value < limit:
        for decimals in range(3, 13):
            if float(text.replace(",", "")) < limit:
                break
            text = f"{value:,.{decimals}f}"
    return f"${text}"


def price_text(value: float) -> str:
    """A price in USD with the decimals it has (at least 2): `89,924.00 USD`, `0.00001234 USD`."""
    return f"{value:,.{max(2, _decimals_of(value))}f} USD"


def _decimals_of(value: float) -> int:
    mantissa, _, exponent = f"{value:.12g}".partition("e")
    decimals = len(mantissa.partition(".")[2])
    return min(max(0, decimals - int(exponent or 0)), 20)


def _side(inputs: ReplayInputs) -> Any:
    return "bid" if inputs.side == "bid" else "ask"


# --- the modelled replay ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedOrder:
    """One level after the optimizer, truncation and the placement check."""

    level: int
    depth_bps: float
    price: float
    raw_size: float
    size: float
    """Truncated to sz_decimals (coins)."""
    usd: float
    """size × the level's price."""
    accepted: bool
    note: str = ""


@dataclass(frozen=True)
class VersionOutcome:
    version: str
    min_size: float
    sizes: tuple[float, ...]
    shadow_price: float
    margin_used: float
    position_used: float
    binding_constraint: str
    fallback_fired: bool
    fallback_level: int | None
    orders: tuple[PlacedOrder, ...]
    warning: bool
    """d8bb6a1's ladder_strat logs `All ... levels filtered out`: it had levels and none
    survived truncation (a bot running the release before the fix logs no such warning)."""
    silent: tuple[str, ...]
    """Ways this outcome quotes less than it seems to, with no warning in the log."""

    @property
    def accepted(self) -> tuple[PlacedOrder, ...]:
        return tuple(o for o in self.orders if o.accepted)

    @property
    def quotes(self) -> bool:
        return bool(self.accepted)


class Model:
    """One side's modelled per-level profile and method: runs either version at any capacity."""

    def __init__(self, inputs: ReplayInputs, method: str, profile: Profile) -> None:
        self.inputs = inputs
        self.method = method
        self.profile = profile
        self.level_params = [
            LevelParams(
                level.depth_bps,
                level.fill_intensity,
                level.spread_capture,
                level.margin_per_unit,
                level.adverse_selection,
            )
            for level in profile.levels
        ]
        self.kelly = KellyStochasticParams(**asdict(profile.kelly))
        self.weights = (
            level_weights(method, self.level_params, self.kelly) if self.level_params else []
        )

    @property
    def total_weight(self) -> float:
        return seqsum(self.weights)

    def allocation(self, version: str, inputs: ReplayInputs) -> Allocation:
        margin = math.inf if inputs.margin is None else inputs.margin
        return run(
            version, self.method, _optimizer_inputs(inputs, margin), self.level_params, self.kelly
        )

    def outcome(
        self, version: str, inputs: ReplayInputs, level_ids: tuple[int, ...] | None = None
    ) -> VersionOutcome:
        allocation = self.allocation(version, inputs)
        ids = level_ids or tuple(range(len(self.profile.levels)))
        orders = tuple(
            _placed(ids[n], level.depth_bps, level.price, raw, inputs)
            for n, (level, raw) in enumerate(
                zip(self.profile.levels, allocation.sizes, strict=True)
            )
            if raw > EPSILON
        )
        fallback_level = allocation.fallback_level
        return VersionOutcome(
            version=version,
            min_size=effective_min_size(version, inputs),
            sizes=allocation.sizes,
            shadow_price=allocation.shadow_price,
            margin_used=allocation.margin_used,
            position_used=allocation.position_used,
            binding_constraint=allocation.binding_constraint,
            fallback_fired=allocation.fallback_fired,
            fallback_level=None if fallback_level is None else ids[fallback_level],
            orders=orders,
            warning=bool(allocation.sizes) and not any(o.size > EPSILON for o in orders),
            silent=_silent(allocation.fallback_fired, orders, inputs),
        )

    def at(self, capacity: float) -> ReplayInputs:
        """The inputs with this optimizer capacity (the margin not binding)."""
        return replace(self.inputs, side_capacity=capacity, margin=None)

    def orders_at(self, version: str, capacity: float) -> int:
        return len(self.outcome(version, self.at(capacity)).accepted)

    def levels_pass_alone(self, capacity: float) -> bool:
        """The fixed version's filter leaves a level (so the fallback does not fire)."""
        allocation = self.allocation("with_fallback", self.at(capacity))
        return not allocation.fallback_fired and any(s > EPSILON for s in allocation.sizes)


def _placed(
    level: int, depth: float, price: float, raw: float, inputs: ReplayInputs
) -> PlacedOrder:
    size = truncate_size(raw, inputs.sz_decimals)
    usd = size * price
    if size <= EPSILON:
        return PlacedOrder(level, depth, price, raw, size, usd, False, "truncated to zero")
    if usd < inputs.min_notional:
        note = f"under the {usd_text(inputs.min_notional)} minimum after truncation: skipped"
        return PlacedOrder(level, depth, price, raw, size, usd, False, note)
    return PlacedOrder(level, depth, price, raw, size, usd, True)


def _silent(fired: bool, orders: tuple[PlacedOrder, ...], inputs: ReplayInputs) -> tuple[str, ...]:
    skipped = [o for o in orders if o.size > EPSILON and not o.accepted]
    if not skipped:
        return ()
    mn = inputs.min_notional

    def worth(o: PlacedOrder) -> str:
        return f"worth {usd_text(o.usd, mn)} at its price {price_text(o.price)} after truncation"

    if fired:
        o = skipped[0]
        return (
            f"the fallback fires, but its order of {coins_text(o.size, inputs.coin)} at level "
            f"{o.level} is {worth(o)}, under {usd_text(mn)}: the exchange minimum skips it at "
            "placement, with no warning in the log",
        )
    if len(orders) == 1:
        o = skipped[0]
        return (
            f"a lone level survives the filter (level {o.level}, "
            f"{coins_text(o.size, inputs.coin)}) but is {worth(o)}, under {usd_text(mn)}: "
            "skipped at placement; the fallback does not fire and no warning is logged",
        )
    return tuple(
        f"level {o.level} ({coins_text(o.size, inputs.coin)}, {usd_text(o.usd, mn)} at "
        f"{price_text(o.price)}) is skipped at placement"
        for o in skipped
    )


# --- searching capacities -----------------------------------------------------------------------

MAX_SEARCH_STEPS = 400


def first_true(
    holds: Callable[[float], bool], low: float, high: float, hint: float | None = None
) -> float | None:
    """The smallest float in [low, high] where `holds` (monotone there) is true; None when it
    is false at `high`. `hint` (a guess from below) only shortens the search. Every loop is
    bounded."""
    if not holds(high):
        return None
    if holds(low):
        return low
    probe = hint if hint is not None and low < hint < high else None
    steps = 0
    while probe is not None and steps < MAX_SEARCH_STEPS // 4:
        steps += 1
        if holds(probe):
            high = probe
            break
        low = probe
        probe = probe * 2 if probe * 2 < high else None
    for _ in range(MAX_SEARCH_STEPS):
        if low > 0 and high / low > 4:
            middle = math.sqrt(low) * math.sqrt(high)
        else:
            middle = low + (high - low) / 2
        if not low < middle < high:
            break
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True)
class FirstOrder:
    """Where a version starts placing an order under the modelled profile, and where it stops
    again (the fixed version only: once a lone level passes the filter the fallback no longer
    fires, and that level may truncate under min_notional: SEED_TABLE.md Table C)."""

    capacity: float | None
    """The smallest optimizer capacity placing one order (coins); None: never (below 1e9)."""
    level: int | None
    price: float | None
    """The level and price (USD) of that first order."""
    gap_start: float | None = None
    """From here the version places no order again..."""
    gap_end: float | None = None
    """...until here (None: never again below 1e9 coins)."""
    gap_reason: str = ""

    def in_gap(self, capacity: float) -> bool:
        if self.gap_start is None or capacity < self.gap_start:
            return False
        return self.gap_end is None or capacity < self.gap_end


def first_order(model: Model, version: str) -> FirstOrder:
    def quotes(capacity: float) -> bool:
        return model.orders_at(version, capacity) >= 1

    m = effective_min_size(version, model.inputs)
    hint = max(m, EFFECTIVE_MIN_FLOOR)
    lone = (
        first_true(model.levels_pass_alone, 0.0, MAX_COINS, hint)
        if version == "with_fallback"
        else None
    )
    gap_start = gap_end = None
    gap_reason = ""
    if lone is not None and lone > 0 and quotes(math.nextafter(lone, 0.0)):
        found = first_true(quotes, 0.0, math.nextafter(lone, 0.0), hint)
        if not quotes(lone):
            gap_start = lone
            gap_end = first_true(quotes, lone, MAX_COINS, lone)
            gap_reason = " ".join(model.outcome(version, model.at(lone)).silent)
    else:
        found = first_true(quotes, 0.0 if lone is None else lone, MAX_COINS, hint)
    if found is None:
        return FirstOrder(None, None, None)
    order = model.outcome(version, model.at(found)).accepted[0]
    return FirstOrder(found, order.level, order.price, gap_start, gap_end, gap_reason)


def first_quoting_capacity(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> float:
    """The smallest optimizer capacity (coins) from which the fixed version places an order the
    exchange accepts under the modelled profile, truncation and the order's own price included.

    It can stop quoting again just above (`FirstOrder.gap_start`); margin is not applied (the
    margin it takes is capacity × price / max(leverage, 1)). When the modelled profile never
    quotes, the bound every profile needs: `min_quoting_capacity`.
    """
    model = _model(inputs, method, params)
    found = first_order(model, "with_fallback").capacity
    return min_quoting_capacity(inputs, params) if found is None else found


def min_quoting_capacity(inputs: ReplayInputs, params: ProfileParams | None = None) -> float:
    """The capacity every per-level profile needs for the fixed version to quote at all."""
    base = replace(inputs, margin=None)
    found = first_true(
        lambda c: (
            facts("with_fallback", replace(base, side_capacity=c), params).quotes is not False
        ),
        0.0,
        MAX_COINS,
        effective_min_size("with_fallback", inputs),
    )
    return MAX_COINS if found is None else found


def certain_quoting_capacity(
    version: str, inputs: ReplayInputs, params: ProfileParams | None = None
) -> float | None:
    """The smallest capacity from which the version places at least one order for every
    per-level profile (facts: capacity / levels passes, truncation and the lowest order price
    included); None when no capacity up to 1e9 coins does."""
    base = replace(inputs, margin=None)
    return first_true(
        lambda c: facts(version, replace(base, side_capacity=c), params).quotes is True,
        0.0,
        MAX_COINS,
        effective_min_size(version, inputs) * inputs.levels,
    )


def shown_capacity(value: float, holds: Callable[[float], bool] | None = None) -> str:
    """`value` rounded UP to a short decimal (8 decimals, more for tiny values), so the printed
    capacity is at or above the boundary; when `holds` rejects the rounded value (a gap
    narrower than the rounding), the exact float."""
    if value <= 0:
        return "0"
    decimals = max(8, 4 - math.floor(math.log10(value)))
    units = math.ceil(value * 10**decimals)
    text = f"{units / 10**decimals:.{decimals}f}"
    for _ in range(3):  # the float product can round under the value: step up until it is not
        if float(text) >= value:
            break
        units += 1
        text = f"{units / 10**decimals:.{decimals}f}"
    text = text.rstrip("0").rstrip(".")
    if holds is not None and not holds(float(text)):
        return repr(value)
    return text


# --- thresholds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    name: str
    capacity: float | None
    """The optimizer's capacity at the threshold, coins; None: not reached below 1e9 coins."""
    usd: float | None
    """capacity × the mid, USD."""
    margin_usd: float | None
    """The margin that capacity takes: capacity × price / max(leverage, 1), USD."""
    ratio: float | None
    """The optimizer's capacity / this threshold; None when the threshold is 0 or never."""
    scope: str
    """`every profile` (OPTIMIZER.md's facts) or `modelled profile`."""
    meaning: str
    gap_start: float | None = None
    gap_end: float | None = None
    in_gap: bool = False
    """The optimizer's capacity lies in [gap_start, gap_end): no order there after all."""


_Spec = tuple[str, float | None, str, str, float | None, float | None]


@lru_cache(maxsize=256)
def _threshold_specs(
    base: ReplayInputs, method: str, params: ProfileParams | None
) -> tuple[_Spec, ...]:
    """Thresholds that do not depend on the capacity or the margin (so they are cached)."""
    model = _model(base, method, params)
    every, modelled = "every profile", "modelled profile"
    coin = base.coin
    specs: list[_Spec] = []
    lowest, _ = order_price_bounds(base, params)
    for version in ("with_fallback", "pre_fallback"):
        who = "the fixed version" if version == "with_fallback" else "the version before the fix"
        prefix = "fixed" if version == "with_fallback" else "pre"
        m = effective_min_size(version, base)
        specs.append(
            (
                f"{prefix}_min_size",
                m,
                every,
                f"{who}'s minimum size"
                + (
                    ": under it no level passes and the fallback cannot fire"
                    if version == "with_fallback"
                    else " (min_level_size): under it nothing passes"
                ),
                None,
                None,
            )
        )
        first = first_order(model, version)
        if first.capacity is None:
            meaning = f"{who} places no order under the modelled profile, up to 1e9 {coin}"
        else:
            meaning = (
                f"from here {who} places an order under the modelled profile (level "
                f"{first.level} at {price_text(first.price or 0.0)})"
            )
        if first.gap_start is not None:
            end = (
                f"{shown_capacity(first.gap_end)} {coin}"
                if first.gap_end is not None
                else f"1e9 {coin} and beyond"
            )
            meaning += (
                f", except from {shown_capacity(first.gap_start)} to {end}, where it places "
                f"none: {first.gap_reason}"
            )
        specs.append(
            (
                "first_order" if version == "with_fallback" else "pre_first_order",
                first.capacity,
                modelled,
                meaning,
                first.gap_start,
                first.gap_end,
            )
        )
        certain = certain_quoting_capacity(version, base, params)
        rule = (
            f"capacity / {base.levels} levels passes its minimum and, truncated to "
            f"{base.sz_decimals} decimals, is worth {usd_text(base.min_notional)} at the lowest "
            f"order price {price_text(lowest)} (depth {deepest_depth_bps(params):g} bps)"
        )
        specs.append(
            (
                f"{prefix}_certain_one_order",
                certain,
                every,
                f"from here {who} places at least one order for every per-level profile: {rule}"
                if certain is not None
                else f"no capacity up to 1e9 {coin} makes an order of {who} certain for every "
                f"per-level profile (that needs: {rule})",
                None,
                None,
            )
        )
    return tuple(specs)


def thresholds(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> tuple[Threshold, ...]:
    """The capacities that matter, each against the optimizer's capacity at `inputs`."""
    base = replace(inputs, side_capacity=0.0, margin=None)
    capacity = optimizer_room(inputs).capacity
    result = []
    for name, value, scope, meaning, gap_start, gap_end in _threshold_specs(
        base, _method_name(method), params
    ):
        ratio = capacity / value if value is not None and value > 0 else None
        if value == 0:
            meaning += " (it is 0: every capacity meets it)"
        in_gap = (
            gap_start is not None
            and capacity >= gap_start
            and (gap_end is None or capacity < gap_end)
        )
        result.append(
            Threshold(
                name=name,
                capacity=value,
                usd=None if value is None else value * inputs.price,
                margin_usd=None if value is None else value * inputs.margin_per_unit,
                ratio=ratio,
                scope=scope,
                meaning=meaning,
                gap_start=gap_start,
                gap_end=gap_end,
                in_gap=in_gap,
            )
        )
    return tuple(result)


# --- the ladder generator, before the optimizer (SEED_TABLE.md Table B) --------------------------


@dataclass(frozen=True)
class LadderGenerator:
    """`Ladder::generate`'s own size filter, modelled with the binary's defaults: only the levels
    it keeps reach the optimizer (the warning's `bids_before`)."""

    account_value: float
    """USD: the margin given, taken as the account's value (as SEED_TABLE.md Table B does)."""
    leverage: float
    """max(leverage, 1)."""
    target_liquidity: float
    """coins"""
    formula: str
    """How target_liquidity was computed, each term with its source."""
    levels: int
    surviving: tuple[int, ...]
    allocated_sizes: tuple[float, ...]
    """The generator's own sizes (coins), 0 under min_level_size."""
    pre: VersionOutcome | None
    fixed: VersionOutcome | None
    """The optimizer on the surviving levels; None when none survive (it is never called)."""

    @property
    def reaching(self) -> int:
        return len(self.surviving)

    def summary(self) -> str:
        head = f"the ladder generator (modelled: target_liquidity = {self.formula})"
        if self.reaching == self.levels:
            return f"{head} passes all {self.levels} levels: the replay above stands"
        if self.pre is None or self.fixed is None:
            return (
                f"{head} passes none of the {self.levels} levels: the optimizer is never "
                "called, so neither version quotes, and no 'filtered out' warning is logged "
                "(the log shows only quote cycles with no level on this side)"
            )
        ids = ", ".join(str(i) for i in self.surviving)
        return (
            f"{head} passes only {self.reaching} of {self.levels} levels ({ids}): then before "
            f"the fix: {len(self.pre.accepted)} order(s), after: {len(self.fixed.accepted)} "
            "order(s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "account_value": self.account_value,
            "leverage": self.leverage,
            "target_liquidity": self.target_liquidity,
            "formula": self.formula,
            "levels": self.levels,
            "levels_reaching_optimizer": self.reaching,
            "surviving": list(self.surviving),
            "allocated_sizes": list(self.allocated_sizes),
            "pre_fallback": None if self.pre is None else _outcome_dict(self.pre),
            "with_fallback": None if self.fixed is None else _outcome_dict(self.fixed),
            "summary": self.summary(),
        }


def ladder_generator(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> LadderGenerator:
    """Both versions after the generator's filter, `inputs.margin` taken as the account value."""
    if inputs.margin is None:
        raise ValueError("modelling the ladder generator needs the margin (the account value)")
    p = params or ProfileParams()
    lev = inputs.effective_leverage
    ladder = generator_ladder(
        inputs.margin,
        inputs.price,
        lev,
        inputs.levels,
        side=_side(inputs),
        min_level_size=inputs.min_level_size,
        min_notional=inputs.min_notional,
        sz_decimals=inputs.sz_decimals,
        price_decimals=inputs.price_decimals,
        params=p,
    )
    default = ProfileParams()

    def source(name: str) -> str:
        return "default" if getattr(p, name) == getattr(default, name) else "override"

    formula = (
        f"min({p.target_liquidity_cfg:g} {inputs.coin} (target_liquidity, "
        f"{source('target_liquidity_cfg')}), 0.4 × min({p.max_position_cfg:g} {inputs.coin} "
        f"(max_position, {source('max_position_cfg')}), {inputs.margin:g} USD × {lev:g} × 0.5 / "
        f"{inputs.price:g} USD)) = {coins_text(ladder.target_liquidity, inputs.coin)}"
    )
    pre = fixed = None
    if ladder.surviving:
        model = _model(inputs, method, params)
        kept = Model(inputs, model.method, model.profile.restricted_to(ladder.surviving))
        pre = kept.outcome("pre_fallback", inputs, ladder.surviving)
        fixed = kept.outcome("with_fallback", inputs, ladder.surviving)
    return LadderGenerator(
        account_value=inputs.margin,
        leverage=lev,
        target_liquidity=ladder.target_liquidity,
        formula=formula,
        levels=inputs.levels,
        surviving=ladder.surviving,
        allocated_sizes=ladder.allocated_sizes,
        pre=pre,
        fixed=fixed,
    )


# --- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplayResult:
    inputs: ReplayInputs
    method: str
    profile: str
    """The modelled profile in words, naming each overridden parameter and its value."""
    pre: VersionOutcome
    fixed: VersionOutcome
    pre_facts: Facts
    fixed_facts: Facts
    thresholds: tuple[Threshold, ...]
    notes: tuple[str, ...] = field(default=())
    profile_overrides: dict[str, Any] = field(default_factory=dict)
    room: Room | None = None
    generator: LadderGenerator | None = None
    level_depths: tuple[float, ...] = ()
    """The modelled levels' depths, bps, best first."""
    level_prices: tuple[float, ...] = ()
    """The modelled levels' prices, USD (rounded as the bot rounds them)."""

    @property
    def fallback(self) -> str:
        return self.fixed_facts.fallback

    @property
    def certain(self) -> bool:
        """The fixed version's answer holds for every per-level profile: the facts decide it,
        and the modelled profile agrees (it does not when all its weights are 0)."""
        return self.fixed_facts.quotes is not None and self.fixed_facts.quotes == self.fixed.quotes

    @property
    def pre_certain(self) -> bool:
        """The same for the version before the fix."""
        return self.pre_facts.quotes is not None and self.pre_facts.quotes == self.pre.quotes

    @property
    def fixed_quotes(self) -> bool:
        """Under the modelled profile; the same for every profile when `certain`."""
        return self.fixed.quotes

    @property
    def pre_fallback_quotes(self) -> bool:
        return self.pre.quotes

    @property
    def modelled_fallback(self) -> str:
        """`fires` or `levels` under the modelled profile (what `fires_or_levels` resolved to)."""
        if self.fixed.fallback_fired:
            return "fires"
        return "levels" if any(s > EPSILON for s in self.fixed.sizes) else "none"

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.inputs.side,
            "inputs": asdict(self.inputs),
            "effective_leverage": self.inputs.effective_leverage,
            "optimizer_capacity": None if self.room is None else asdict(self.room),
            "method": self.method,
            "profile": self.profile,
            "profile_overrides": dict(self.profile_overrides),
            "levels_modelled": [
                {"level": n, "depth_bps": d, "price": p}
                for n, (d, p) in enumerate(zip(self.level_depths, self.level_prices, strict=True))
            ],
            "pre_fallback": _outcome_dict(self.pre),
            "with_fallback": _outcome_dict(self.fixed),
            "pre_fallback_quotes": self.pre_fallback_quotes,
            "pre_fallback_certain": self.pre_certain,
            "fixed_quotes": self.fixed_quotes,
            "fallback": self.fallback,
            "modelled_fallback": self.modelled_fallback,
            "certain": self.certain,
            "facts": {
                "pre_fallback": _facts_dict(self.pre_facts, self.inputs),
                "with_fallback": _facts_dict(self.fixed_facts, self.inputs),
            },
            "thresholds": [asdict(t) for t in self.thresholds],
            "ladder_generator": None if self.generator is None else self.generator.to_dict(),
            "notes": list(self.notes),
        }


def _outcome_dict(outcome: VersionOutcome) -> dict[str, Any]:
    result = asdict(outcome)
    result["orders_placed"] = len(outcome.accepted)
    return result


def _facts_dict(f: Facts, inputs: ReplayInputs) -> dict[str, Any]:
    return {**asdict(f), "explanation": explain_facts(f, inputs)}


def _method_name(method: str) -> str:
    if method in METHOD_NAMES.values():
        return method
    if method not in METHOD_NAMES:
        raise ValueError(f"method must be one of {', '.join(METHOD_NAMES)}, got {method!r}")
    return METHOD_NAMES[method]


def _model(inputs: ReplayInputs, method: str, params: ProfileParams | None) -> Model:
    profile = level_profile(
        inputs.price,
        inputs.levels,
        inputs.leverage,
        _side(inputs),
        params or ProfileParams(),
        price_decimals=inputs.price_decimals,
    )
    return Model(inputs, _method_name(method), profile)


def profile_overrides(params: ProfileParams | None) -> dict[str, Any]:
    """Each parameter that differs from the bot's default, with its value."""
    if params is None:
        return {}
    default = ProfileParams()
    found: dict[str, Any] = {}
    for f in fields(ProfileParams):
        value = getattr(params, f.name)
        if value != getattr(default, f.name):
            found[f.name] = list(value) if isinstance(value, tuple) else value
    return found


def profile_text(overrides: dict[str, Any]) -> str:
    if not overrides:
        return PROFILE_NAME
    listed = ", ".join(f"{name}={_value_text(value)}" for name, value in overrides.items())
    return f"{PROFILE_NAME} with overrides: {listed}"


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(f"{v:g}" for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def replay(
    inputs: ReplayInputs,
    method: str = "kelly",
    params: ProfileParams | None = None,
    *,
    model_generator: bool = False,
) -> ReplayResult:
    """Both versions on `inputs` under the modelled per-level profile (`params`, or defaults).

    With `model_generator` (and a margin), the ladder generator's filter is modelled too
    (`ReplayResult.generator`); the main answer stays the optimizer on `inputs.levels` levels.
    """
    problems = inputs.problems()
    if problems:
        raise ValueError("; ".join(problems))
    model = _model(inputs, method, params)
    pre = model.outcome("pre_fallback", inputs)
    fixed = model.outcome("with_fallback", inputs)
    pre_facts = facts("pre_fallback", inputs, params)
    fixed_facts = facts("with_fallback", inputs, params)
    overrides = profile_overrides(params)
    room = optimizer_room(inputs)
    generator = (
        ladder_generator(inputs, method, params)
        if model_generator and inputs.margin is not None
        else None
    )
    notes = _notes(inputs, room, model, (pre_facts, pre), (fixed_facts, fixed))
    if generator is not None and generator.reaching < inputs.levels:
        notes += (
            f"this answer assumes all {inputs.levels} levels reach the optimizer; the modelled "
            f"ladder generator passes only {generator.reaching}: see its own line (JSON: "
            "ladder_generator)",
        )
    return ReplayResult(
        inputs=inputs,
        method=model.method,
        profile=profile_text(overrides),
        pre=pre,
        fixed=fixed,
        pre_facts=pre_facts,
        fixed_facts=fixed_facts,
        thresholds=thresholds(inputs, method, params),
        notes=notes,
        profile_overrides=overrides,
        room=room,
        generator=generator,
        level_depths=tuple(level.depth_bps for level in model.profile.levels),
        level_prices=tuple(level.price for level in model.profile.levels),
    )


def _notes(
    inputs: ReplayInputs,
    room: Room,
    model: Model,
    pre: tuple[Facts, VersionOutcome],
    fixed: tuple[Facts, VersionOutcome],
) -> tuple[str, ...]:
    notes = []
    coin = inputs.coin
    if inputs.margin is None:
        notes.append("margin unknown: the margin constraint was not applied")
    if inputs.leverage < 1:
        notes.append(
            f"leverage {inputs.leverage:g}x is used as 1x: the bot hands max(leverage, 1) to the "
            "optimizer, and every margin figure here uses it"
        )
    if room.binding == "Margin" and room.by_margin is not None:
        notes.append(
            f"the margin binds: {usd_text(inputs.margin or 0.0)} at "
            f"{inputs.effective_leverage:g}x buys margin / (price / leverage) = "
            f"{coins_text(room.by_margin, coin)}, under the side capacity "
            f"{coins_text(inputs.side_capacity, coin)}: the optimizer allocates "
            f"{coins_text(room.capacity, coin)}"
        )
    if inputs.min_notional > room.capacity * inputs.price:
        notes.append(
            f"min_notional {usd_text(inputs.min_notional)} exceeds the whole capacity's value "
            f"{usd_text(room.capacity * inputs.price, inputs.min_notional)}: no version can quote"
        )
    if model.total_weight <= EPSILON:
        notes.append(
            "under the modelled profile every level's weight is 0 (their sum is at most 1e-9): "
            "the optimizer returns all sizes 0 and the fallback cannot fire"
        )
    for label, (f, outcome) in (("the version before the fix", pre), ("the fixed version", fixed)):
        if f.quotes is not None and f.quotes != outcome.quotes:
            claim = "quotes" if f.quotes else "places nothing"
            notes.append(
                f"the facts say {label} {claim} for every profile whose weights sum to 1, but "
                f"the modelled profile gives {len(outcome.accepted)} order(s): the answer is not "
                "certain"
            )
    if pre[1].warning:
        notes.append(
            f"the 'All {inputs.side} levels filtered out' warning was added in d8bb6a1: a bot "
            "running the release before the fix logs no such warning; the column says whether "
            "d8bb6a1's ladder_strat would log it with each optimizer"
        )
    return tuple(notes)


# --- sweep: how much capacity does each version need? ------------------------------------------


@dataclass(frozen=True)
class SweepRow:
    version: str
    orders: int
    capacity: float | None
    """The smallest optimizer capacity at which the version places at least `orders` orders
    under the modelled profile (coins); None: not below 1e9 coins."""
    usd: float | None
    """capacity × the mid, USD."""
    margin_at_leverage: float | None
    """capacity × price / max(leverage, 1), USD."""
    reachable: bool
    """False when the margin given caps the capacity below it, or it is never reached."""
    shown: str
    """The capacity rounded UP for display (it still places `orders` orders)."""
    note: str = ""


@dataclass(frozen=True)
class Gap:
    """Capacities above a version's first order where it places none again."""

    version: str
    start: float
    end: float | None
    reason: str


@dataclass(frozen=True)
class Sweep:
    inputs: ReplayInputs
    method: str
    profile: str
    profile_overrides: dict[str, Any]
    rows: tuple[SweepRow, ...]
    gaps: tuple[Gap, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        inputs = asdict(self.inputs)
        del inputs["side_capacity"]
        return {
            "inputs": inputs,
            "effective_leverage": self.inputs.effective_leverage,
            "method": self.method,
            "profile": self.profile,
            "profile_overrides": dict(self.profile_overrides),
            "capacity": "the optimizer's: min(side capacity, margin / (price / leverage))",
            "sweep": [asdict(r) for r in self.rows],
            "gaps": [asdict(g) for g in self.gaps],
            "notes": list(self.notes),
        }


def sweep_capacity(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> Sweep:
    """For each version and k = 1..levels, the smallest capacity from which k orders are placed
    under the modelled profile, and where the fixed version's single order drops out again.

    Each count is monotone in the capacity except the fixed version's first order (the fallback
    stops once a lone level passes, and that level may truncate under min_notional), so each
    boundary is found exactly by bisection, and that gap explicitly.
    """
    problems = inputs.problems()
    if problems:
        raise ValueError("; ".join(problems))
    model = _model(inputs, method, params)
    room = optimizer_room(replace(inputs, side_capacity=MAX_COINS))
    limit = room.by_margin
    rows: list[SweepRow] = []
    gaps: list[Gap] = []
    for version in VERSIONS:
        first = first_order(model, version)
        if first.gap_start is not None:
            gaps.append(Gap(version, first.gap_start, first.gap_end, first.gap_reason))
        previous = first.capacity
        for k in range(1, inputs.levels + 1):

            def holds(c: float, k: int = k, version: str = version) -> bool:
                return model.orders_at(version, c) >= k

            found = (
                first.capacity
                if k == 1
                else first_true(holds, 0.0, MAX_COINS, previous)
                if previous is not None
                else None
            )
            row = _sweep_row(model, version, k, found, limit, holds)
            if k == 1 and first.gap_start is not None:
                end = "beyond" if first.gap_end is None else f"to {shown_capacity(first.gap_end)}"
                gap = f"except from {shown_capacity(first.gap_start)} {end} {inputs.coin}: none"
                row = replace(row, note=f"{gap}; {row.note}" if row.note else gap)
            rows.append(row)
            previous = found
    return Sweep(
        inputs=inputs,
        method=model.method,
        profile=profile_text(profile_overrides(params)),
        profile_overrides=profile_overrides(params),
        rows=tuple(rows),
        gaps=tuple(gaps),
        notes=_sweep_notes(inputs, model, limit),
    )


def _sweep_row(
    model: Model,
    version: str,
    k: int,
    found: float | None,
    limit: float | None,
    holds: Callable[[float], bool],
) -> SweepRow:
    inputs = model.inputs
    coin = inputs.coin
    if found is None:
        positive = sum(1 for w in model.weights if w > EPSILON)
        return SweepRow(
            version,
            k,
            None,
            None,
            None,
            False,
            "never",
            f"not reached below {MAX_COINS:g} {coin} under the modelled profile "
            f"({positive} of {inputs.levels} levels have a weight above 0)",
        )
    margin = found * inputs.margin_per_unit
    reachable = limit is None or found <= limit
    note = ""
    if not reachable and limit is not None:
        note = f"not reachable: over the margin cap {coins_text(limit, coin)}"
    return SweepRow(
        version,
        k,
        found,
        found * inputs.price,
        margin,
        reachable,
        shown_capacity(found, holds),
        note,
    )


def _sweep_notes(inputs: ReplayInputs, model: Model, limit: float | None) -> tuple[str, ...]:
    notes = []
    if inputs.margin is None:
        notes.append("margin unknown: capacities are not capped by the margin")
    elif limit is not None:
        notes.append(
            f"margin {usd_text(inputs.margin)} at {inputs.effective_leverage:g}x caps the "
            f"optimizer's capacity at margin / (price / leverage) = "
            f"{coins_text(limit, inputs.coin)}"
        )
    if inputs.leverage < 1:
        notes.append(f"leverage {inputs.leverage:g}x is used as 1x, as the bot does")
    if model.total_weight <= EPSILON:
        notes.append("under the modelled profile every level's weight is 0: nothing is placed")
    return tuple(notes)
