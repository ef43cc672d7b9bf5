"""State -> replay: both optimizer versions on one side, then the strategy's step after them.

The optimizer gives sizes; the strategy truncates each to sz_decimals, drops empty levels (and
warns when none is left), and the placement check skips an order worth less than min_notional
at its level's price. A replay applies all three, and says which of its answers hold for every
per-level profile (OPTIMIZER.md, "facts a report can rely on") and which only under the
modelled one (the bot's defaults, mmdiag.profile).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from mmdiag.optimizer import KellyStochasticParams, LevelParams, OptimizerInputs, run
from mmdiag.optimizer.numeric import EPSILON
from mmdiag.profile import Profile, ProfileParams, level_profile, truncate_size

VERSIONS = ("pre_fallback", "with_fallback")
METHOD_NAMES = {"kelly": "kelly_stochastic", "proportional": "proportional"}
EFFECTIVE_MIN_FLOOR = 1e-8
# The deepest level the bot's depth generator places is 200 bps from the mid: a bid order is
# never placed below mid × (1 − 2%), a bound that holds for every per-level profile.
MAX_DEPTH_FRACTION = 0.02
PROFILE_NAME = "the bot's default per-level profile (SEED_TABLE.md)"


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
    margin: float | None = None
    """Available margin, USD; None when unknown (the margin constraint is then not applied)."""
    side: str = "bid"
    price_decimals: int = 1
    coin: str = "coins"
    """The unit of sizes in messages (BTC for hyna:BTC)."""

    def problems(self) -> list[str]:
        """What makes these inputs unusable, each as a phrase naming the input."""
        found = []
        for name in ("price", "leverage"):
            value = getattr(self, name)
            if not math.isfinite(value) or value <= 0:
                found.append(f"{name} must be a finite number > 0, got {value!r}")
        for name in ("side_capacity", "min_notional", "min_level_size"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                found.append(f"{name} must be a finite number >= 0, got {value!r}")
        if self.margin is not None and (not math.isfinite(self.margin) or self.margin < 0):
            found.append(f"margin must be a finite number >= 0, got {self.margin!r}")
        if not 1 <= self.levels <= 100:
            found.append(f"levels must be between 1 and 100, got {self.levels!r}")
        if not 0 <= self.sz_decimals <= 12:
            found.append(f"sz_decimals must be between 0 and 12, got {self.sz_decimals!r}")
        if self.side not in ("bid", "ask"):
            found.append(f"side must be bid or ask, got {self.side!r}")
        return found


# --- facts that hold for every per-level profile ------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What OPTIMIZER.md's facts say for one version at one state."""

    min_size: float
    """m: the version's minimum size (coins)."""
    quotes: bool | None
    """Whether an order the exchange accepts is placed; None when it depends on the profile."""
    fallback: str
    """For the fixed version: not_needed, cannot_fire or fires_or_levels."""


def effective_min_size(version: str, inputs: ReplayInputs) -> float:
    """min_size before the fix; max(min_notional / price, 0.1 × min_size, 1e-8) after it."""
    if version == "pre_fallback":
        return inputs.min_level_size
    dynamic = max(inputs.min_notional / inputs.price, 0.1 * inputs.min_level_size)
    return max(dynamic, EFFECTIVE_MIN_FLOOR)


def lowest_order_price(inputs: ReplayInputs) -> float:
    """A lower bound on the price any order of the side is placed at."""
    return inputs.price * (1 - MAX_DEPTH_FRACTION) if inputs.side == "bid" else inputs.price


