"""The sizing as released on 2026-01-03 (bot commit cf48daa), until the entropy optimizer
took over on 2026-01-04 (380a974).

ConstrainedLadderOptimizer (opt@cf48daa:118-305 proportional, :343-554 Kelly), per side:

1. weights w (λ·SC or the Kelly weight), total = Σw. At total <= EPSILON it no longer
   returns early: it logs INFO "Optimizer: total_mv near zero, ..." ("Kelly optimizer:
   total_kelly near zero, ...") and every share is 0;
2. capacity min(margin / margin_per_unit of the first level, max_position), the binding limit,
   and the d8bb6a1 minimum max(min_notional / price, 0.1 x min_size, 1e-8); shares
   (cap x w) / total, each under the minimum or under min_notional zeroed;
3. none left and cap >= the minimum: the level of largest weight above EPSILON (the last of
   equal ones; INFO "Concentration fallback (MV): selected by marginal value" / "(Kelly):
   selected by Kelly value"); with no such weight, the first of the smallest depths among the
   levels whose spread capture is above EPSILON (INFO "Concentration fallback (depth): ...");
   with no such level it returns the zeroed shares at once, logging only at DEBUG. The chosen
   level gets the whole cap if cap x price >= min_notional (INFO "Concentration fallback:
   single quote at best level", now the same text for both methods), else nothing.

ladder_strat@cf48daa around it: when `available_margin < EPSILON` it warns "Constrained
optimizer skipped: margin not yet available (warmup incomplete?)" and returns
`Ladder::generate`'s ladder untouched (:472-482): the side gets the generator's own sizes
(`ladder_sizes`; see `generator_2026_01_03`), not capped by capacity or margin. Otherwise each
size is truncated to sz_decimals (:659-664), sizes above EPSILON are kept (:755-759) and a side
that had levels and has none left warns "All bid levels filtered out (sizes too small)"
(:762-783). "Ladder completely empty: ..." (:785-799) needs both sides: `ladder_messages`.

52fd942 and 45583c5 (2026-01-03 evening) change only what `max_position` is: the side's
capacity now starts from `quoting_capacity()` = margin x leverage / microprice instead of the
user's max_position (and 45583c5 logs INFO "Quoting capacity: user max_position is for
reduce-only only" every cycle). 41dcf08 changes the depths. None changes how a side is sized
from its inputs; 380a974 (2026-01-04) only marks the optimizer deprecated.
"""

from __future__ import annotations

import math
import random
from typing import Any

from mmdiag.optimizer import constrained
from mmdiag.optimizer.allocation import (
    EMPTY as NO_LEVELS,
)
from mmdiag.optimizer.allocation import (
    Allocation,
    OptimizerInputs,
    capacity,
    filtered,
    finish,
    raw_sizes,
)
from mmdiag.optimizer.numeric import EPSILON, rmax, seqsum
from mmdiag.optimizer.sizing import (
    EMPTY,
    NORMAL,
    SideSizing,
    SideState,
    SizingVersion,
    kelly_params,
    level_params,
    truncated,
)
from mmdiag.optimizer.v2026_01_02_fallback import effective_min_size
from mmdiag.optimizer.weights import KellyStochasticParams, LevelParams, weights

COMMIT = "cf48daa"

CONCENTRATION = "concentration"
"""The fallback by weight fired (MV or Kelly value)."""
CONCENTRATION_DEPTH = "concentration_depth"
"""The fallback by depth fired (no weight above EPSILON, a spread capture above it)."""
MARGIN_UNAVAILABLE = "margin_unavailable"
"""`available_margin < EPSILON`: the generator's own ladder."""

INPUTS = (*constrained.INPUTS, "ladder_sizes")
"""constrained.INPUTS, plus the generator's sizes of the levels (what the margin skip quotes)."""

_TEXTS = {
    "proportional": {
        "near_zero": "Optimizer: total_mv near zero, will use concentration fallback",
        "by_weight": "Concentration fallback (MV): selected by marginal value",
        "by_depth": "Concentration fallback (depth): all MV zero but spread positive, "
        "using tightest level",
        "empty": "Optimizer called with empty levels array",
    },
    "kelly_stochastic": {
        "near_zero": "Kelly optimizer: total_kelly near zero, will use concentration fallback",
        "by_weight": "Concentration fallback (Kelly): selected by Kelly value",
        "by_depth": "Concentration fallback (depth): all Kelly zero but spread positive, "
        "using tightest level",
        "empty": "Kelly optimizer called with empty levels array",
    },
}
FIRED = "INFO:Concentration fallback: single quote at best level"
SKIPPED = "WARN:Constrained optimizer skipped: margin not yet available (warmup incomplete?)"
COMPLETELY_EMPTY = (
    "WARN:Ladder completely empty: all levels below min_notional or margin constraint"
)


def optimize(
    inputs: OptimizerInputs,
    levels: list[LevelParams],
    method: str,
    kelly: KellyStochasticParams | None = None,
) -> tuple[Allocation, list[str]]:
    """`optimize` / `optimize_kelly_stochastic` at cf48daa, and what they log at INFO+."""
    texts = _TEXTS[method]
    if not levels:
        return NO_LEVELS, [f"WARN:{texts['empty']}"]
    messages: list[str] = []
    w = weights(method, levels, kelly)
    total = seqsum(w)
    if total <= EPSILON:
        messages.append(f"INFO:{texts['near_zero']}")
    room = capacity(inputs, levels)
    threshold = effective_min_size(inputs)
    shares = raw_sizes(room.capacity, w, total) if total > EPSILON else [0.0] * len(levels)
    sizes = filtered(shares, threshold, inputs)
    valid = sum(1 for size in sizes if size > EPSILON)
    if valid == 0 and room.capacity >= threshold:
        best = _last_largest(w)
        if best is not None:
            messages.append(f"INFO:{texts['by_weight']}")
        else:
            best = _first_tightest(levels)
            if best is None:
                return Allocation(tuple(sizes), 0.0, 0.0, 0.0, room.binding), messages
            messages.append(f"INFO:{texts['by_depth']}")
        sizes = [0.0] * len(levels)
        concentrated = rmax(room.capacity, threshold)
        if concentrated * inputs.price >= inputs.min_notional:
            sizes[best] = concentrated
            messages.append(FIRED)
            return finish(sizes, w, room, fallback_level=best), messages
    return finish(sizes, w, room), messages


