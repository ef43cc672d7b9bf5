"""ladder_strat's steps around the entropy optimizer, 2026-01-04 to 2026-02-08.

From 380a974 `generate_ladder` sizes each side with `EntropyConstrainedOptimizer` (its
`use_entropy_distribution` defaults to true: config.rs@380a974:613). One cycle, one side:

1. the margin handed to the optimizer (`Era.margin`): the whole `margin_available` at
   380a974; from a8ddd8e a share of it (`usable_margin` = 33 %, 15 % from c918f07, 50 % from
   85e8f1d) split between the sides by inventory (a8ddd8e), by inventory, flow and urgency
   (a705e28), and by falling/rising-knife scores too (d78f066), logged as INFO
   `Margin allocation (...)`; when `margin_available < EPSILON` the optimizer is skipped
   (WARN) and the generator's own ladder is quoted;
2. from c918f07 the level count the side's capacity allows, capacity / (factor x
   min_notional / microprice): a WARN when it is under `num_levels`; c918f07 alone truncates
   the ladder to it;
3. the entropy optimizer (`mmdiag.optimizer.entropy`), INFO `Entropy optimizer applied to
   bids`, every size truncated to sz_decimals;
4. `retain`: size > EPSILON, from cf72cbb size > 0.8 x min_notional / microprice;
5. a side that had levels and has none left: WARN `All bid levels filtered out (sizes too
   small)`; from 4cf34d4 the whole capacity truncated to sz_decimals at `min_depth_bps`
   instead (INFO `Bid concentration fallback: collapsed to single order at tightest depth`),
   when its notional at the microprice reaches min_notional, else WARN `All bid levels
   filtered out (total size below min_notional)`.

`should_pull_quotes` reaches the regime (cascade severity 1) but never the sizing: the bot
returns an empty ladder before it (ladder_strat@380a974:298-301). Not ported: the
ConstrainedLadderOptimizer branches a config could still choose until 0e4ea5c
(`use_entropy_distribution` or `use_constrained_optimizer` false, both true by default).

Messages that need both sides are told for this side alone: the level-count WARN fires in
the bot when either side is cut (here: when this one is), and `Ladder completely empty`
(both sides empty) is left out.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mmdiag.optimizer import entropy
from mmdiag.optimizer.entropy import clamp
from mmdiag.optimizer.exchange import round_price, truncate_size
from mmdiag.optimizer.numeric import EPSILON, fdiv, rmax, rmin
from mmdiag.optimizer.sizing import EMPTY, NORMAL, SideSizing, SideState, level_params

MARGIN_UNAVAILABLE = "margin_unavailable"
#: Logged at INFO by every release from 380a974 to the head whenever a side has levels (the
#: legacy path's mark; ladder_strat@380a974:699-705).
EVIDENCE = ("Entropy optimizer applied to bids", "Entropy optimizer applied to asks")
CONCENTRATION = "concentration"
_USIZE_MAX = 2**64 - 1


@dataclass(frozen=True)
class Era:
    """What one release of ladder_strat does around the optimizer."""

    commit: str
    code: entropy.EntropyCode
    margin: str
    """`whole`, `inventory` (a8ddd8e), `weighted` (a705e28), `knife` (d78f066)."""
    utilization: float = 1.0
    margin_message: str = ""
    level_factor: float | None = None
    """min_meaningful_size = factor x min_notional / microprice (c918f07 1.5, f926853 1.05)."""
    truncates_levels: bool = False
    retain_at_notional: bool = False
    fallback: str | None = None
    """None, `size_and_notional` (4cf34d4) or `notional` (0ef4b4c)."""
    num_levels: int = 25
    """`LadderConfig::default().num_levels` at the commit (5 before c918f07)."""


COMMON_INPUTS = (
    "side",
    "available_margin",
    "leverage",
    "microprice",
    "max_position",
    "min_notional",
    "sz_decimals",
    "levels",
    "ladder_sizes",
    "jump_ratio",
    "sigma_effective",
    "should_pull_quotes",
    "tail_risk_multiplier",
    "book_imbalance",
    "entropy_min_entropy",
    "entropy_base_temperature",
    "entropy_min_allocation_floor",
    "entropy_thompson_samples",
    "gamma_draws",
)


def inputs_of(era: Era) -> tuple[str, ...]:
    """`run`'s keyword arguments for an era: the bot's names for what it reads."""
    names = list(COMMON_INPUTS)
    if era.margin != "whole":
        names += ["position", "effective_max_position"]
    if era.margin in ("weighted", "knife"):
        names += ["flow_imbalance", "position_opposes_momentum", "urgency_score"]
    if era.margin == "knife":
        names += ["falling_knife_score", "rising_knife_score"]
    if era.level_factor is not None:
        names.append("num_levels")
    if era.fallback is not None:
        names += ["min_depth_bps", "decimals"]
    return tuple(names)


def paths_of(era: Era) -> tuple[str, ...]:
    found = [NORMAL, MARGIN_UNAVAILABLE, EMPTY]
    if era.fallback is not None:
        found.insert(2, CONCENTRATION)
    return tuple(found)


# -- 1. margin ---------------------------------------------------------------------------


def margin_for_side(era: Era, side: str, inputs: dict[str, Any], messages: list[str]) -> float:
    """The margin the side's optimizer gets (ladder_strat@380a974:498-513, @a8ddd8e:543-596,
    @a705e28:547-643, @d78f066:996-1140), logging what the bot logs on the way."""
    available_margin = float(inputs["available_margin"])
    if era.margin == "whole":
        return available_margin
    usable_margin = available_margin * era.utilization
    ratio = _inventory_ratio(inputs["position"], inputs["effective_max_position"])
    if era.margin == "inventory":
        ask_weight = clamp(0.5 + ratio * 0.2, 0.3, 0.7)
    else:
        ask_weight = clamp(0.5 + _combined_signal(era, ratio, inputs, messages), 0.25, 0.75)
    bid_weight = 1.0 - ask_weight
    messages.append(f"INFO:{era.margin_message}")
    if era.margin == "knife":
        messages.append("INFO:[SIGNALS] signal contribution summary")
    return usable_margin * (bid_weight if side == "bid" else ask_weight)


def _inventory_ratio(position: float, effective_max_position: float) -> float:
    if effective_max_position > EPSILON:
        return clamp(fdiv(position, effective_max_position), -1.0, 1.0)
    return 0.0


def _combined_signal(era: Era, ratio: float, inputs: dict[str, Any], messages: list[str]) -> float:
    inventory_signal = ratio * 0.4
    flat_factor = 1.0 - abs(ratio)
    momentum_signal = float(inputs["flow_imbalance"]) * 0.3 * flat_factor
    urgency = float(inputs["urgency_score"])
    opposes = bool(inputs["position_opposes_momentum"])
    if era.margin == "knife":
        urgency, knife_opposes = _knife_urgency(ratio, urgency, inputs, messages)
        opposes = opposes or knife_opposes
    urgency_signal = 0.0
    if opposes:
        direction = 1.0 if ratio > 0.0 else -1.0
        urgency_signal = direction * rmin(urgency, 1.0) * 0.2
    return inventory_signal * 0.6 + momentum_signal * 0.3 + urgency_signal * 0.1


def _knife_urgency(
    ratio: float, urgency: float, inputs: dict[str, Any], messages: list[str]
) -> tuple[float, bool]:
    """d78f066: a falling (rising) knife against a long (short) position adds severity / 3."""
    falling = float(inputs["falling_knife_score"])
    rising = float(inputs["rising_knife_score"])
    severity = rmax(falling, rising)
    direction = -1.0 if falling > rising else 1.0 if rising > falling else 0.0
    opposes = (ratio > 0.0 and direction < 0.0) or (ratio < 0.0 and direction > 0.0)
    if opposes and severity > 0.5:
        urgency = rmin(urgency + severity / 3.0, 1.0)
        if severity > 1.0:
            messages.append(
                "INFO:Momentum-opposed position: amplifying urgency via falling/rising knife"
            )
    return urgency, opposes


# -- 2. level count ---------------------------------------------------------------------


def level_count(era: Era, inputs: dict[str, Any], messages: list[str]) -> int | None:
    """How many levels the side's capacity allows (ladder_strat@c918f07:705-751, which also
    truncates the ladder to it; @cf72cbb:705-760 only logs); a WARN when under `num_levels`.
    None before c918f07."""
    if era.level_factor is None:
        return None
    min_meaningful = fdiv(float(inputs["min_notional"]) * era.level_factor, inputs["microprice"])
    capacity = float(inputs["max_position"])
    allowed = max(_floor_as_usize(fdiv(capacity, min_meaningful)), 1)
    effective = min(int(inputs["num_levels"]), allowed if capacity > EPSILON else 0)
    if effective < int(inputs["num_levels"]):
        messages.append("WARN:Reducing ladder levels due to tight exchange limits")
    return effective


def _floor_as_usize(x: float) -> int:
    """`x.floor() as usize`: saturating, NaN and negatives to 0."""
    if math.isnan(x) or x <= 0.0:
        return 0
    return _USIZE_MAX if x >= float(_USIZE_MAX) else math.floor(x)


# -- the side ---------------------------------------------------------------------------


def side_sizing(era: Era, **inputs: Any) -> SideSizing:
    side = str(inputs["side"])
    levels = level_params(inputs["levels"])
    messages: list[str] = []
    margin = margin_for_side(era, side, inputs, messages)
    if float(inputs["available_margin"]) < EPSILON:
        return _skipped(inputs, len(levels), messages)
    effective = level_count(era, inputs, messages)
    kept = levels[:effective] if era.truncates_levels and effective is not None else levels
    sizes = _generated(inputs, len(kept)) + [0.0] * (len(levels) - len(kept))
    if kept:
        allocation = _optimize(era, inputs, kept, margin)
        messages.append(f"INFO:Entropy optimizer applied to {side}s")
        for i, size in enumerate(allocation.sizes[: len(kept)]):
            sizes[i] = truncate_size(size, int(inputs["sz_decimals"]))
    threshold = _retain_threshold(era, inputs)
    sizes = [size if size > threshold else 0.0 for size in sizes]
    if kept and not any(size > threshold for size in sizes[: len(kept)]):
        return _nothing_left(era, inputs, sizes, messages)
    path = NORMAL if any(size > 0.0 for size in sizes) else EMPTY
    return SideSizing(sizes=tuple(sizes), path=path, messages=tuple(messages))


def _skipped(inputs: dict[str, Any], count: int, messages: list[str]) -> SideSizing:
    """`available_margin < EPSILON`: `Ladder::generate`'s own sizes are quoted untouched."""
    messages.append(
        "WARN:Constrained optimizer skipped: margin not yet available (warmup incomplete?)"
    )
    return SideSizing(
        sizes=tuple(_generated(inputs, count)), path=MARGIN_UNAVAILABLE, messages=tuple(messages)
    )