def facts(version: str, inputs: ReplayInputs) -> Facts:
    m = effective_min_size(version, inputs)
    cap, price, mn = inputs.side_capacity, inputs.price, inputs.min_notional
    if cap < m or truncate_size(cap, inputs.sz_decimals) * price < mn:
        # Under m, or under $10 at full size (the fallback cannot fire), or only once truncated
        # (it may fire, and its order is still skipped at placement).
        word = "cannot_fire" if cap < m or cap * price < mn else "fires_or_levels"
        return Facts(m, False, word)
    share = cap / inputs.levels
    if share >= m and truncate_size(share, inputs.sz_decimals) * lowest_order_price(inputs) >= mn:
        return Facts(m, True, "not_needed")
    return Facts(m, None, "fires_or_levels")


def first_quoting_capacity(inputs: ReplayInputs) -> float:
    """The smallest capacity whose one order passes the fixed version's minimum and is still
    worth min_notional after truncation to sz_decimals (coins)."""
    m = effective_min_size("with_fallback", inputs)
    step = 10.0 ** (-inputs.sz_decimals)
    units = math.ceil(max(m, inputs.min_notional / inputs.price) / step)
    while truncate_size(units * step, inputs.sz_decimals) * inputs.price < inputs.min_notional:
        units += 1
    return max(units * step, m)


def certain_levels_capacity(version: str, inputs: ReplayInputs) -> float:
    """The capacity from which the version certainly quotes (capacity / levels passes)."""
    m = effective_min_size(version, inputs)
    step = 10.0 ** (-inputs.sz_decimals)
    floor = inputs.min_notional / lowest_order_price(inputs)
    units = math.ceil(max(m, floor) / step)
    lowest = lowest_order_price(inputs)
    while truncate_size(units * step, inputs.sz_decimals) * lowest < inputs.min_notional:
        units += 1
    return max(units * step, m) * inputs.levels


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
    """The bot logs `All ... levels filtered out`: it had levels and none survived truncation."""
    silent: tuple[str, ...]
    """Ways this outcome quotes less than it seems to, with no warning in the log."""

    @property
    def accepted(self) -> tuple[PlacedOrder, ...]:
        return tuple(o for o in self.orders if o.accepted)

    @property
    def quotes(self) -> bool:
        return bool(self.accepted)


@dataclass(frozen=True)
class Threshold:
    name: str
    capacity: float
    """coins"""
    usd: float
    ratio: float
    """side capacity / this threshold"""
    meaning: str


@dataclass(frozen=True)
class ReplayResult:
    inputs: ReplayInputs
    method: str
    profile: str
    pre: VersionOutcome
    fixed: VersionOutcome
    pre_facts: Facts
    fixed_facts: Facts
    thresholds: tuple[Threshold, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def fallback(self) -> str:
        return self.fixed_facts.fallback

    @property
    def certain(self) -> bool:
        """The fixed version's answer holds for every per-level profile."""
        return self.fixed_facts.quotes is not None

    @property
    def fixed_quotes(self) -> bool:
        known = self.fixed_facts.quotes
        return self.fixed.quotes if known is None else known

    @property
    def pre_fallback_quotes(self) -> bool:
        known = self.pre_facts.quotes
        return self.pre.quotes if known is None else known

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
            "method": self.method,
            "profile": self.profile,
            "pre_fallback": _outcome_dict(self.pre),
            "with_fallback": _outcome_dict(self.fixed),
            "pre_fallback_quotes": self.pre_fallback_quotes,
            "fixed_quotes": self.fixed_quotes,
            "fallback": self.fallback,
            "modelled_fallback": self.modelled_fallback,
            "certain": self.certain,
            "thresholds": [asdict(t) for t in self.thresholds],
            "notes": list(self.notes),
        }


def _outcome_dict(outcome: VersionOutcome) -> dict[str, Any]:
    result = asdict(outcome)
    result["orders_placed"] = len(outcome.accepted)
    return result


