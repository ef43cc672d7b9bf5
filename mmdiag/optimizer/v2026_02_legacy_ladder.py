"""ladder_strat's legacy path from 2026-02-09 (ce98505) to the head (6c17115), one side.

The steps of `generate_ladder` after the side's capacity is known, as each release has them
(`Release` says which); the versions (`v2026_02_09_size_cap` ...) are one `Release` each:

1. the margin the side's optimizer gets (`v2026_02_legacy_margin`): a share of
   `margin_available` (50 %, 70 % from 9d8fd75, regime-dependent from 6a432ff) split between
   the sides by inventory, flow, urgency and knife scores, later by other signals; INFO
   `Margin allocation (...)`;
2. `available_margin < EPSILON`: WARN, and the generator's own ladder is quoted (to d116d41)
   or the side stays empty for the guaranteed quote;
3. the level count the capacity allows (WARN `Reducing ladder levels ...`), from 19232ae a
   WARN when one minimum order exceeds `effective_max_position`; the minimum is
   factor x min_notional / microprice (1.05, 1.01 from 9d8fd75, 1.15 from 19232ae), from
   d1d2d49 SizeQuantum's `min_viable_size`;
4. the entropy optimizer (`mmdiag.optimizer.entropy`, INFO `Entropy optimizer applied to
   ...`), or from 2e9e412 an equal split for the Micro and Small capital tiers; sizes
   truncated to sz_decimals;
5. the per-level cap (ce98505): no order above max(max_position x 25 %, the minimum),
   truncated (INFO `Per-level size cap applied ...`); from 3c0b542 the self-impact cap;
6. `retain`: size > 0.8 x min_notional / microprice, > min_viable_size (d1d2d49), >= it
   (412cebb);
7. the concentration fallback: a side left empty gets min(capacity, per-order cap) at the
   tightest depth if worth min_notional (INFO `... concentration fallback: single order at
   tightest depth (size-capped)`, else WARN `All ... levels filtered out (total size below
   min_notional)`); only a side that had levels until 2713f35; from d1d2d49 the size is
   `clamp_to_viable` (rounded UP to one minimum order when the capacity is smaller), the depth
   max(5 bps, min_depth_bps), and a side the position zone cleared is skipped;
8. from d116d41 the guaranteed quote: a side still empty gets one minimum order wide of the
   mid (INFO `GUARANTEED BID: floor quote placed (min_viable size)`).

Not ported (they never change a size): the cost-basis price clamp of 2713f35 (it moves the
prices of a side when the bot holds a position with a known entry; the port assumes none,
`avg_entry_price` None) and the DEBUG lines. The capacity (`available_position`) is the
side's after every cap the bot applies before sizing (pending exposure, exchange limits,
reduce-only, toxicity, Kelly, exposure budget, flip gate): what the bot logs as
`available_position`.

Messages that need both sides are told for this side alone: the level-count WARN fires in
the bot when either side is cut (here: when this one is), the per-level cap INFO when any
level of either side is capped, and `Ladder completely empty` (both sides empty) is left out.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass
from typing import Any

from mmdiag.optimizer import entropy, guaranteed
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin
from mmdiag.optimizer.exchange import powi, round_price, truncate_size
from mmdiag.optimizer.guaranteed import FLOOR as GUARANTEED
from mmdiag.optimizer.numeric import EPSILON, fdiv, rmax, rmin
from mmdiag.optimizer.quantum import SizeQuantum
from mmdiag.optimizer.sizing import (
    EMPTY,
    NORMAL,
    SideSizing,
    SideState,
    SizingVersion,
    level_params,
)
from mmdiag.optimizer.v2026_02_legacy_margin import MarginSplit, inventory_ratio

MARGIN_UNAVAILABLE = "margin_unavailable"
CONCENTRATION = "concentration"
#: Logged at INFO whenever the entropy optimizer sizes a side (ladder_strat@ce98505:1444,
#: 1516, every release to the head).
EVIDENCE = ("Entropy optimizer applied to bids", "Entropy optimizer applied to asks")
#: Only this path logs them, from ce98505 to the head (ladder_strat@ce98505:1556, 1615, 1666).
CAP_EVIDENCE = (
    "Per-level size cap applied",
    "concentration fallback: single order at tightest depth (size-capped)",
)
#: `MAX_SINGLE_ORDER_FRACTION` (ladder_strat@ce98505:26, unchanged to the head).
MAX_SINGLE_ORDER_FRACTION = 0.25
#: `MIN_VIABLE_DEPTH_BPS` (config/capacity.rs@d1d2d49), the depth the fallback uses from
#: d1d2d49 (`capacity_budget.min_viable_depth_bps`, or 5.0 without a budget).
MIN_VIABLE_DEPTH_BPS = 5.0
_USIZE_MAX = 2**64 - 1


@dataclass(frozen=True)
class Release:
    """What one release of ladder_strat's legacy path does, step by step."""

    commit: str
    day: str
    """The release date: picks the entropy optimizer's code and its regime's form."""
    margin: MarginSplit
    """The share of margin_available and its split (`v2026_02_legacy_margin`)."""
    skip_quotes_generator: bool = True
    """Without margin the generator's ladder is quoted (to d116d41); else the side stays
    empty and the guaranteed quote decides."""
    level_factor: float | None = 1.05
    """min_meaningful_size = factor x min_notional / microprice; None: SizeQuantum (d1d2d49),
    which also changes the retain, the fallback's size and its depth."""
    position_limit_warning: bool = False
    equal_weight_tiers: bool = False
    diagnostics: bool = False
    self_impact: bool = False
    retain_at_or_above: bool = False
    fallback_on_empty: bool = False
    """The fallback also serves a side the generator left empty (2713f35)."""
    zone_clear: float | None = None
    """|inventory ratio| from which the fallback (and the guaranteed quote) skip the side that
    would add to the position (d1d2d49: the Red zone, 0.8; 547f779: 1.0; 9ef59cf: 0.9)."""
    guaranteed: bool = False
    """A side still empty gets the guaranteed quote (d116d41): `mmdiag.optimizer.guaranteed`,
    its form picked by the release date."""
    num_levels: int = 25
    """`LadderConfig::default().num_levels` (quoting/ladder/mod.rs@ce98505: 25, @9d8fd75: 10)."""
    entropy_settings: tuple[float, float, float, int] = (2.2, 1.5, 0.04, 5)
    """`StochasticConfig::default()`'s entropy_min_entropy, entropy_base_temperature,
    entropy_min_allocation_floor and entropy_thompson_samples, what the params aggregator hands
    the strategy (config/stochastic.rs@ce98505: 2.0, 1.2, 0.04, 5; @9d8fd75 to the head: 2.2,
    1.5, 0.04, 5; strategy/params/aggregator.rs@ce98505:509-512)."""
    intensity_regime: bool = False
    """`build_market_regime` reads `tail_risk_intensity` (5fd4533) instead of
    `tail_risk_multiplier`."""

    @property
    def code(self) -> entropy.EntropyCode:
        return entropy.code_at(self.day)

    @property
    def regime_day(self) -> str:
        """The day `entropy.build_market_regime` is asked for: its two forms by date."""
        return entropy.REGIME_INTENSITY_FROM if self.intensity_regime else "2026-02-18"

    @property
    def quantum(self) -> bool:
        return self.level_factor is None

    @property
    def skip_message(self) -> str:
        tail = (
            "warmup incomplete?"
            if self.skip_quotes_generator
            else "falling through to guaranteed quotes"
        )
        return f"WARN:Constrained optimizer skipped: margin not yet available ({tail})"