def _generated(inputs: dict[str, Any], count: int) -> list[float]:
    """The generator's sizes of the first `count` levels (NaN when not given): what a level
    keeps when the optimizer does not size it."""
    given = inputs["ladder_sizes"]
    if given is None:
        return [math.nan] * count
    return [float(s) for s in list(given)[:count]]


def _optimize(
    era: Era, inputs: dict[str, Any], levels: Sequence[Any], margin: float
) -> entropy.EntropyAllocation:
    config = entropy.OptimizerConfig.for_code(
        era.code,
        min_entropy=float(inputs["entropy_min_entropy"]),
        base_temperature=float(inputs["entropy_base_temperature"]),
        min_allocation_floor=float(inputs["entropy_min_allocation_floor"]),
        thompson_samples=int(inputs["entropy_thompson_samples"]),
        min_notional=float(inputs["min_notional"]),
    )
    regime = entropy.build_market_regime(
        era.code.first,
        jump_ratio=float(inputs["jump_ratio"]),
        sigma_effective=float(inputs["sigma_effective"]),
        book_imbalance=float(inputs["book_imbalance"]),
        should_pull_quotes=bool(inputs["should_pull_quotes"]),
        tail_risk_multiplier=float(inputs["tail_risk_multiplier"]),
    )
    return entropy.optimize(
        era.code,
        config,
        price=float(inputs["microprice"]),
        margin_available=margin,
        max_position=float(inputs["max_position"]),
        leverage=rmax(float(inputs["leverage"]), 1.0),
        levels=levels,
        regime=regime,
        gamma_draws=inputs["gamma_draws"],
    )


