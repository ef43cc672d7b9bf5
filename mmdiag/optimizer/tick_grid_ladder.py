"""ladder_strat's tick-grid path, 2026-02-17 (6a432ff) to the head (6c17115), one side.

`generate_ladder` takes it whenever `market_params.capital_policy.use_tick_grid`, which every
capital tier sets (capacity.rs@6a432ff:400-463, unchanged to the head) and quote_engine
installs each cycle from the `CapacityBudget` (quote_engine.rs@6a432ff:2380): only the bot's
tests turn it off, so from 6a432ff on the legacy path runs in no default configuration.

One cycle, one side (`TickGridCode` says what each release does):

1. margin: `available_margin < EPSILON` logs WARN `Constrained optimizer skipped: ...`; until
   d116d41 the generator's own ladder is then returned (`margin_unavailable`), from d116d41 the
   side is left empty for the guaranteed quote floor;
2. `SizeQuantum::compute(min_notional, microprice, sz_decimals)` (`quantum`); WARN `POSITION
   LIMIT TOO SMALL` when its minimum exceeds `effective_max_position`; the level count the
   capacity allows, `max(floor(capacity / min_viable_size), 1)` (0 at no capacity), and a WARN
   `Reducing ladder levels ...` when under `num_levels` (the count decides nothing here);
3. the grid: `touch_bps = max(glft_optimal_bps, effective_floor_bps)`; `max_depth_bps` from
   the touch and the tier (and until d116d41 `kappa_spread_bps`); `effective_levels` =
   the tier's `max_levels_per_side`, from 71a9ef8 scaled down under 15 % API headroom (at
   least 2); ticks of `10^-decimals` from the touch out (`tick_grid`), scored, the best
   `effective_levels` kept; from 4156b33 conviction may tighten one side's touch;
4. sizes (`risk_budget`): greedy at 6a432ff, softmax from 71a9ef8 (temperature from the
   regime, warm-up and the yellow inventory zone), uniform when capacity covers at most four
   minimum orders from d116d41; each size truncated to sz_decimals and kept only when it
   reaches `min_viable_size`; no concentration fallback;
5. the accumulating side is cleared at high inventory; prices rounded to 5 significant figures
   and `decimals`; Micro and Small tiers widen each depth by `spread_compensation_mult`
   (prices recomputed from the microprice); from 3c0b542 sizes capped at
   `self_impact_max_ratio` of the near-touch book depth (INFO `Self-impact cap applied ...`),
   which can leave an order under `min_viable_size` and not truncated to sz_decimals;
   INFO `Tick-grid ladder ...` (logged every cycle the grid runs);
6. from d116d41 the guaranteed quote floor (`guaranteed`) for a side left with no level.

Inputs are ladder_strat's locals and fields where the tick grid reads them; the side's
capacity and margin are `SideRiskBudget`'s `position_capacity` and `margin_capacity`
(`available_for_bids` / `margin_for_bids` or the asks'), after every cap and split the bot
applies before (not ported: the log's `Margin allocation` INFO holds the split,
`Reducing ladder levels` the capacities). Messages that need both sides are told for this
side alone (the bot logs `Reducing ladder levels` and `Self-impact cap applied` when either
side is concerned). A `should_pull_quotes` cycle returns an empty ladder before any of this
until 799d47e (2026-02-20), and is not an input.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from mmdiag.optimizer import guaranteed, risk_budget
from mmdiag.optimizer.entropy import clamp
from mmdiag.optimizer.exchange import powi, round_price
from mmdiag.optimizer.guaranteed import FLOOR, FloorCode
from mmdiag.optimizer.numeric import EPSILON, fdiv, rmax, rmin
from mmdiag.optimizer.quantum import SizeQuantum, fceil
from mmdiag.optimizer.risk_budget import SideRiskBudget, SoftmaxParams, usize_floor
from mmdiag.optimizer.sizing import EMPTY, NORMAL, SideSizing, SideState, SizingVersion
from mmdiag.optimizer.tick_grid import (
    TickGridConfig,
    TickScoringParams,
    enumerate_ticks,
    score_ticks,
    select_optimal_ticks,
)

MARGIN_UNAVAILABLE = "margin_unavailable"
SOFTMAX_MESSAGE = "Tick-grid ladder: utility-weighted softmax allocation"
GREEDY_MESSAGE = "Tick-grid ladder generated (exchange-aligned, unique prices by construction)"
SELF_IMPACT_MESSAGE = "Self-impact cap applied: order sizes capped to avoid book dominance"
SKIP_TO_GENERATOR = "Constrained optimizer skipped: margin not yet available (warmup incomplete?)"
SKIP_TO_FLOOR = (
    "Constrained optimizer skipped: margin not yet available (falling through to guaranteed quotes)"
)
#: Logged at INFO every cycle the tick grid runs: the path's mark in a log.
EVIDENCE = (SOFTMAX_MESSAGE, GREEDY_MESSAGE)


@dataclass(frozen=True)
class TierPolicy:
    """`CapitalAwarePolicy::from_tier`'s tick-grid fields (capacity.rs@71a9ef8:387-478, the
    same at every commit to the head; `depth_range_multiplier` from 71a9ef8)."""

    max_levels_per_side: int
    min_tick_spacing_mult: float
    max_single_order_fraction: float
    spread_compensation_mult: float
    depth_range_multiplier: float


POLICIES = {
    "Micro": TierPolicy(2, 3.0, 0.40, 1.15, 2.5),
    "Small": TierPolicy(4, 2.0, 0.30, 1.05, 3.0),
    "Medium": TierPolicy(8, 1.0, 0.25, 1.0, 4.0),
    "Large": TierPolicy(15, 1.0, 0.20, 1.0, 5.0),
}


@dataclass(frozen=True)
class TickGridCode:
    """What one release's tick-grid path does."""

    commit: str
    allocation: str
    """A `risk_budget` form."""
    max_depth: str
    """`kappa_x4` (6a432ff: kappa cap or 4 x touch, at least 2 x touch), `kappa_range`
    (71a9ef8: kappa cap or the tier's range, at least the range, at most 100), `range`
    (d116d41: the tier's range, at most 100)."""
    message: str
    yellow: tuple[float, float]
    """|inventory ratio| in [low, high) raises the temperature (`PositionZone::Yellow`, then
    `abs_inventory_ratio >= 0.6` from 547f779)."""
    clear_at: float
    """|inventory ratio| from which the accumulating side gets no tick level."""
    floor: FloorCode | None = None
    headroom_levels: bool = True
    sc_as_ratio: bool = False
    conviction: bool = False
    self_impact: bool = False
    scaled_decay: bool = False
    """d2a105e: AS decay at the touch (3..30 bps), entropy floor and level fraction from
    `effective_levels`."""
    touch_always: bool = False


