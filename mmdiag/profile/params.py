"""The modelled knobs behind the optimizer's per-level inputs, with the bot's defaults.

The bot's logs carry the optimizer's scalar inputs but not its per-level ones, so mmdiag rebuilds
those from the defaults the bot starts with. Each default names where it comes from in the bot
(trudumb/hyper_make at d8bb6a1), as worked out in SEED_TABLE.md and OPTIMIZER_DETAILS.md §8.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Side = Literal["bid", "ask"]
Spacing = Literal["geometric", "linear"]

#: The Kelly fraction is scaled by the volatility regime (estimator/volatility.rs:498-505).
REGIME_MULTIPLIERS: dict[str, float] = {"low": 1.5, "normal": 1.0, "high": 0.5, "extreme": 0.25}

#: `clamp(kelly_fraction × regime_multiplier, 0.05, 0.75)` (ladder_strat.rs@d8bb6a1:627-638).
KELLY_FRACTION_BOUNDS = (0.05, 0.75)


def require_finite(
    name: str, value: float, *, positive: bool = False, minimum: float = 0.0
) -> None:
    """Raise a ValueError naming `name` unless `value` is finite, >= minimum (> 0 if positive)."""
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if positive and value <= 0.0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum!r}, got {value!r}")


def require_count(name: str, value: int, *, minimum: int) -> None:
    """Raise a ValueError naming `name` unless `value` is an int (not a bool) >= minimum."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")


