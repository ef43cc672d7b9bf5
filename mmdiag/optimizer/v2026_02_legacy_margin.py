"""ladder_strat's margin split of the legacy path, 2026-02-09 (ce98505) to the head (6c17115).

Every cycle `generate_ladder` hands each side's optimizer a share of `margin_available`: 50 %
(ce98505), 70 % (9d8fd75), `dynamic_margin_utilization` (6a432ff: 30-90 % by regime, kill
switch headroom and warm-up), times `warmup_size_mult` (57a1fbf); split between the sides by
`MarginSplit.kind` and logged at INFO (`Margin allocation (...)`). The split runs before the
tick-grid/legacy branch, so the tick grid's releases split the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from mmdiag.optimizer import guaranteed
from mmdiag.optimizer.entropy import clamp
from mmdiag.optimizer.numeric import fdiv, rmax, rmin

STOCHASTIC_SPLIT = "Margin allocation (stochastic-weighted split)"
SIGNALS = "INFO:[SIGNALS] signal contribution summary"


@dataclass(frozen=True)
class MarginSplit:
    """One release's share and split."""

    kind: str
    """`knife` (ce98505: inventory, flow, urgency and knife scores), `directional` (6d31c6a:
    and a directional term), `inventory` (d116d41), `posterior` (3f79b61: P(bearish)),
    `q_ratio` (a90ca2e: the exposure budgets' asymmetry), `cj` (57a1fbf: a Cartea-Jaimungal
    inventory target), `conviction` (4156b33: and conviction)."""
    message: str
    utilization: float | None = 0.5
    """The share of margin_available; None: `dynamic_margin_utilization` (6a432ff)."""
    warmup_size_mult: bool = False
    """The usable margin is also scaled by `warmup_size_mult` (57a1fbf)."""


KNIFE = MarginSplit("knife", STOCHASTIC_SPLIT)
DIRECTIONAL = MarginSplit("directional", STOCHASTIC_SPLIT)
DIRECTIONAL_70 = MarginSplit("directional", STOCHASTIC_SPLIT, utilization=0.70)
DIRECTIONAL_DYNAMIC = MarginSplit("directional", STOCHASTIC_SPLIT, utilization=None)
INVENTORY = MarginSplit("inventory", "Margin allocation (inventory-driven split)", utilization=None)
POSTERIOR = MarginSplit("posterior", "Margin allocation (posterior-driven split)", utilization=None)
Q_RATIO = MarginSplit("q_ratio", "Margin allocation (GLFT-derived, gamma-scaled)", utilization=None)
CARTEA_JAIMUNGAL = MarginSplit(
    "cj",
    "Margin allocation (Cartea-Jaimungal SNR-scaled inventory)",
    utilization=None,
    warmup_size_mult=True,
)
CONVICTION = MarginSplit(
    "conviction",
    "Margin allocation (Cartea-Jaimungal SNR-scaled + conviction)",
    utilization=None,
    warmup_size_mult=True,
)

_KNIFE_INPUTS = (
    "flow_imbalance",
    "position_opposes_momentum",
    "urgency_score",
    "falling_knife_score",
    "rising_knife_score",
)
_CJ_INPUTS = ("drift_uncertainty_bps", "drift_rate_per_sec_raw")
_INPUTS = {
    "knife": _KNIFE_INPUTS,
    "directional": (*_KNIFE_INPUTS, "predicted_alpha", "lead_lag_signal_bps"),
    "inventory": (),
    "posterior": ("prob_bearish",),
    "q_ratio": (
        "prob_bearish",
        "dynamic_max_position",
        "available_bid_budget",
        "available_ask_budget",
        "belief_confidence",
    ),
    "cj": _CJ_INPUTS,
    "conviction": (
        *_CJ_INPUTS,
        "conviction_corroboration",
        "conviction_score",
        "conviction_q_target",
        "conviction_margin_shift",
    ),
}


def inputs_of(split: MarginSplit) -> tuple[str, ...]:
    """What the split reads besides side, available_margin, position and
    effective_max_position, by the bot's names."""
    names = list(_INPUTS[split.kind])
    if split.utilization is None:
        names += ["regime_gamma_multiplier", "kill_switch_headroom", "adaptive_warmup_progress"]
    if split.warmup_size_mult:
        names.append("warmup_size_mult")
    return tuple(dict.fromkeys(names))


