"""The optimizer as released before 2026-01-02 (bot commit 1b8ac34): no fallback.

Sizes under `min_size` (the ladder's min_level_size) or under min_notional are dropped, and
the capacity they held is lost: with 0.002633 BTC over 5 levels and min_size 0.001, all are.
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
from mmdiag.optimizer.numeric import EPSILON, seqsum
from mmdiag.optimizer.sizing import SideSizing, SizingVersion
from mmdiag.optimizer.weights import KellyStochasticParams, LevelParams, weights

COMMIT = "1b8ac34"


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
    sizes = filtered(raw_sizes(room.capacity, w, total), inputs.min_size, inputs)
    return finish(sizes, w, room)


def run(**inputs: Any) -> SideSizing:
    """The optimizer, then ladder_strat's truncation and retain (`constrained.INPUTS`)."""
    return constrained.side_sizing(optimize, warns=False, **inputs)


VERSION = SizingVersion(
    name="pre_fallback",
    commit=COMMIT,
    first="2025-12-29",
    last="2026-01-02",
    inputs=constrained.INPUTS,
    paths=("normal", "empty"),
    summary=(
        "sizes under min_level_size or min_notional are dropped and their capacity lost; "
        "no fallback, no warning"
    ),
    run=run,
    inputs_from=constrained.inputs_from,
)