def _last_largest(w: list[float]) -> int | None:
    """`max_by` over the weights above EPSILON (opt@cf48daa:204-208): the last maximum."""
    best: int | None = None
    for index, weight in enumerate(w):
        if weight > EPSILON and (best is None or not w[best] > weight):
            best = index
    return best


def _first_tightest(levels: list[LevelParams]) -> int | None:
    """`min_by` on depth over the levels with spread capture above EPSILON
    (opt@cf48daa:241-251): the first minimum; a NaN comparison keeps the earlier level."""
    best: int | None = None
    for index, level in enumerate(levels):
        if level.spread_capture > EPSILON and (
            best is None or levels[best].depth_bps > level.depth_bps
        ):
            best = index
    return best


def _path(messages: list[str], left: bool) -> str:
    if FIRED in messages:
        return CONCENTRATION_DEPTH if any("(depth)" in m for m in messages) else CONCENTRATION
    return NORMAL if left else EMPTY


def run(
    *,
    side: str,
    margin_available: float,
    max_position: float,
    min_size: float,
    min_notional: float,
    price: float,
    leverage: float,
    levels: Any,
    method: str,
    kelly: Any,
    sz_decimals: int,
    ladder_sizes: Any,
) -> SideSizing:
    """One side of ladder_strat@cf48daa:466-783 (`INPUTS`). `path` names the fallback that
    placed its order even when truncation then drops it (the warning says so)."""
    params = level_params(levels)
    if margin_available < EPSILON:
        return SideSizing(
            sizes=_generated(ladder_sizes, len(params)),
            path=MARGIN_UNAVAILABLE,
            messages=(SKIPPED,),
        )
    if not params:
        return SideSizing(sizes=(), path=EMPTY)
    inputs = OptimizerInputs(
        margin_available, max_position, min_size, min_notional, price, leverage
    )
    allocation, messages = optimize(inputs, params, method, kelly_params(kelly))
    sizes = tuple(s if s > EPSILON else 0.0 for s in truncated(allocation.sizes, sz_decimals))
    left = any(size > EPSILON for size in sizes)
    if not left:
        messages.append(f"WARN:All {side} levels filtered out (sizes too small)")
    return SideSizing(sizes=sizes, path=_path(messages, left), messages=tuple(messages))


def _generated(ladder_sizes: Any, count: int) -> tuple[float, ...]:
    """The generator's sizes of the levels, NaN where not given (unknown)."""
    given = [] if ladder_sizes is None else [float(s) for s in ladder_sizes]
    return tuple(given[:count]) + (math.nan,) * max(count - len(given), 0)


def ladder_messages(bid: SideSizing, ask: SideSizing) -> tuple[str, ...]:
    """What ladder_strat@cf48daa:785-799 adds once both sides are sized: "Ladder completely
    empty" when neither has a size above EPSILON, levels or not (a side the generator left
    without levels counts as empty; the margin skip returns before it)."""
    if MARGIN_UNAVAILABLE in (bid.path, ask.path):
        return ()
    if bid.orders() or ask.orders():
        return ()
    return (COMPLETELY_EMPTY,)


NOT_FROM_LOG = (
    "ladder_sizes: the generator's own sizes, quoted as they are when margin_available < "
    "EPSILON (target_liquidity x cascade_size_factor shared by the generator's λ·SC, see "
    "generator_2026_01_03); no log holds them: NaN (unknown) unless given as an option",
)


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    """constrained.inputs_from (ladder_strat@cf48daa:466-607 builds the optimizer exactly as
    d8bb6a1 did: both sides get the whole margin, the side's capacity, min_level_size, the
    microprice, max(leverage, 1)); `ladder_sizes` from `state.options`, else unknown."""
    inputs = constrained.inputs_from(state, draws)
    inputs["levels"] = state.level_inputs()
    inputs["ladder_sizes"] = state.options.get("ladder_sizes")
    return inputs


VERSION = SizingVersion(
    name="2026-01-03",
    commit=COMMIT,
    first="2026-01-03",
    last="2026-01-03",
    inputs=INPUTS,
    paths=(NORMAL, CONCENTRATION, CONCENTRATION_DEPTH, MARGIN_UNAVAILABLE, EMPTY),
    summary=(
        "no early return at zero total weight; when every level is under the minimum the "
        "whole capacity goes to the best level by weight, else to the tightest level with "
        "positive spread capture (if worth min_notional); with no margin the generator's own "
        "ladder is quoted"
    ),
    run=run,
    inputs_from=inputs_from,
    evidence=(
        "Concentration fallback (MV): selected by marginal value",
        "Concentration fallback (Kelly): selected by Kelly value",
        "Concentration fallback (depth)",
        "Optimizer: total_mv near zero, will use concentration fallback",
        "Kelly optimizer: total_kelly near zero, will use concentration fallback",
    ),
    not_from_log=NOT_FROM_LOG,
)
