"""The strategy's steps around `ConstrainedLadderOptimizer` (ladder_strat.rs, 2025-12-29 to
2026-01-04): one optimizer per side, each size truncated to sz_decimals, empty levels dropped,
and from d8bb6a1 on a warning when a side had levels and none is left."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from mmdiag.optimizer.allocation import Allocation, OptimizerInputs
from mmdiag.optimizer.numeric import EPSILON
from mmdiag.optimizer.sizing import (
    EMPTY,
    NORMAL,
    SideSizing,
    SideState,
    kelly_params,
    level_params,
    truncated,
)
from mmdiag.optimizer.weights import KellyStochasticParams, LevelParams

Optimize = Callable[
    [OptimizerInputs, list[LevelParams], str, KellyStochasticParams | None], Allocation
]

INPUTS = (
    "side",
    "margin_available",
    "max_position",
    "min_size",
    "min_notional",
    "price",
    "leverage",
    "levels",
    "method",
    "kelly",
    "sz_decimals",
)
"""`ConstrainedLadderOptimizer::new`'s six arguments, the levels and Kelly parameters handed
to `optimize`/`optimize_kelly_stochastic`, the method, and what ladder_strat adds: the side and
`config.sz_decimals`."""

FALLBACK_MESSAGES = {
    "proportional": "INFO:Concentration fallback: single quote at best level",
    "kelly_stochastic": "INFO:Concentration fallback (Kelly): single quote at best level",
}


def side_sizing(
    optimize: Optimize,
    *,
    warns: bool,
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
) -> SideSizing:
    """The optimizer, then ladder_strat's truncation, retain and (`warns`) warning."""
    params = level_params(levels)
    inputs = OptimizerInputs(
        margin_available, max_position, min_size, min_notional, price, leverage
    )
    allocation = optimize(inputs, params, method, kelly_params(kelly))
    messages: list[str] = []
    if allocation.fallback_fired:
        messages.append(FALLBACK_MESSAGES[method])
    sizes = truncated(allocation.sizes, sz_decimals)
    left = any(size > EPSILON for size in sizes)
    if warns and params and not left:
        messages.append(f"WARN:All {side} levels filtered out (sizes too small)")
    path = "concentration" if allocation.fallback_fired else NORMAL if left else EMPTY
    return SideSizing(sizes=sizes, path=path, messages=tuple(messages))


def inputs_from(state: SideState, draws: random.Random) -> dict[str, Any]:
    """ladder_strat@d8bb6a1:576-639: both sides get the whole margin, the side's capacity,
    min_level_size as min_size, the microprice, max(leverage, 1)."""
    del draws
    return {
        "side": state.side,
        "margin_available": state.margin,
        "max_position": state.capacity,
        "min_size": state.min_level_size,
        "min_notional": state.min_notional,
        "price": state.mid,
        "leverage": state.effective_leverage,
        "levels": state.level_inputs(),
        "method": state.method,
        "kelly": None if state.kelly is None else asdict(state.kelly),
        "sz_decimals": state.sz_decimals,
    }
