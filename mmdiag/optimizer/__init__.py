"""The bot's ladder-size optimizer, each released version side by side (pure Python, no I/O).

`optimize(version, method, **case_input)` takes a golden case's input as it is:

    optimize("with_fallback", "kelly_stochastic", margin_available=237.0, max_position=0.002633,
             min_size=0.001, min_notional=10.0, price=90000.0, leverage=10.0,
             levels=[{"depth_bps": 8.5, ...}, ...], kelly={"sigma": 1e-4, ...})

A new release of the bot is one new module with the same `optimize` signature, listed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

from mmdiag.optimizer import v2026_01_02_fallback, v2026_01_02_pre_fallback
from mmdiag.optimizer.allocation import Allocation, OptimizerInputs
from mmdiag.optimizer.weights import KellyStochasticParams, LevelParams

VERSIONS: dict[str, ModuleType] = {
    "pre_fallback": v2026_01_02_pre_fallback,
    "with_fallback": v2026_01_02_fallback,
}
METHODS = ("proportional", "kelly_stochastic")

__all__ = [
    "METHODS",
    "VERSIONS",
    "Allocation",
    "KellyStochasticParams",
    "LevelParams",
    "OptimizerInputs",
    "optimize",
    "run",
]


def run(
    version: str,
    method: str,
    inputs: OptimizerInputs,
    levels: Sequence[LevelParams],
    kelly: KellyStochasticParams | None = None,
) -> Allocation:
    """Run one released version with one method."""
    if version not in VERSIONS:
        raise ValueError(f"unknown optimizer version {version!r}: {', '.join(VERSIONS)}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: {', '.join(METHODS)}")
    result: Allocation = VERSIONS[version].optimize(inputs, list(levels), method, kelly)
    return result


def optimize(
    version: str,
    method: str,
    *,
    margin_available: float,
    max_position: float,
    min_size: float,
    min_notional: float,
    price: float,
    leverage: float,
    levels: Sequence[Mapping[str, float]],
    kelly: Mapping[str, float] | None = None,
    **_: Any,
) -> Allocation:
    """A golden case's `input`, as it is, through one version and method."""
    inputs = OptimizerInputs(
        margin_available, max_position, min_size, min_notional, price, leverage
    )
    level_params = [LevelParams(**{k: float(v) for k, v in level.items()}) for level in levels]
    kelly_params = KellyStochasticParams(**kelly) if kelly is not None else None
    return run(version, method, inputs, level_params, kelly_params)
