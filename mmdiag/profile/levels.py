"""The optimizer's per-level inputs, rebuilt as `ladder_strat.rs` builds them (d8bb6a1).

Order of the bot's steps (OPTIMIZER_DETAILS.md §8): depth generator -> spread floor -> level
prices -> fill intensity with the Kelly τ -> adverse selection -> spread capture clamped at 0 ->
margin per unit; plus the Kelly parameters handed to `optimize_kelly_stochastic`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mmdiag.optimizer.exchange import powi, round_price
from mmdiag.profile.params import ProfileParams, Side, require_count, require_finite

#: `crate::EPSILON` (src/consts.rs:4).
EPSILON = 1e-9

DEFAULT_PARAMS = ProfileParams()


@dataclass(frozen=True)
class LevelInputs:
    """One `LevelOptimizationParams` (optimizer.rs:16-27), plus the level's quoted price."""

    depth_bps: float
    price: float
    fill_intensity: float
    spread_capture: float
    adverse_selection: float
    margin_per_unit: float

    @property
    def marginal_value(self) -> float:
        """λ·SC: the proportional optimizer's weight before its max(., 0)."""
        return self.fill_intensity * self.spread_capture


@dataclass(frozen=True)
class KellyParams:
    """`KellyStochasticParams` as ladder_strat.rs@d8bb6a1:623-639 fills them."""

    sigma: float
    time_horizon: float
    alpha_touch: float
    alpha_decay_bps: float
    kelly_fraction: float


@dataclass(frozen=True)
class Profile:
    """What one side of the optimizer receives when every generated level reaches it."""

    side: Side
    mid_price: float
    leverage: float
    levels: tuple[LevelInputs, ...]
    kelly: KellyParams
    params: ProfileParams

    def restricted_to(self, indices: tuple[int, ...]) -> Profile:
        """The same profile with only the levels that survived the ladder generator."""
        kept = tuple(self.levels[i] for i in indices)
        return Profile(self.side, self.mid_price, self.leverage, kept, self.kelly, self.params)


def optimal_depth_bps(params: ProfileParams) -> float:
    """GLFT δ* in bps, floored: dgen@d8bb6a1:237-250 and :279-288.

    δ* = (1/γ)·ln(1+γ/κ) + maker_fee, or 1/max(κ,1) + maker_fee when γ/κ or γ is <= 1e-9.
    """
    gamma, kappa = params.gamma, params.kappa
    ratio = gamma / max(kappa, EPSILON)
    if ratio > 1e-9 and gamma > 1e-9:
        spread = (1.0 / gamma) * math.log(1.0 + ratio)
    else:
        spread = 1.0 / max(kappa, 1.0)
    optimal_bps = (spread + params.maker_fee_rate) * 10000.0
    return max(optimal_bps, params.generator_spread_floor_bps, params.generator_min_depth_bps)


def generated_depths(levels: int, params: ProfileParams = DEFAULT_PARAMS) -> tuple[float, ...]:
    """The dynamic depth generator's ladder, then the effective spread floor (strat:372-418).

    The deepest level is min(δ*·max_depth_multiple, max_depth_bps); when δ* itself is deeper, the
    ladder starts at the generator's floor instead (dgen@d8bb6a1:411-437). Every depth is clamped
    to [min depth, max depth] (dgen@d8bb6a1:446-455) and then raised to the spread floor.
    """
    optimal = optimal_depth_bps(params)
    low = params.generator_min_depth_bps
    deepest = min(optimal * params.max_depth_multiple, params.max_depth_bps)
    start = max(params.generator_spread_floor_bps, low) if optimal > deepest else optimal
    depths: list[float] = []
    for i in range(levels):
        if params.spacing == "geometric":
            depth = start * powi(params.geometric_ratio, i)
        else:
            depth = start + params.linear_step_bps * float(i)
        depths.append(max(min(max(depth, low), deepest), params.spread_floor_bps))
    return tuple(depths)