@dataclass(frozen=True)
class ProfileParams:
    """Every modelled knob; the defaults are the bot's own at d8bb6a1.

    `None` in an override field means "derive it as the bot does".
    """

    # --- market model ------------------------------------------------------------------------
    #: Risk aversion γ: adaptive ShrinkageGamma base 0.3 (adaptive/config.rs:148), with
    #: tail_risk_multiplier 1 (no cascade).
    gamma: float = 0.3
    #: Fill intensity κ: BlendedKappaEstimator warm-up, kappa_prior_mean 2500 × kappa_warmup_factor
    #: 0.8 (adaptive/config.rs:161,165; calculator.rs:452-463). Both sides get the same κ.
    kappa: float = 2000.0
    #: Volatility σ per second: default_sigma (bin/market_maker.rs:369-371).
    sigma: float = 1e-4
    #: Order arrival rate per second: default_arrival_intensity (bin/market_maker.rs:375-377).
    arrival_intensity: float = 0.5
    #: Cap on the ladder generator's holding time, seconds (risk_config.rs:216).
    max_holding_time: float = 120.0

    # --- depth generator (DynamicDepthConfig built from LadderConfig, ladder_strat.rs:150-177) --
    #: LadderConfig.min_depth_bps (quoting/ladder/mod.rs:92-108); the bot uses max(this, 1).
    min_depth_bps: float = 2.0
    #: LadderConfig.max_depth_bps: hard cap on any depth.
    max_depth_bps: float = 200.0
    #: The deepest level is at most this multiple of the optimal depth δ*.
    max_depth_multiple: float = 5.0
    #: DynamicDepthConfig spacing; the bot's default is geometric.
    spacing: Spacing = "geometric"
    #: Each geometric level is this multiple of the previous one.
    geometric_ratio: float = 1.5
    #: Step between linear levels, bps (used only with spacing="linear").
    linear_step_bps: float = 3.0
    #: LadderConfig.fees_bps: the generator adds fees_bps/1e4 to δ*, spread capture subtracts it.
    fees_bps: float = 3.5
    #: Effective spread floor every depth is raised to: the adaptive learned floor's prior, maker
    #: fee 1.5 + AS 3 + 0.5 × 3 bps (adaptive/config.rs:140-142; learned_floor.rs:242).
    spread_floor_bps: float = 6.0

    # --- adverse selection (DepthDecayAS, adverse_selection/depth_decay.rs:111-112) --------------
    #: AS at the touch, bps: AS(δ) = as_at_touch_bps · exp(−δ / as_decay_bps).
    as_at_touch_bps: float = 3.0
    #: Characteristic depth δc of the AS decay, bps.
    as_decay_bps: float = 8.0

    # --- Kelly-stochastic allocation (config.rs:540-549; ladder_strat.rs:627-638) ---------------
    #: Probability of informed flow at the touch.
    kelly_alpha_touch: float = 0.25
    #: Decay depth of that probability, bps.
    kelly_alpha_decay_bps: float = 15.0
    #: Fractional Kelly before the regime multiplier.
    kelly_fraction: float = 0.2
    #: Volatility regime multiplier: 1.0 is Normal; see REGIME_MULTIPLIERS.
    regime_multiplier: float = 1.0
    #: Kelly τ in seconds; None derives it DiffusionBased (params.rs:602-616):
    #: clamp((kelly_tau_move_bps/1e4 / σ)², kelly_tau_min, kelly_tau_max).
    kelly_time_horizon: float | None = None
    kelly_tau_move_bps: float = 25.0
    kelly_tau_min: float = 10.0
    kelly_tau_max: float = 600.0

    # --- the binary's target liquidity (bin/market_maker.rs:276-278, 296-298, 926-932) ----------
    #: target_liquidity config default, coins.
    target_liquidity_cfg: float = 0.01
    #: max_position config default, coins.
    max_position_cfg: float = 0.05
    #: cascade_size_factor multiplying target liquidity (1 when no liquidation cascade).
    cascade_size_factor: float = 1.0

    # --- explicit depths ---------------------------------------------------------------------
    #: Depths in bps, best first, replacing the depth generator (and the spread floor).
    depths: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("kappa", "sigma", "arrival_intensity", "max_holding_time"):
            require_finite(name, getattr(self, name), positive=True)
        # A multiple below 1 could put the deepest level above the shallowest one, where the
        # bot's f64::clamp(min, max) would panic.
        require_finite("max_depth_multiple", self.max_depth_multiple, minimum=1.0)
        # A ratio below 1 would put deeper levels nearer the mid than shallower ones.
        require_finite("geometric_ratio", self.geometric_ratio, minimum=1.0)
        for name in ("max_depth_bps", "as_decay_bps"):
            require_finite(name, getattr(self, name), positive=True)
        for name in ("kelly_alpha_decay_bps", "kelly_tau_move_bps", "kelly_tau_min"):
            require_finite(name, getattr(self, name), positive=True)
        for name in (
            "gamma",
            "min_depth_bps",
            "linear_step_bps",
            "fees_bps",
            "spread_floor_bps",
            "as_at_touch_bps",
            "kelly_alpha_touch",
            "kelly_fraction",
            "regime_multiplier",
            "target_liquidity_cfg",
            "max_position_cfg",
            "cascade_size_factor",
        ):
            require_finite(name, getattr(self, name))
        require_finite("kelly_tau_max", self.kelly_tau_max, minimum=self.kelly_tau_min)
        if self.spacing not in ("geometric", "linear"):
            raise ValueError(f"spacing must be 'geometric' or 'linear', got {self.spacing!r}")
        if self.kelly_alpha_touch > 1.0:
            raise ValueError(f"kelly_alpha_touch must be <= 1, got {self.kelly_alpha_touch!r}")
        if self.generator_min_depth_bps > self.max_depth_bps:
            # Rust's f64::clamp(min, max) panics when min > max.
            raise ValueError(
                f"min_depth_bps ({self.min_depth_bps!r}) must not exceed "
                f"max_depth_bps ({self.max_depth_bps!r})"
            )
        if self.kelly_time_horizon is not None:
            require_finite("kelly_time_horizon", self.kelly_time_horizon, positive=True)
        if self.depths is not None:
            _validate_depths(self.depths)

    @property
    def generator_min_depth_bps(self) -> float:
        """DynamicDepthConfig.min_depth_bps = max(LadderConfig.min_depth_bps, 1)."""
        return max(self.min_depth_bps, 1.0)

    @property
    def generator_spread_floor_bps(self) -> float:
        """DynamicDepthConfig.min_spread_floor_bps = max(fees_bps + 1, min_depth_bps): 4.5."""
        return max(self.fees_bps + 1.0, self.min_depth_bps)

    @property
    def maker_fee_rate(self) -> float:
        """DynamicDepthConfig.maker_fee_rate = fees_bps / 1e4, added to δ* as a fraction."""
        return self.fees_bps / 10000.0

    @property
    def holding_time(self) -> float:
        """The generator's time horizon: min(1/max(arrival, 0.01), max_holding_time) = 2 s."""
        return min(1.0 / max(self.arrival_intensity, 0.01), self.max_holding_time)

    @property
    def kelly_tau(self) -> float:
        """The Kelly τ, also the optimizer's fill-intensity horizon: 600 s at the defaults."""
        if self.kelly_time_horizon is not None:
            return self.kelly_time_horizon
        ratio = (self.kelly_tau_move_bps / 10000.0) / self.sigma
        return min(max(ratio * ratio, self.kelly_tau_min), self.kelly_tau_max)

    @property
    def effective_kelly_fraction(self) -> float:
        """clamp(kelly_fraction × regime_multiplier, 0.05, 0.75)."""
        low, high = KELLY_FRACTION_BOUNDS
        return min(max(self.kelly_fraction * self.regime_multiplier, low), high)


def _validate_depths(depths: tuple[float, ...]) -> None:
    if len(depths) == 0:
        raise ValueError("depths must hold at least one depth")
    for index, depth in enumerate(depths):
        require_finite(f"depths[{index}]", depth)
        if depth >= 10000.0:
            raise ValueError(f"depths[{index}] must be below 10000 bps (100%), got {depth!r}")
    for index in range(1, len(depths)):
        if depths[index] < depths[index - 1]:
            # The bot's ladder is ordered best first (build_raw_ladder sorts by price), so an
            # unordered override is almost certainly a typo; refuse it rather than reorder it.
            raise ValueError(
                f"depths must be non-decreasing (best level first), but depths[{index}]="
                f"{depths[index]!r} < depths[{index - 1}]={depths[index - 1]!r}"
            )