def margin_for_side(split: MarginSplit, inputs: dict[str, Any], messages: list[str]) -> float:
    """The margin the side's optimizer gets, logging what the bot logs on the way
    (ladder_strat@ce98505:1032-1162, @6d31c6a:1043-1198, @d116d41:1415-1460,
    @3f79b61:1391-1423, @a90ca2e:1399-1461, @57a1fbf:1429-1497, @4156b33:1435-1517)."""
    usable = float(inputs["available_margin"]) * utilization(split, inputs)
    if split.warmup_size_mult:
        usable = usable * float(inputs["warmup_size_mult"])
    ratio = inventory_ratio(inputs)
    ask_weight = _ask_weight(split, ratio, inputs, messages)
    bid_weight = 1.0 - ask_weight
    messages.append(f"INFO:{split.message}")
    if split.kind in ("knife", "directional"):
        messages.append(SIGNALS)
    return usable * (bid_weight if inputs["side"] == "bid" else ask_weight)


def utilization(split: MarginSplit, inputs: dict[str, Any]) -> float:
    if split.utilization is not None:
        return split.utilization
    return dynamic_margin_utilization(
        float(inputs["regime_gamma_multiplier"]),
        float(inputs["kill_switch_headroom"]),
        float(inputs["adaptive_warmup_progress"]),
    )


def dynamic_margin_utilization(
    regime_gamma_mult: float, kill_switch_headroom: float, warmup_progress: float
) -> float:
    """ladder_strat@6a432ff:47-82 (unchanged but for rustfmt to the head)."""
    if regime_gamma_mult <= 1.1:
        base = 0.85
    elif regime_gamma_mult <= 1.5:
        base = 0.85 - (regime_gamma_mult - 1.1) / 0.4 * 0.10
    elif regime_gamma_mult <= 2.0:
        base = 0.75 - (regime_gamma_mult - 1.5) / 0.5 * 0.10
    else:
        base = rmax(0.65 - (regime_gamma_mult - 2.0) / 1.0 * 0.15, 0.50)
    headroom_factor = 1.0 if kill_switch_headroom >= 0.50 else 0.5 + kill_switch_headroom
    warmup_boost = 0.05 if warmup_progress < 0.3 else 0.0
    return clamp((base + warmup_boost) * headroom_factor, 0.30, 0.90)


def inventory_ratio(inputs: dict[str, Any]) -> float:
    """`(position / effective_max_position).clamp(-1, 1)`, 0 without a limit."""
    return guaranteed.inventory_ratio(
        float(inputs["position"]), float(inputs["effective_max_position"])
    )


def _ask_weight(
    split: MarginSplit, ratio: float, inputs: dict[str, Any], messages: list[str]
) -> float:
    if split.kind in ("knife", "directional"):
        return clamp(0.5 + _signal_split(split, ratio, inputs, messages), 0.25, 0.75)
    if split.kind == "inventory":
        return clamp(0.5 + clamp(ratio * 0.3, -0.20, 0.20), 0.30, 0.70)
    if split.kind == "posterior":
        return float(inputs["prob_bearish"])
    if split.kind == "q_ratio":
        return clamp(0.5 + _q_ratio_factor(inputs), 0.15, 0.85)
    return _cartea_jaimungal(split, ratio, inputs)