def inputs_of(code: TickGridCode) -> tuple[str, ...]:
    """`run`'s keyword arguments for a release: the bot's names for what it reads."""
    names = [
        "side",
        "microprice",
        "decimals",
        "sz_decimals",
        "min_notional",
        "leverage",
        "available_margin",
        "position_capacity",
        "margin_capacity",
        "position",
        "effective_max_position",
        "num_levels",
        "tier",
        "glft_optimal_bps",
        "effective_floor_bps",
        "as_at_touch_bps",
        "maker_fee_rate",
        "sigma",
        "kelly_time_horizon",
    ]
    if code.max_depth != "range":
        names.append("kappa_spread_bps")
    if code.floor is None:
        names.append("ladder_sizes")
    else:
        names.append("tick_size_bps")
    if code.allocation != risk_budget.GREEDY:
        names += ["regime_gamma_multiplier", "adaptive_warmup_progress"]
    if code.headroom_levels:
        names.append("rate_limit_headroom_pct")
    if code.conviction:
        names += ["conviction_ask_tightening", "conviction_direction", "conviction_corroboration"]
    if code.self_impact:
        names += ["near_touch_depth_usd", "self_impact_max_ratio"]
    return tuple(names)


def paths_of(code: TickGridCode) -> tuple[str, ...]:
    if code.floor is None:
        return (NORMAL, MARGIN_UNAVAILABLE, EMPTY)
    return (NORMAL, FLOOR, EMPTY)


# -- the side ---------------------------------------------------------------------------


@dataclass
class _Level:
    price: float
    size: float
    depth_bps: float