# -- the inputs ------------------------------------------------------------------------------

COMMON_INPUTS = (
    "side",
    "available_margin",
    "leverage",
    "microprice",
    "available_position",
    "max_position",
    "effective_max_position",
    "position",
    "min_notional",
    "sz_decimals",
    "decimals",
    "levels",
    "num_levels",
    "min_depth_bps",
    "jump_ratio",
    "sigma_effective",
    "book_imbalance",
    "entropy_min_entropy",
    "entropy_base_temperature",
    "entropy_min_allocation_floor",
    "entropy_thompson_samples",
    "gamma_draws",
)


def inputs_of(release: Release) -> tuple[str, ...]:
    """`run`'s keyword arguments for a release: the bot's names for what it reads."""
    names = list(COMMON_INPUTS)
    names.append("tail_risk_intensity" if release.intensity_regime else "tail_risk_multiplier")
    names += legacy_margin.inputs_of(release.margin)
    names.append("ladder_sizes")
    if release.equal_weight_tiers:
        names.append("capital_tier")
    if release.self_impact:
        names += ["near_touch_depth_usd", "self_impact_max_ratio"]
    if release.guaranteed:
        names += ["fee_bps", "tick_size_bps", "glft_optimal_bps", "effective_floor_bps"]
    return tuple(dict.fromkeys(names))