def _retain_threshold(era: Era, inputs: dict[str, Any]) -> float:
    if era.retain_at_notional:
        return fdiv(float(inputs["min_notional"]) * 0.8, inputs["microprice"])
    return EPSILON


def _nothing_left(
    era: Era, inputs: dict[str, Any], sizes: list[float], messages: list[str]
) -> SideSizing:
    side = str(inputs["side"])
    if era.fallback is None:
        messages.append(f"WARN:All {side} levels filtered out (sizes too small)")
        return SideSizing(sizes=tuple(sizes), path=EMPTY, messages=tuple(messages))
    microprice = float(inputs["microprice"])
    min_notional = float(inputs["min_notional"])
    total = truncate_size(float(inputs["max_position"]), int(inputs["sz_decimals"]))
    notional = total * microprice
    if era.fallback == "size_and_notional":
        fires = total > fdiv(min_notional, microprice) and notional >= min_notional
    else:
        fires = notional >= min_notional and total > 1e-10
    if not fires:
        messages.append(f"WARN:All {side} levels filtered out (total size below min_notional)")
        return SideSizing(sizes=tuple(sizes), path=EMPTY, messages=tuple(messages))
    depth = float(inputs["min_depth_bps"])
    offset = microprice * (depth / 10000.0)
    quoted = microprice - offset if side == "bid" else microprice + offset
    price = round_price(quoted, int(inputs["decimals"]))
    messages.append(
        f"INFO:{side.capitalize()} concentration fallback: collapsed to single order at "
        "tightest depth"
    )
    return SideSizing(
        sizes=(total,),
        prices=(price,),
        depths_bps=(depth,),
        path=CONCENTRATION,
        messages=tuple(messages),
    )


