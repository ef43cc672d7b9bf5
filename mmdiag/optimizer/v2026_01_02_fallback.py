"""The optimizer as released on 2026-01-02 (bot commit d8bb6a1): the fix.

The minimum size becomes max(min_notional / price, 0.1 x min_size, 1e-8), and when every
level is still under it the whole capacity goes to the level of largest weight (the last of
equal maxima), provided that order is worth min_notional.
"""

from __future__ import annotations

from typing import Any

from mmdiag.optimizer import constrained
from mmdiag.optimizer.allocation import (
    EMPTY,
    Allocation,
    OptimizerInputs,
    capacity,
    filtered,
    finish,
    raw_sizes,
)
from mmdiag.optimizer.numeric import EPSILON, fdiv, rmax, seqsum
from mmdiag.optimizer.sizing import SideSizing, SizingVersion
from mmdiag.optimizer.weights import KellyStochasticParams, LevelParams, weights

COMMIT = "d8bb6a1"


def effective_min_size(inputs: OptimizerInputs) -> float:
    dynamic = rmax(fdiv(inputs.min_notional, inputs.price), inputs.min_size * 0.1)
    return rmax(dynamic, 1e-8)


def optimize(
    inputs: OptimizerInputs,
    levels: list[LevelParams],
    method: str,
    kelly: KellyStochasticParams | None = None,
) -> Allocation:
    if not levels:
        return EMPTY
    w = weights(method, levels, kelly)
    total = seqsum(w)
    if total <= EPSILON:
        return Allocation(tuple(0.0 for _ in levels), 0.0, 0.0, 0.0, "None")
    room = capacity(inputs, levels)
    threshold = effective_min_size(inputs)
    sizes = filtered(raw_sizes(room.capacity, w, total), threshold, inputs)
    valid = sum(1 for size in sizes if size > EPSILON)
    if valid == 0 and room.capacity >= threshold:
        best = _last_largest(w)
        if best is not None:
            sizes = [0.0] * len(levels)
            concentrated = rmax(room.capacity, threshold)
            if concentrated * inputs.price >= inputs.min_notional:
                sizes[best] = concentrated
                return finish(sizes, w, room, fallback_level=best)
    return finish(sizes, w, room)


def _last_largest(w: list[float]) -> int | None:
    """`max_by` over the weights above EPSILON: the last of equal maxima wins."""
    best: int | None = None
    for index, weight in enumerate(w):
        if weight > EPSILON and (best is None or not w[best] > weight):
            best = index
    return best


def run(**inputs: Any) -> SideSizing:
    """The optimizer, then ladder_strat's truncation, retain and warning (`constrained.INPUTS`)."""
    return constrained.side_sizing(optimize, warns=True, **inputs)


VERSION = SizingVersion(
    name="with_fallback",
    commit=COMMIT,
    first="2026-01-02",
    last="2026-01-02",
    inputs=constrained.INPUTS,
    paths=("normal", "concentration", "empty"),
    summary=(
        "the minimum becomes max(min_notional / price, 0.1 x min_level_size); when every level "
        "is under it, the whole capacity goes to the best level (if worth min_notional); 'All "
        "... levels filtered out (sizes too small)' when none is left"
    ),
    run=run,
    inputs_from=constrained.inputs_from,
)