def paths_of(release: Release) -> tuple[str, ...]:
    found = [NORMAL, CONCENTRATION, MARGIN_UNAVAILABLE]
    if release.guaranteed:
        found.append(GUARANTEED)
    return (*found, EMPTY)


# -- the side ---------------------------------------------------------------------------


@dataclass
class _Side:
    """One side on its way through the steps."""

    release: Release
    inputs: dict[str, Any]
    messages: list[str]

    @property
    def name(self) -> str:
        return str(self.inputs["side"])

    @property
    def sz_decimals(self) -> int:
        return int(self.inputs["sz_decimals"])

    def f(self, key: str) -> float:
        return float(self.inputs[key])

    def answer(
        self, sizes: list[float], path: str, price: float | None = None, depth: float = 0.0
    ) -> SideSizing:
        """Per-level sizes, or the one order a fallback places at its own price and depth."""
        if price is None:
            return SideSizing(sizes=tuple(sizes), path=path, messages=tuple(self.messages))
        return SideSizing(
            sizes=tuple(sizes),
            prices=(price,),
            depths_bps=(depth,),
            path=path,
            messages=tuple(self.messages),
        )


def side_sizing(release: Release, **inputs: Any) -> SideSizing:
    """One side through the release's steps (see the module's docstring)."""
    side = _Side(release, inputs, [])
    levels = level_params(inputs["levels"])
    side_margin = legacy_margin.margin_for_side(release.margin, inputs, side.messages)
    margin_skip = side.f("available_margin") < EPSILON
    if margin_skip:
        side.messages.append(release.skip_message)
        if release.skip_quotes_generator:
            return side.answer(_generated(inputs, len(levels)), MARGIN_UNAVAILABLE)
    quantum = SizeQuantum.compute(side.f("min_notional"), side.f("microprice"), side.sz_decimals)
    minimum = min_order_size(release, quantum, inputs)
    _level_count(side, minimum)
    if margin_skip:
        return _guaranteed(side, quantum, MARGIN_UNAVAILABLE, len(levels))
    if release.diagnostics:
        side.messages.append("INFO:DIAGNOSTIC: pre-generate ladder depths")
        side.messages.append("INFO:DIAGNOSTIC: post-generate ladder levels")
    sizes = _optimized(side, levels, side_margin)
    _cap_levels(side, sizes, minimum)
    threshold = (
        quantum.min_viable_size
        if release.quantum
        else fdiv(side.f("min_notional") * 0.8, side.f("microprice"))
    )
    kept = [_kept(release, size, threshold) for size in sizes]
    if any(kept):
        return side.answer([s if k else 0.0 for s, k in zip(sizes, kept, strict=True)], NORMAL)
    if (levels or release.fallback_on_empty) and not _cleared_by_zone(side):
        found = _fallback(side, quantum, minimum)
        if found is not None:
            return found
    return _guaranteed(side, quantum, EMPTY, len(levels))


def min_order_size(release: Release, quantum: SizeQuantum, inputs: dict[str, Any]) -> float:
    """`min_meaningful_size` = factor x min_notional / microprice, from d1d2d49 the quantum's
    `min_viable_size` (ladder_strat@ce98505:1332, @9d8fd75:1367, @19232ae:1379,
    @d1d2d49:1608)."""
    if release.level_factor is None:
        return quantum.min_viable_size
    return fdiv(float(inputs["min_notional"]) * release.level_factor, float(inputs["microprice"]))