def side_sizing(code: TickGridCode, **inputs: Any) -> SideSizing:
    messages: list[str] = []
    margin_skip = float(inputs["available_margin"]) < EPSILON
    if margin_skip and code.floor is None:
        messages.append(f"WARN:{SKIP_TO_GENERATOR}")
        given = inputs["ladder_sizes"]
        sizes = tuple(float(s) for s in given) if given is not None else ()
        return SideSizing(sizes=sizes, path=MARGIN_UNAVAILABLE, messages=tuple(messages))
    if margin_skip:
        messages.append(f"WARN:{SKIP_TO_FLOOR}")
    quantum = SizeQuantum.compute(
        float(inputs["min_notional"]), float(inputs["microprice"]), int(inputs["sz_decimals"])
    )
    _level_count_warnings(inputs, quantum, messages)
    levels = [] if margin_skip else _tick_grid(code, inputs, quantum, messages)
    path = NORMAL if any(level.size > EPSILON for level in levels) else EMPTY
    if not levels and code.floor is not None:
        quote = _floor(code.floor, inputs, quantum)
        if quote is not None:
            levels = [_Level(quote.price, quote.size, quote.depth_bps)]
            messages.append(quote.message)
            path = FLOOR
    return SideSizing(
        sizes=tuple(level.size for level in levels),
        prices=tuple(level.price for level in levels),
        depths_bps=tuple(level.depth_bps for level in levels),
        path=path,
        messages=tuple(messages),
    )


def _level_count_warnings(
    inputs: dict[str, Any], quantum: SizeQuantum, messages: list[str]
) -> None:
    """ladder_strat@71a9ef8:1788-1830 (the same text to the head)."""
    if quantum.min_viable_size > float(inputs["effective_max_position"]):
        messages.append(
            "WARN:POSITION LIMIT TOO SMALL: cannot place orders meeting exchange minimum"
        )
    capacity = float(inputs["position_capacity"])
    allowed = (
        max(usize_floor(fdiv(capacity, quantum.min_viable_size)), 1) if capacity > EPSILON else 0
    )
    configured = int(inputs["num_levels"])
    if min(configured, allowed) < configured:
        messages.append("WARN:Reducing ladder levels due to tight exchange limits")


def _floor(code: FloorCode, inputs: dict[str, Any], quantum: SizeQuantum) -> Any:
    return guaranteed.floor_quote(
        code,
        side=str(inputs["side"]),
        microprice=float(inputs["microprice"]),
        decimals=int(inputs["decimals"]),
        fee_bps=float(inputs["maker_fee_rate"]) * 10_000.0,
        tick_size_bps=float(inputs["tick_size_bps"]),
        glft_optimal_bps=float(inputs["glft_optimal_bps"]),
        effective_floor_bps=float(inputs["effective_floor_bps"]),
        position=float(inputs["position"]),
        effective_max_position=float(inputs["effective_max_position"]),
        quantum=quantum,
    )


# -- the grid ---------------------------------------------------------------------------