def replay(
    inputs: ReplayInputs,
    method: str = "kelly",
    params: ProfileParams | None = None,
) -> ReplayResult:
    """Both versions on `inputs` under the modelled per-level profile (`params`, or defaults)."""
    problems = inputs.problems()
    if problems:
        raise ValueError("; ".join(problems))
    if method not in METHOD_NAMES:
        raise ValueError(f"method must be one of {', '.join(METHOD_NAMES)}, got {method!r}")
    profile = level_profile(
        inputs.price,
        inputs.levels,
        inputs.leverage,
        "bid" if inputs.side == "bid" else "ask",
        params or ProfileParams(),
        price_decimals=inputs.price_decimals,
    )
    outcomes = {v: _run_version(v, inputs, profile, METHOD_NAMES[method]) for v in VERSIONS}
    fixed_facts = facts("with_fallback", inputs)
    return ReplayResult(
        inputs=inputs,
        method=METHOD_NAMES[method],
        profile=PROFILE_NAME if params is None else "the bot's default profile with overrides",
        pre=outcomes["pre_fallback"],
        fixed=outcomes["with_fallback"],
        pre_facts=facts("pre_fallback", inputs),
        fixed_facts=fixed_facts,
        thresholds=thresholds(inputs),
        notes=_notes(inputs),
    )


def _run_version(
    version: str, inputs: ReplayInputs, profile: Profile, method: str
) -> VersionOutcome:
    optimizer_inputs = OptimizerInputs(
        margin_available=math.inf if inputs.margin is None else inputs.margin,
        max_position=inputs.side_capacity,
        min_size=inputs.min_level_size,
        min_notional=inputs.min_notional,
        price=inputs.price,
        leverage=profile.leverage,
    )
    levels = [
        LevelParams(
            level.depth_bps,
            level.fill_intensity,
            level.spread_capture,
            level.margin_per_unit,
            level.adverse_selection,
        )
        for level in profile.levels
    ]
    kelly = KellyStochasticParams(**asdict(profile.kelly))
    allocation = run(version, method, optimizer_inputs, levels, kelly)
    orders = tuple(
        _placed(n, level.depth_bps, level.price, raw, inputs)
        for n, (level, raw) in enumerate(zip(profile.levels, allocation.sizes, strict=True))
        if raw > EPSILON
    )
    warning = bool(allocation.sizes) and not any(o.size > EPSILON for o in orders)
    return VersionOutcome(
        version=version,
        min_size=effective_min_size(version, inputs),
        sizes=allocation.sizes,
        shadow_price=allocation.shadow_price,
        margin_used=allocation.margin_used,
        position_used=allocation.position_used,
        binding_constraint=allocation.binding_constraint,
        fallback_fired=allocation.fallback_fired,
        fallback_level=allocation.fallback_level,
        orders=orders,
        warning=warning,
        silent=_silent(allocation.fallback_fired, orders, inputs),
    )


def _placed(
    level: int, depth: float, price: float, raw: float, inputs: ReplayInputs
) -> PlacedOrder:
    size = truncate_size(raw, inputs.sz_decimals)
    usd = size * price
    if size <= EPSILON:
        return PlacedOrder(level, depth, price, raw, size, usd, False, "truncated to zero")
    if usd < inputs.min_notional:
        note = f"under the ${inputs.min_notional:g} minimum after truncation: skipped"
        return PlacedOrder(level, depth, price, raw, size, usd, False, note)
    return PlacedOrder(level, depth, price, raw, size, usd, True)


def _silent(fired: bool, orders: tuple[PlacedOrder, ...], inputs: ReplayInputs) -> tuple[str, ...]:
    skipped = [o for o in orders if o.size > EPSILON and not o.accepted]
    if not skipped:
        return ()
    if fired:
        o = skipped[0]
        return (
            f"the fallback fires, but its order of {o.size:g} {inputs.coin} at level {o.level} "
            "is worth "
            f"${o.usd:.2f} after truncation, under ${inputs.min_notional:g}: the exchange "
            "minimum skips it at placement, with no warning in the log",
        )
    if len(orders) == 1:
        o = skipped[0]
        return (
            f"a lone level survives the filter (level {o.level}, {o.size:g} {inputs.coin}) but "
            "is worth "
            f"${o.usd:.2f} after truncation: skipped at placement; the fallback does not fire "
            "and no warning is logged",
        )
    return tuple(
        f"level {o.level} ({o.size:g} {inputs.coin}, ${o.usd:.2f}) is skipped at placement"
        for o in skipped
    )