# -- inputs from a replay's state ---------------------------------------------------------

#: `MarketParams::default()` (market_params.rs@380a974:425-458, @0e4ea5c:589-671) for what no
#: ladder message holds; `StochasticConfig::default()` (config.rs@380a974:613-617) for the
#: entropy settings; `LadderConfig::default()` (quoting/ladder/mod.rs@380a974:120-121).
DEFAULTS: dict[str, Any] = {
    "jump_ratio": 1.0,
    "sigma_effective": 0.0001,
    "should_pull_quotes": False,
    "tail_risk_multiplier": 1.0,
    "book_imbalance": 0.0,
    "entropy_min_entropy": 1.5,
    "entropy_base_temperature": 1.0,
    "entropy_min_allocation_floor": 0.02,
    "entropy_thompson_samples": 5,
    "position": 0.0,
    "effective_max_position": 1.0,
    "flow_imbalance": 0.0,
    "position_opposes_momentum": False,
    "urgency_score": 0.0,
    "falling_knife_score": 0.0,
    "rising_knife_score": 0.0,
    "min_depth_bps": 2.0,
    "ladder_sizes": None,
}

NOT_FROM_LOG = (
    "the Thompson draws: the bot seeds from entropy each cycle; inputs_from samples them",
    "jump_ratio, sigma_effective, tail_risk_multiplier, book_imbalance (the optimizer's "
    "regime): no ladder message holds them; MarketParams::default() (1, 1e-4, 1, 0), which "
    "leaves the temperature at 1.0",
    "the entropy settings: StochasticConfig::default() (1.5, 1.0, 0.02, 5 samples)",
    "ladder_sizes: the generator's own sizes, quoted only when margin_available < EPSILON; "
    "unknown (NaN) unless given",
)


def inputs_from(era: Era, state: SideState, draws: random.Random) -> dict[str, Any]:
    """A replay's side state as `run`'s inputs; every default overridable by
    `state.options` under the same name. `inventory_ratio` in the options (the margin
    allocation INFO logs it) stands for position / effective_max_position."""
    values: dict[str, Any] = {
        **DEFAULTS,
        "side": state.side,
        "available_margin": state.margin,
        "leverage": state.leverage,
        "microprice": state.mid,
        "max_position": state.capacity,
        "min_notional": state.min_notional,
        "sz_decimals": state.sz_decimals,
        "decimals": state.price_decimals,
        "levels": state.level_inputs(),
        "num_levels": era.num_levels,
        "gamma_draws": entropy.gamma_source(draws),
    }
    values.update(state.options)
    if "inventory_ratio" in state.options:
        values["position"] = float(state.options["inventory_ratio"])
        values["effective_max_position"] = 1.0
    return {name: values[name] for name in inputs_of(era)}