def _tick_grid(
    code: TickGridCode, inputs: dict[str, Any], quantum: SizeQuantum, messages: list[str]
) -> list[_Level]:
    """The tick-grid branch of `generate_ladder` (ladder_strat@71a9ef8:1838-2022, @d2a105e)."""
    side = str(inputs["side"])
    microprice = float(inputs["microprice"])
    decimals = int(inputs["decimals"])
    policy = POLICIES[str(inputs["tier"])]
    touch_bps = rmax(float(inputs["glft_optimal_bps"]), float(inputs["effective_floor_bps"]))
    effective_levels = _effective_levels(code, inputs, policy)
    grid = TickGridConfig.compute(
        microprice,
        powi(10.0, -decimals),
        _grid_touch(code, inputs, touch_bps),
        _max_depth(code, inputs, policy, touch_bps),
        effective_levels,
        policy.min_tick_spacing_mult,
    )
    scoring = TickScoringParams(
        sigma=float(inputs["sigma"]),
        tau=float(inputs["kelly_time_horizon"]),
        as_at_touch_bps=float(inputs["as_at_touch_bps"]),
        as_decay_bps=clamp(touch_bps, 3.0, 30.0) if code.scaled_decay else 10.0,
        fee_bps=float(inputs["maker_fee_rate"]) * 10_000.0,
        use_sc_as_ratio=code.sc_as_ratio,
    )
    ticks = score_ticks(enumerate_ticks(grid, side), scoring)
    selected = select_optimal_ticks(ticks, effective_levels, code.touch_always)
    leverage = rmax(float(inputs["leverage"]), 1.0)
    budget = SideRiskBudget(
        position_capacity=float(inputs["position_capacity"]),
        margin_capacity=float(inputs["margin_capacity"]),
        margin_per_contract=microprice / rmax(leverage, 1.0),
        min_viable_size=quantum.min_viable_size,
        max_single_order_fraction=policy.max_single_order_fraction,
        sz_decimals=int(inputs["sz_decimals"]),
    )
    softmax = _softmax_params(code, inputs, effective_levels)
    allocations = risk_budget.allocate(code.allocation, selected, budget, softmax)
    levels = (
        []
        if _cleared(code, inputs)
        else [
            _Level(round_price(a.tick.price, decimals), a.size, a.tick.depth_bps)
            for a in allocations
        ]
    )
    _compensate(levels, policy, side, microprice, decimals)
    if code.self_impact and _cap_self_impact(levels, inputs, microprice):
        messages.append(f"INFO:{SELF_IMPACT_MESSAGE}")
    messages.append(f"INFO:{code.message}")
    return levels


def _effective_levels(code: TickGridCode, inputs: dict[str, Any], policy: TierPolicy) -> int:
    """ladder_strat@71a9ef8:1854-1863: fewer levels under 15 % API headroom, at least 2."""
    headroom = float(inputs["rate_limit_headroom_pct"]) if code.headroom_levels else 1.0
    if code.headroom_levels and headroom < 0.15:
        scaled = fceil(float(policy.max_levels_per_side) * (headroom / 0.15))
        return max(usize_floor(scaled), 2)
    return policy.max_levels_per_side


def _max_depth(
    code: TickGridCode, inputs: dict[str, Any], policy: TierPolicy, touch_bps: float
) -> float:
    """ladder_strat@6a432ff:1843-1846, @71a9ef8:1849-1852, @d116d41:1708-1709."""
    if code.max_depth == "range":
        return rmin(touch_bps * policy.depth_range_multiplier, 100.0)
    kappa = inputs["kappa_spread_bps"]
    if code.max_depth == "kappa_x4":
        return rmax(float(kappa) if kappa is not None else touch_bps * 4.0, touch_bps * 2.0)
    wide = touch_bps * policy.depth_range_multiplier
    return rmin(rmax(float(kappa) if kappa is not None else wide, wide), 100.0)


def _grid_touch(code: TickGridCode, inputs: dict[str, Any], touch_bps: float) -> float:
    """ladder_strat@4156b33:1916-1932: with corroborated conviction the informed side's touch
    tightens (never under the floor) and the grid starts at the tighter of the two."""
    if not code.conviction:
        return touch_bps
    tight = float(inputs["conviction_ask_tightening"])
    floor_bps = float(inputs["effective_floor_bps"])
    bid_touch = ask_touch = touch_bps
    if tight > 0.0 and int(inputs["conviction_corroboration"]) >= 2:
        tightened = rmax(touch_bps * (1.0 - tight), floor_bps)
        if float(inputs["conviction_direction"]) < 0.0:
            ask_touch = tightened
        else:
            bid_touch = tightened
    return rmin(bid_touch, ask_touch)


def _inventory_ratio(inputs: dict[str, Any]) -> float:
    return abs(
        guaranteed.inventory_ratio(
            float(inputs["position"]), float(inputs["effective_max_position"])
        )
    )


def _softmax_params(
    code: TickGridCode, inputs: dict[str, Any], effective_levels: int
) -> SoftmaxParams | None:
    """ladder_strat@71a9ef8:1915-1926, @d2a105e:2187-2195 (the floor and fraction from the
    levels)."""
    if code.allocation == risk_budget.GREEDY:
        return None
    low, high = code.yellow
    ratio = _inventory_ratio(inputs)
    temperature = risk_budget.compute_allocation_temperature(
        float(inputs["regime_gamma_multiplier"]),
        float(inputs["adaptive_warmup_progress"]),
        low <= ratio < high,
    )
    if not code.scaled_decay:
        return SoftmaxParams(temperature, 1.0, 0.05)
    levels = float(effective_levels)
    return SoftmaxParams(temperature, rmax(math.log2(levels) - 1.0, 1.0), 1.0 / (levels * 2.0))