def _generated(inputs: dict[str, Any], count: int) -> list[float]:
    """`return Ladder::generate(...)` without margin: the generator's own sizes (NaN when not
    given), quoted untouched."""
    given = inputs["ladder_sizes"]
    if given is None:
        return [math.nan] * count
    return [float(s) for s in list(given)[:count]]


def _level_count(side: _Side, minimum: float) -> None:
    """How many levels the capacity allows; it only warns (ladder_strat@ce98505:1321-1365,
    @19232ae:1381-1388)."""
    if side.release.position_limit_warning and minimum > side.f("effective_max_position"):
        side.messages.append(
            "WARN:POSITION LIMIT TOO SMALL: cannot place orders meeting exchange minimum"
        )
    capacity = side.f("available_position")
    allowed = max(_floor_as_usize(fdiv(capacity, minimum)), 1) if capacity > EPSILON else 0
    if min(int(side.inputs["num_levels"]), allowed) < int(side.inputs["num_levels"]):
        side.messages.append("WARN:Reducing ladder levels due to tight exchange limits")


def _floor_as_usize(x: float) -> int:
    """`x.floor() as usize`: saturating, NaN and negatives to 0."""
    if math.isnan(x) or x <= 0.0:
        return 0
    return _USIZE_MAX if x >= float(_USIZE_MAX) else math.floor(x)


# -- 4. the optimizer ------------------------------------------------------------------------


def _optimized(side: _Side, levels: list[Any], margin: float) -> list[float]:
    """Every level's size: the entropy optimizer's, or from 2e9e412 an equal split of the
    capacity for the tiers whose policy skips it (Micro, Small: config/capacity.rs@2e9e412
    `CapitalAwarePolicy::from_tier`); truncated to sz_decimals (ladder_strat@ce98505:1411-1452,
    @2e9e412:1756-1815)."""
    if not levels:
        return []
    if side.release.equal_weight_tiers and side.inputs["capital_tier"] in ("Micro", "Small"):
        equal_size = side.f("available_position") / float(max(len(levels), 1))
        return [truncate_size(equal_size, side.sz_decimals) for _ in levels]
    allocation = _entropy(side, levels, margin)
    side.messages.append(f"INFO:Entropy optimizer applied to {side.name}s")
    # A level the allocation does not reach (none with 0 Thompson samples) keeps the
    # generator's size.
    sizes = _generated(side.inputs, len(levels))
    for i, size in enumerate(allocation.sizes[: len(levels)]):
        sizes[i] = truncate_size(size, side.sz_decimals)
    return sizes


def _entropy(side: _Side, levels: list[Any], margin: float) -> entropy.EntropyAllocation:
    release, inputs = side.release, side.inputs
    config = entropy.OptimizerConfig.for_code(
        release.code,
        min_entropy=side.f("entropy_min_entropy"),
        base_temperature=side.f("entropy_base_temperature"),
        min_allocation_floor=side.f("entropy_min_allocation_floor"),
        thompson_samples=int(inputs["entropy_thompson_samples"]),
        min_notional=side.f("min_notional"),
    )
    regime = entropy.build_market_regime(
        release.regime_day,
        jump_ratio=side.f("jump_ratio"),
        sigma_effective=side.f("sigma_effective"),
        book_imbalance=side.f("book_imbalance"),
        tail_risk_multiplier=float(inputs.get("tail_risk_multiplier", 1.0)),
        tail_risk_intensity=float(inputs.get("tail_risk_intensity", 0.0)),
    )
    return entropy.optimize(
        release.code,
        config,
        price=side.f("microprice"),
        margin_available=margin,
        max_position=side.f("available_position"),
        leverage=rmax(side.f("leverage"), 1.0),
        levels=levels,
        regime=regime,
        gamma_draws=inputs["gamma_draws"],
    )


# -- 5. the caps -----------------------------------------------------------------------------