def thresholds(inputs: ReplayInputs) -> tuple[Threshold, ...]:
    cap, price = inputs.side_capacity, inputs.price

    def make(name: str, capacity: float, meaning: str) -> Threshold:
        ratio = cap / capacity if capacity > 0 else math.inf
        return Threshold(name, capacity, capacity * price, ratio, meaning)

    return (
        make(
            "fixed_min_size",
            effective_min_size("with_fallback", inputs),
            "the fixed version's minimum size: under it nothing passes and the fallback "
            "cannot fire",
        ),
        make(
            "first_order",
            first_quoting_capacity(inputs),
            "the fixed version's smallest capacity whose one order survives truncation "
            "and the exchange minimum",
        ),
        make(
            "fixed_all_levels_certain",
            certain_levels_capacity("with_fallback", inputs),
            "from here the fixed version quotes without the fallback for any profile "
            "(capacity / levels passes)",
        ),
        make(
            "pre_min_size",
            inputs.min_level_size,
            "the running version's minimum size (min_level_size): under it nothing quotes",
        ),
        make(
            "pre_all_levels_certain",
            certain_levels_capacity("pre_fallback", inputs),
            "from here the running version certainly quotes (capacity / levels >= min_level_size)",
        ),
    )


def _notes(inputs: ReplayInputs) -> tuple[str, ...]:
    notes = []
    if inputs.margin is None:
        notes.append("margin unknown: the margin constraint was not applied")
    if inputs.min_notional > inputs.side_capacity * inputs.price:
        notes.append(
            f"min_notional ${inputs.min_notional:g} exceeds the whole capacity's value "
            f"${inputs.side_capacity * inputs.price:.2f}: no version can quote"
        )
    return tuple(notes)


# --- sweep: how much capacity does each version need? ------------------------------------------


@dataclass(frozen=True)
class SweepRow:
    version: str
    orders: int
    capacity: float
    """The smallest capacity found at which the version places at least `orders` orders."""
    usd: float
    margin_at_leverage: float


def sweep_capacity(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> tuple[SweepRow, ...]:
    """For each version and k = 1..levels, the capacity from which k orders are placed.

    A geometric scan (0.5 % steps, from a tenth of the first-order threshold up to 10 000
    times it), refined by bisection at each crossing, under the modelled profile.
    """
    start = first_quoting_capacity(inputs) / 10
    grid = [start * 1.005**n for n in range(int(math.log(1e5) / math.log(1.005)) + 1)]
    rows = []
    for version in VERSIONS:

        def placed(cap: float, version: str = version) -> int:
            probe = ReplayInputs(**{**asdict(inputs), "side_capacity": cap})
            outcome = replay(probe, method, params)
            chosen = outcome.pre if version == "pre_fallback" else outcome.fixed
            return len(chosen.accepted)

        previous = 0.0
        wanted = 1
        for cap in grid:
            count = placed(cap)
            while wanted <= inputs.levels and count >= wanted:
                found = _bisect(placed, previous, cap, wanted)
                rows.append(
                    SweepRow(
                        version,
                        wanted,
                        found,
                        found * inputs.price,
                        found * inputs.price / inputs.leverage,
                    )
                )
                wanted += 1
            if wanted > inputs.levels:
                break
            previous = cap
    return tuple(rows)


def _bisect(placed: Any, low: float, high: float, wanted: int) -> float:
    for _ in range(40):
        middle = (low + high) / 2
        if placed(middle) >= wanted:
            high = middle
        else:
            low = middle
    return high