def _signal_split(
    split: MarginSplit, ratio: float, inputs: dict[str, Any], messages: list[str]
) -> float:
    """ce98505's weighted inventory, momentum and urgency signals (0.6/0.3/0.1); 6d31c6a's
    0.5/0.25/0.1 and a 0.15 directional term."""
    inventory_signal = ratio * 0.4
    momentum_signal = float(inputs["flow_imbalance"]) * 0.3 * (1.0 - abs(ratio))
    falling = float(inputs["falling_knife_score"])
    rising = float(inputs["rising_knife_score"])
    severity = rmax(falling, rising)
    direction = -1.0 if falling > rising else 1.0 if rising > falling else 0.0
    knife_opposes = (ratio > 0.0 and direction < 0.0) or (ratio < 0.0 and direction > 0.0)
    urgency = float(inputs["urgency_score"])
    if knife_opposes and severity > 0.5:
        urgency = rmin(urgency + severity / 3.0, 1.0)
        if severity > 1.0:
            messages.append(
                "INFO:Momentum-opposed position: amplifying urgency via falling/rising knife"
            )
    urgency_signal = 0.0
    if bool(inputs["position_opposes_momentum"]) or knife_opposes:
        urgency_signal = (1.0 if ratio > 0.0 else -1.0) * rmin(urgency, 1.0) * 0.2
    if split.kind == "knife":
        return inventory_signal * 0.6 + momentum_signal * 0.3 + urgency_signal * 0.1
    directional = _directional_signal(inputs)
    return (
        inventory_signal * 0.50
        + momentum_signal * 0.25
        + urgency_signal * 0.10
        + directional * 0.15
    )


def _directional_signal(inputs: dict[str, Any]) -> float:
    """ladder_strat@6d31c6a:1142-1157: knife direction, flow and lead-lag, alpha-amplified."""
    knife_dir = float(inputs["rising_knife_score"]) - float(inputs["falling_knife_score"])
    knife_strength = rmin(abs(knife_dir), 2.0) / 2.0
    alpha_amp = 1.0 + rmin(float(inputs["predicted_alpha"]), 0.5) * 2.0
    raw = (
        signum(knife_dir) * knife_strength * 0.4
        + float(inputs["flow_imbalance"]) * 0.4
        + float(inputs["lead_lag_signal_bps"]) / 5.0 * 0.2
    ) * alpha_amp
    return clamp(raw, -1.0, 1.0) * 0.3


def signum(x: float) -> float:
    """`f64::signum`: ±1 by the sign bit (so -0.0 gives -1), NaN stays NaN."""
    if math.isnan(x):
        return math.nan
    return math.copysign(1.0, x)


def _q_ratio_factor(inputs: dict[str, Any]) -> float:
    """ladder_strat@a90ca2e:1421-1446: the budgets' asymmetry, scaled by gamma and urgency."""
    dynamic_max = float(inputs["dynamic_max_position"])
    q_ratio = 0.0
    if dynamic_max > 0.0:
        budget = float(inputs["available_bid_budget"]) - float(inputs["available_ask_budget"])
        q_ratio = fdiv(budget, 2.0 * dynamic_max)
    q_ratio = clamp(q_ratio, -1.0, 1.0)
    gamma_mult = clamp(float(inputs["regime_gamma_multiplier"]) / 1.0, 0.5, 2.0)
    drift_sign = 1.0 if float(inputs["prob_bearish"]) > 0.5 else -1.0
    opposition = drift_sign * signum(q_ratio)
    urgency = clamp(opposition * float(inputs["belief_confidence"]), 0.0, 1.0)
    asymmetry = abs(q_ratio) * 0.3 * gamma_mult * (1.0 + urgency * 0.5)
    return clamp(signum(q_ratio) * asymmetry, -0.35, 0.35)


def _cartea_jaimungal(split: MarginSplit, ratio: float, inputs: dict[str, Any]) -> float:
    """ladder_strat@57a1fbf:1450-1475 (q* = 0.5 tanh(SNR / 2)), @4156b33:1456-1493 with
    conviction."""
    uncertainty = float(inputs["drift_uncertainty_bps"])
    drift_snr = 0.0
    if uncertainty > 1e-6:
        drift_snr = fdiv(float(inputs["drift_rate_per_sec_raw"]) * 10_000.0, uncertainty)
    q_target = 0.5 * math.tanh(drift_snr / 2.0)
    shift = 0.0
    if split.kind == "conviction":
        if int(inputs["conviction_corroboration"]) >= 2 and float(inputs["conviction_score"]) > 0.3:
            q_target = float(inputs["conviction_q_target"])
        shift = float(inputs["conviction_margin_shift"])
    cj_allocation = math.tanh((q_target - ratio) * 2.0) * 0.35
    if split.kind == "conviction":
        return clamp(0.5 - cj_allocation + shift, 0.15, 0.85)
    return clamp(0.5 - cj_allocation, 0.15, 0.85)