def _cap_levels(side: _Side, sizes: list[float], minimum: float) -> None:
    """No order above max(max_position x 25 %, the minimum), truncated (ladder_strat@ce98505:
    1529-1559); from 3c0b542 none above self_impact_max_ratio x the book's near-touch depth in
    coins, not truncated (@3c0b542:2533-2554, 3156-3161)."""
    cap = truncate_size(
        rmax(side.f("max_position") * MAX_SINGLE_ORDER_FRACTION, minimum), side.sz_decimals
    )
    capped = False
    for i, size in enumerate(sizes):
        if size > cap:
            capped = True
            sizes[i] = cap
    if capped:
        side.messages.append(
            "INFO:Per-level size cap applied: no single order exceeds 25% of risk max position"
        )
    if not side.release.self_impact:
        return
    depth = fdiv(side.f("near_touch_depth_usd"), rmax(side.f("microprice"), 1e-8))
    ratio = side.f("self_impact_max_ratio")
    if not (depth > 0.0 and ratio > 0.0):
        return
    capped = False
    for i, size in enumerate(sizes):
        limited = rmin(size, ratio * depth)
        if limited < size:
            capped = True
            sizes[i] = limited
    if capped:
        side.messages.append(
            "INFO:Self-impact cap applied (legacy): order sizes capped to avoid book dominance"
        )


def _kept(release: Release, size: float, threshold: float) -> bool:
    """`retain`: above 0.8 x min_notional / microprice, above the quantum from d1d2d49, at
    or above it from 412cebb."""
    return size >= threshold if release.retain_at_or_above else size > threshold


# -- 7. the concentration fallback ------------------------------------------------------------


def _cleared_by_zone(side: _Side) -> bool:
    """The side that would add to the position, once |inventory ratio| reaches the release's
    threshold (the Red zone from d1d2d49)."""
    threshold = side.release.zone_clear
    if threshold is None:
        return False
    ratio = inventory_ratio(side.inputs)
    position = side.f("position")
    adds = position > 0.0 if side.name == "bid" else position < 0.0
    return abs(ratio) >= threshold and adds


def _fallback(side: _Side, quantum: SizeQuantum, minimum: float) -> SideSizing | None:
    """min(capacity, per-order cap) at the tightest depth, if worth min_notional
    (ladder_strat@ce98505:1569-1678, @2713f35:1733-1847, @d1d2d49:1854-1968)."""
    release = side.release
    per_order_cap = rmax(side.f("max_position") * MAX_SINGLE_ORDER_FRACTION, minimum)
    wanted = rmin(side.f("available_position"), per_order_cap)
    if release.quantum:
        total = quantum.clamp_to_viable(wanted, True) or 0.0
        fires = quantum.is_sufficient(total) and total > 1e-10
        depth = rmax(MIN_VIABLE_DEPTH_BPS, side.f("min_depth_bps"))
    else:
        total = truncate_size(wanted, side.sz_decimals)
        fires = total * side.f("microprice") >= side.f("min_notional") and total > 1e-10
        depth = side.f("min_depth_bps")
    if not fires:
        side.messages.append(
            f"WARN:All {side.name} levels filtered out (total size below min_notional)"
        )
        return None
    microprice = side.f("microprice")
    offset = microprice * (depth / 10000.0)
    quoted = microprice - offset if side.name == "bid" else microprice + offset
    price = round_price(quoted, int(side.inputs["decimals"]))
    side.messages.append(
        f"INFO:{side.name.capitalize()} concentration fallback: single order at tightest "
        "depth (size-capped)"
    )
    return side.answer([total], CONCENTRATION, price, depth)


# -- 8. the guaranteed quote ------------------------------------------------------------------