def _cleared(code: TickGridCode, inputs: dict[str, Any]) -> bool:
    position = float(inputs["position"])
    if _inventory_ratio(inputs) < code.clear_at:
        return False
    return position > 0.0 if inputs["side"] == "bid" else position < 0.0


def _compensate(
    levels: list[_Level], policy: TierPolicy, side: str, microprice: float, decimals: int
) -> None:
    """Micro/Small: every depth x `spread_compensation_mult`, the price from the microprice."""
    mult = policy.spread_compensation_mult
    if not abs(mult - 1.0) > 0.001:
        return
    for level in levels:
        depth = level.depth_bps * mult
        offset = microprice * (depth / 10_000.0)
        quoted = microprice - offset if side == "bid" else microprice + offset
        level.price = round_price(quoted, decimals)
        level.depth_bps = depth


def _cap_self_impact(levels: list[_Level], inputs: dict[str, Any], microprice: float) -> bool:
    """`cap_size_for_self_impact` (ladder_strat@3c0b542:2186-2207 and 3156-3161, the same to
    the head)."""
    depth_contracts = float(inputs["near_touch_depth_usd"]) / rmax(microprice, 1e-8)
    ratio = float(inputs["self_impact_max_ratio"])
    if not (depth_contracts > 0.0 and ratio > 0.0):
        return False
    capped_any = False
    for level in levels:
        capped = rmin(level.size, ratio * depth_contracts)
        if capped < level.size:
            level.size = capped
            capped_any = True
    return capped_any


# -- inputs from a replay's state ---------------------------------------------------------

#: `MarketParams::default()` (market_params.rs@71a9ef8; the same values at the head:
#: market_params.rs@6c17115:1195-1526) for what no ladder message holds, RiskConfig's
#: maker fee (risk_config.rs@d116d41:408) and LadderConfig's self-impact ratio
#: (quoting/ladder/mod.rs@3c0b542:130-132).
DEFAULTS: dict[str, Any] = {
    "sigma": 0.0001,
    "kelly_time_horizon": 60.0,
    "as_at_touch_bps": 0.0,
    "maker_fee_rate": 0.00015,
    "kappa_spread_bps": None,
    "rate_limit_headroom_pct": 1.0,
    "regime_gamma_multiplier": 1.0,
    "adaptive_warmup_progress": 0.0,
    "conviction_ask_tightening": 0.0,
    "conviction_direction": 0.0,
    "conviction_corroboration": 0,
    "near_touch_depth_usd": 0.0,
    "self_impact_max_ratio": 0.30,
    "position": 0.0,
    "ladder_sizes": None,
}

NOT_FROM_LOG = (
    "tier: the capital tier of quote_engine's CapacityBudget (floor(larger side's capacity / "
    "min_viable_size): 0-2 Micro, 3-5 Small, 6-15 Medium, more Large); the tick-grid INFO "
    "logs it; modelled from this side's capacity",
    "glft_optimal_bps, effective_floor_bps: the INFO '[SPREAD TRACE] physical-only floor' "
    "holds both (until 2026-02-28); modelled as the tightest level's depth and max(fee, tick)",
    "margin_capacity: the side's margin (margin_for_bids/asks, the INFO 'Margin allocation' "
    "holds it); modelled as an even split of available margin x dynamic_margin_utilization",
    "sigma, kelly_time_horizon, as_at_touch_bps, API headroom, regime multiplier, warm-up, "
    "conviction, near-touch depth: MarketParams::default() (1e-4, 60 s, 0 until AS warms up, "
    "100 %, 1.0, 0 %, none, 0)",
)