def level_depths(levels: int, params: ProfileParams = DEFAULT_PARAMS) -> tuple[float, ...]:
    """The explicit `params.depths` if given (exactly `levels` of them), else the generator's."""
    if params.depths is None:
        return generated_depths(levels, params)
    if len(params.depths) != levels:
        raise ValueError(
            f"levels ({levels}) must equal the number of explicit depths ({len(params.depths)})"
        )
    return params.depths


def level_price(mid: float, depth_bps: float, side: Side, price_decimals: int) -> float:
    """mid ∓ mid·(δ/1e4), rounded to nearest on both sides (generator.rs build_raw_ladder)."""
    offset = mid * (depth_bps / 10000.0)
    raw = mid - offset if side == "bid" else mid + offset
    return round_price(raw, price_decimals)


def optimizer_fill_intensity(depth_bps: float, params: ProfileParams) -> float:
    """`fill_intensity_with_model` with a fresh BayesianFillModel (strat@d8bb6a1:857-897).

    With fewer than 5 attempts in the depth's bucket it is κ·min(1, (σ√τ / δ)²), τ being the
    **Kelly** time horizon, not the generator's holding time.
    """
    depth = depth_bps / 10000.0
    if depth < EPSILON:
        return params.kappa
    ratio = (params.sigma * math.sqrt(params.kelly_tau)) / depth
    return params.kappa * min(1.0, ratio * ratio)


def adverse_selection_bps(depth_bps: float, params: ProfileParams) -> float:
    """DepthDecayAS.as_at_depth: AS₀·exp(−δ/δc) (depth_decay.rs:146-148)."""
    return params.as_at_touch_bps * math.exp(-depth_bps / params.as_decay_bps)


def optimizer_spread_capture(depth_bps: float, params: ProfileParams) -> float:
    """max(δ − AS(δ) − fees, 0) (strat@d8bb6a1:922-926); the generator's own is not clamped."""
    return max(depth_bps - adverse_selection_bps(depth_bps, params) - params.fees_bps, 0.0)


def kelly_params(params: ProfileParams = DEFAULT_PARAMS) -> KellyParams:
    """The Kelly parameters ladder_strat passes (strat@d8bb6a1:623-639)."""
    return KellyParams(
        sigma=params.sigma,
        time_horizon=params.kelly_tau,
        alpha_touch=params.kelly_alpha_touch,
        alpha_decay_bps=params.kelly_alpha_decay_bps,
        kelly_fraction=params.effective_kelly_fraction,
    )


def validate_market(price: float, levels: int, leverage: float, side: str) -> None:
    """The scalar inputs shared by every profile function; ValueError names the bad one."""
    require_finite("price", price, positive=True)
    require_count("levels", levels, minimum=1)
    require_finite("leverage", leverage, positive=True)
    if side not in ("bid", "ask"):
        raise ValueError(f"side must be 'bid' or 'ask', got {side!r}")


def level_profile(
    price: float,
    levels: int,
    leverage: float,
    side: Side = "bid",
    params: ProfileParams = DEFAULT_PARAMS,
    *,
    price_decimals: int = 1,
) -> Profile:
    """The optimizer's inputs for one side when all `levels` generated levels reach it.

    `price` is the microprice (mid); `leverage` the margin sizer's max leverage, used as
    max(leverage, 1) like strat@d8bb6a1:465. `price_decimals` is the asset's price precision
    (BTC perp: 1). Prices are rounded as the bot's ladder rounds them.
    """
    validate_market(price, levels, leverage, side)
    require_count("price_decimals", price_decimals, minimum=0)
    effective_leverage = max(leverage, 1.0)
    margin_per_unit = price / effective_leverage
    rows = tuple(
        LevelInputs(
            depth_bps=depth,
            price=level_price(price, depth, side, price_decimals),
            fill_intensity=optimizer_fill_intensity(depth, params),
            spread_capture=optimizer_spread_capture(depth, params),
            adverse_selection=adverse_selection_bps(depth, params),
            margin_per_unit=margin_per_unit,
        )
        for depth in level_depths(levels, params)
    )
    return Profile(side, price, effective_leverage, rows, kelly_params(params), params)