def _guaranteed(side: _Side, quantum: SizeQuantum, path: str, count: int) -> SideSizing:
    """From d116d41 an empty side gets the guaranteed quote (`mmdiag.optimizer.guaranteed`,
    ladder_strat@d116d41:2392-2482); before, it stays empty."""
    code = guaranteed.floor_code(side.release.day) if side.release.guaranteed else None
    quote = None
    if code is not None:
        quote = guaranteed.floor_quote(
            code,
            side=side.name,
            microprice=side.f("microprice"),
            decimals=int(side.inputs["decimals"]),
            fee_bps=side.f("fee_bps"),
            tick_size_bps=side.f("tick_size_bps"),
            glft_optimal_bps=side.f("glft_optimal_bps"),
            effective_floor_bps=side.f("effective_floor_bps"),
            position=side.f("position"),
            effective_max_position=side.f("effective_max_position"),
            quantum=quantum,
        )
    if quote is None:
        return side.answer([0.0] * count, path)
    side.messages.append(quote.message)
    return side.answer([quote.size], GUARANTEED, quote.price, quote.depth_bps)


# -- inputs from a replay's state ---------------------------------------------------------

#: What no sizing message holds: `MarketParams::default()` (strategy/market_params.rs@ce98505,
#: @6a432ff, @292edfa `impl Default`), `LadderConfig::default()` (quoting/ladder/mod.rs:
#: min_depth_bps 2.0, @3c0b542 self_impact_max_ratio 0.30) and
#: `RiskConfig::default().maker_fee_rate` x 1e4 (strategy/risk_config.rs@d116d41:408, 1.5 bps);
#: the entropy settings are the release's (`Release.entropy_settings`).
DEFAULTS: dict[str, Any] = {
    "jump_ratio": 1.0,
    "sigma_effective": 0.0001,
    "tail_risk_multiplier": 1.0,
    "tail_risk_intensity": 0.0,
    "book_imbalance": 0.0,
    "position": 0.0,
    "flow_imbalance": 0.0,
    "position_opposes_momentum": False,
    "urgency_score": 0.0,
    "falling_knife_score": 0.0,
    "rising_knife_score": 0.0,
    "predicted_alpha": 0.0,
    "lead_lag_signal_bps": 0.0,
    "regime_gamma_multiplier": 1.0,
    "kill_switch_headroom": 1.0,
    "adaptive_warmup_progress": 0.0,
    "prob_bearish": 0.5,
    "dynamic_max_position": 0.0,
    "available_bid_budget": sys.float_info.max,
    "available_ask_budget": sys.float_info.max,
    "belief_confidence": 0.0,
    "warmup_size_mult": 1.0,
    "drift_uncertainty_bps": 0.0,
    "drift_rate_per_sec_raw": 0.0,
    "conviction_corroboration": 0,
    "conviction_score": 0.0,
    "conviction_q_target": 0.0,
    "conviction_margin_shift": 0.0,
    "near_touch_depth_usd": 0.0,
    "self_impact_max_ratio": 0.30,
    "min_depth_bps": 2.0,
    "fee_bps": 0.00015 * 10_000.0,
    "glft_optimal_bps": 0.0,
    "effective_floor_bps": 0.0,
    "ladder_sizes": None,
}

NOT_FROM_LOG = (
    "the Thompson draws: the bot seeds from entropy each cycle; inputs_from samples them",
    "max_position (the user's limit: every order at most 25% of it) and "
    "effective_max_position: INFO 'Quoting capacity: ...' logs both each cycle "
    "(user_max_position, effective_max_position); without them the side's capacity",
    "position: flat unless given (the margin INFO logs inventory_ratio)",
    "the entropy settings: StochasticConfig::default() of the release (2.0, 1.2, 0.04, 5; "
    "2.2, 1.5, 0.04, 5 from 9d8fd75)",
    "the optimizer's regime (jump_ratio, sigma_effective, tail_risk_multiplier or "
    "tail_risk_intensity, book_imbalance) and the split's signals (flow_imbalance and "
    "urgency_score are in the margin INFO, knife scores in [SIGNALS]; alpha, lead-lag, "
    "P(bearish), budgets, drift, conviction are logged only in part): MarketParams::default() "
    "unless given",
    "capital_tier (2026-02-16 on): no legacy-path line logs it; the quote engine's rule "
    "(CapacityBudget::compute: floor(the larger side's capacity / min_viable_size) minimum "
    "orders, 0-2 Micro, 3-5 Small, 6-15 Medium, 16+ Large) on effective_max_position and "
    "position",
    "the guaranteed quote's glft_optimal_bps and effective_floor_bps ([SPREAD TRACE] logs "
    "them at INFO): 0 unless given, the quote then at fee + tick; tick_size_bps the quote "
    "engine's compute_tick_size_bps(mid)",
    "num_levels: LadderConfig::default() (25, 10 from 9d8fd75) unless given; the bot may have "
    "cut it to what capital allows",
)