def dynamic_margin_utilization(
    regime_gamma_mult: float, kill_switch_headroom: float, warmup_progress: float
) -> float:
    """ladder_strat@6a432ff:47-82, `dynamic_margin_utilization` (for the modelled margin only)."""
    if regime_gamma_mult <= 1.1:
        base = 0.85
    elif regime_gamma_mult <= 1.5:
        base = 0.85 - (regime_gamma_mult - 1.1) / 0.4 * 0.10
    elif regime_gamma_mult <= 2.0:
        base = 0.75 - (regime_gamma_mult - 1.5) / 0.5 * 0.10
    else:
        base = rmax(0.65 - (regime_gamma_mult - 2.0) / 1.0 * 0.15, 0.50)
    headroom_factor = 1.0 if kill_switch_headroom >= 0.50 else 0.5 + kill_switch_headroom
    warmup_boost = 0.05 if warmup_progress < 0.3 else 0.0
    return clamp((base + warmup_boost) * headroom_factor, 0.30, 0.90)


def tier_of(capacity: float, min_viable_size: float) -> str:
    """`CapacityBudget::compute`'s tier (capacity.rs@71a9ef8:195-211)."""
    viable = usize_floor(fdiv(capacity, min_viable_size)) if min_viable_size > 0.0 else 0
    if viable <= 2:
        return "Micro"
    if viable <= 5:
        return "Small"
    if viable <= 15:
        return "Medium"
    return "Large"


def tick_size_bps_of(mid_price: float) -> float:
    """quote_engine's `compute_tick_size_bps` (quote_engine.rs@d116d41:3566-3576)."""
    if mid_price <= 0.0:
        return 1.0
    integer_digits = max(math.floor(math.log10(mid_price)) + 1, 1)
    decimal_places = max(5 - integer_digits, 0)
    return rmax(powi(10.0, -decimal_places) / mid_price * 10_000.0, 0.01)


def inputs_from(code: TickGridCode, state: SideState, draws: random.Random) -> dict[str, Any]:
    """A replay's side state as `run`'s inputs; every value overridable by `state.options`
    under the bot's name."""
    del draws
    values: dict[str, Any] = {**DEFAULTS, **_from_state(state)}
    values.update(state.options)
    if "tier" not in state.options:
        quantum = SizeQuantum.compute(state.min_notional, state.mid, state.sz_decimals)
        values["tier"] = tier_of(float(values["position_capacity"]), quantum.min_viable_size)
    if "num_levels" not in state.options:
        values["num_levels"] = min(10, POLICIES[values["tier"]].max_levels_per_side)
    if "margin_capacity" not in state.options:
        utilization = dynamic_margin_utilization(
            float(values["regime_gamma_multiplier"]),
            1.0,
            float(values["adaptive_warmup_progress"]),
        )
        values["margin_capacity"] = float(values["available_margin"]) * utilization * 0.5
    return {name: values[name] for name in inputs_of(code)}


def _from_state(state: SideState) -> dict[str, Any]:
    fee_bps = float(DEFAULTS["maker_fee_rate"]) * 10_000.0
    tick_bps = tick_size_bps_of(state.mid)
    touch = state.levels[0].depth_bps if state.levels else 2.0 * fee_bps
    return {
        "side": state.side,
        "microprice": state.mid,
        "decimals": state.price_decimals,
        "sz_decimals": state.sz_decimals,
        "min_notional": state.min_notional,
        "leverage": state.leverage,
        "available_margin": state.margin,
        "position_capacity": state.capacity,
        "effective_max_position": state.capacity,
        "tick_size_bps": tick_bps,
        "glft_optimal_bps": touch,
        "effective_floor_bps": rmax(fee_bps, tick_bps),
    }


def version(
    code: TickGridCode, *, name: str, first: str, last: str | None, summary: str
) -> SizingVersion:
    """A release's `SizingVersion`: its `run` and `inputs_from` bound to its code."""

    def run(**inputs: Any) -> SideSizing:
        return side_sizing(code, **inputs)

    def from_state(state: SideState, draws: random.Random) -> dict[str, Any]:
        return inputs_from(code, state, draws)

    return SizingVersion(
        name=name,
        commit=code.commit,
        first=first,
        last=last,
        inputs=inputs_of(code),
        paths=paths_of(code),
        summary=summary,
        run=run,
        inputs_from=from_state,
        ladder="tick_grid",
        evidence=(code.message,),
        not_from_log=NOT_FROM_LOG,
    )
