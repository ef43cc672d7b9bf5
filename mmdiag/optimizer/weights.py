"""The two weightings of the ladder levels (identical in every released version)."""

from __future__ import annotations

from dataclasses import dataclass

from mmdiag.optimizer.numeric import EPSILON, fdiv, fexp, fsqrt, rmax

SQRT_2 = 1.4142135623730951


@dataclass(frozen=True)
class LevelParams:
    """`LevelOptimizationParams`: one ladder level as the optimizer sees it."""

    depth_bps: float
    fill_intensity: float
    spread_capture: float
    margin_per_unit: float
    adverse_selection: float


@dataclass(frozen=True)
class KellyStochasticParams:
    sigma: float
    time_horizon: float
    alpha_touch: float
    alpha_decay_bps: float
    kelly_fraction: float


def normal_cdf(x: float) -> float:
    """Abramowitz-Stegun 7.1.26, in the bot's exact evaluation order."""
    if x < -8.0:
        return 0.0
    if x > 8.0:
        return 1.0
    a1, a2, a3, a4, a5 = 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429
    p = 0.3275911
    sign = -1.0 if x < 0 else 1.0
    xa = abs(x) / SQRT_2
    t = fdiv(1.0, 1.0 + p * xa)
    y = 1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * fexp((-xa) * xa)
    return 0.5 * (1.0 + sign * y)


def fill_probability_stochastic(depth_bps: float, sigma: float, tau: float) -> float:
    depth = depth_bps / 10000.0
    s = sigma * fsqrt(tau)
    if s < 1e-12 or depth < EPSILON:
        return 1.0 if depth < EPSILON else 0.0
    return 2.0 * normal_cdf(fdiv(-depth, s))


def kelly_fraction_at_level(spread_capture: float, adverse: float, alpha: float) -> float:
    expected = (1.0 - alpha) * spread_capture - alpha * adverse
    variance = ((spread_capture + adverse) * (spread_capture + adverse)) * alpha * (1.0 - alpha)
    if variance < 1e-10 or expected <= 0:
        return 0.0
    return rmax(fdiv(expected, variance), 0.0)


def proportional_weights(levels: list[LevelParams]) -> list[float]:
    return [rmax(level.fill_intensity * level.spread_capture, 0.0) for level in levels]


def kelly_weights(levels: list[LevelParams], kelly: KellyStochasticParams) -> list[float]:
    weights = []
    for level in levels:
        p = fill_probability_stochastic(level.depth_bps, kelly.sigma, kelly.time_horizon)
        alpha = kelly.alpha_touch * fexp(fdiv(-level.depth_bps, kelly.alpha_decay_bps))
        fraction = kelly_fraction_at_level(level.spread_capture, level.adverse_selection, alpha)
        weights.append(rmax(p * fraction * kelly.kelly_fraction, 0.0))
    return weights


def weights(
    method: str, levels: list[LevelParams], kelly: KellyStochasticParams | None
) -> list[float]:
    if method == "proportional":
        return proportional_weights(levels)
    if kelly is None:
        raise ValueError("the kelly_stochastic method needs Kelly parameters")
    return kelly_weights(levels, kelly)
