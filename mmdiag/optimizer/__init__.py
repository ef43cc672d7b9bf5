"""The bot's ladder sizing, each released version side by side (pure Python, no I/O).

`versions()` lists every sizing version (name, commit, the release dates it covers, its
inputs); `run(version, **inputs)` runs one on inputs named as the bot's function's parameters
at that commit and answers a `SideSizing`: per-level sizes (and prices where the version sets
them), the path that decided (normal, a fallback, empty) and what the bot logs on the way.

    run("with_fallback", side="bid", margin_available=237.0, max_position=0.002633,
        min_size=0.001, min_notional=10.0, price=90000.0, leverage=20.0, levels=[...],
        method="kelly_stochastic", kelly={...}, sz_decimals=5)

The seed's optimizer alone (before the strategy's truncation) is `optimize(version, method,
**case_input)`, which takes a golden case's input as it is:

    optimize("with_fallback", "kelly_stochastic", margin_available=237.0, max_position=0.002633,
             min_size=0.001, min_notional=10.0, price=90000.0, leverage=10.0,
             levels=[{"depth_bps": 8.5, ...}, ...], kelly={"sigma": 1e-4, ...})

A new release of the bot's sizing is one new module, listed in `registry.MODULES`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

from mmdiag.optimizer import v2026_01_02_fallback, v2026_01_02_pre_fallback
from mmdiag.optimizer.allocation import Allocation, OptimizerInputs
from mmdiag.optimizer.registry import later_than, run_version, version, versions
from mmdiag.optimizer.sizing import SideSizing, SideState, SizingVersion
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
    "SideSizing",
    "SideState",
    "SizingVersion",
    "allocate",
    "later_than",
    "optimize",
    "run",
    "version",
    "versions",
]


def run(version: str, **inputs: Any) -> SideSizing:
    """One sizing version on inputs named as the bot's parameters (`versions()` lists them)."""
    return run_version(version, **inputs)


def allocate(
    version: str,
    method: str,
    inputs: OptimizerInputs,
    levels: Sequence[LevelParams],
    kelly: KellyStochasticParams | None = None,
) -> Allocation:
    """The seed's optimizer alone (before truncation), one released version, one method."""
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
    return allocate(version, method, inputs, level_params, kelly_params)