def capital_tier(effective_max_position: float, position: float, min_viable_size: float) -> str:
    """config/capacity.rs@d1d2d49 `CapacityBudget::compute`: the tier from how many minimum
    orders the larger side's capacity (effective_max_position -/+ position) holds."""
    if position >= 0.0:
        sides = (effective_max_position - position, effective_max_position + position)
    else:
        sides = (effective_max_position + abs(position), effective_max_position - abs(position))
    best = rmax(rmax(sides[0], 0.0), rmax(sides[1], 0.0))
    levels = _floor_as_usize(fdiv(best, min_viable_size)) if min_viable_size > 0.0 else 0
    if levels <= 2:
        return "Micro"
    if levels <= 5:
        return "Small"
    return "Medium" if levels <= 15 else "Large"


def tick_size_bps(mid_price: float) -> float:
    """The quote engine's `compute_tick_size_bps` (orchestrator/quote_engine.rs@d116d41:
    3566-3576): a 5-significant-figure tick, in bps of the mid, at least 0.01."""
    if not mid_price > 0.0:
        return 1.0
    integer_digits = max(math.floor(math.log10(mid_price)) + 1, 1)
    decimal_places = max(5 - integer_digits, 0)
    return rmax(powi(10.0, -decimal_places) / mid_price * 10_000.0, 0.01)


def inputs_from(release: Release, state: SideState, draws: random.Random) -> dict[str, Any]:
    """A replay's side state as `run`'s inputs; every default overridable by
    `state.options` under the same name."""
    values: dict[str, Any] = {
        **DEFAULTS,
        "side": state.side,
        "available_margin": state.margin,
        "leverage": state.leverage,
        "microprice": state.mid,
        "available_position": state.capacity,
        "max_position": state.capacity,
        "effective_max_position": state.capacity,
        "min_notional": state.min_notional,
        "sz_decimals": state.sz_decimals,
        "decimals": state.price_decimals,
        "levels": state.level_inputs(),
        "num_levels": release.num_levels,
        "entropy_min_entropy": release.entropy_settings[0],
        "entropy_base_temperature": release.entropy_settings[1],
        "entropy_min_allocation_floor": release.entropy_settings[2],
        "entropy_thompson_samples": release.entropy_settings[3],
        "tick_size_bps": tick_size_bps(state.mid),
        "gamma_draws": entropy.gamma_source(draws),
    }
    values.update(state.options)
    if "capital_tier" not in state.options:
        quantum = SizeQuantum.compute(state.min_notional, state.mid, state.sz_decimals)
        values["capital_tier"] = capital_tier(
            float(values["effective_max_position"]),
            float(values["position"]),
            quantum.min_viable_size,
        )
    return {name: values[name] for name in inputs_of(release)}


# -- one version per release --------------------------------------------------------------


def version(
    release: Release,
    *,
    name: str,
    first: str,
    last: str | None,
    summary: str,
    evidence: tuple[str, ...] = (),
) -> SizingVersion:
    """The SizingVersion of one release: `run` and `inputs_from` bound to it."""

    def run(**inputs: Any) -> SideSizing:
        return side_sizing(release, **inputs)

    def sample(state: SideState, draws: random.Random) -> dict[str, Any]:
        return inputs_from(release, state, draws)

    return SizingVersion(
        name=name,
        commit=release.commit,
        first=first,
        last=last,
        inputs=inputs_of(release),
        paths=paths_of(release),
        summary=summary,
        run=run,
        inputs_from=sample,
        ladder="legacy",
        evidence=(*EVIDENCE, *evidence),
        runs_by_default=not name.endswith("-legacy"),
        stochastic=True,
        not_from_log=NOT_FROM_LOG,
    )
