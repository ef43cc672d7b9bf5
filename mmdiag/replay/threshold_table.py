"""The capacities that matter, each against the optimizer's capacity at the inputs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from mmdiag.profile import ProfileParams
from mmdiag.replay.every_profile import (
    deepest_depth_bps,
    effective_min_size,
    optimizer_room,
    order_price_bounds,
)
from mmdiag.replay.inputs import ReplayInputs
from mmdiag.replay.model import _method_name, _model
from mmdiag.replay.search import certain_quoting_capacity, first_order
from mmdiag.replay.text import price_text, shown_capacity, usd_text


@dataclass(frozen=True)
class Threshold:
    name: str
    capacity: float | None
    """The optimizer's capacity at the threshold, coins; None: not reached below 1e9 coins."""
    usd: float | None
    """capacity × the mid, USD."""
    margin_usd: float | None
    """The margin that capacity takes: capacity × price / max(leverage, 1), USD."""
    ratio: float | None
    """The optimizer's capacity / this threshold; None when the threshold is 0 or never."""
    scope: str
    """`every profile` (OPTIMIZER.md's facts) or `modelled profile`."""
    meaning: str
    gap_start: float | None = None
    gap_end: float | None = None
    in_gap: bool = False
    """The optimizer's capacity lies in [gap_start, gap_end): no order there after all."""


_Spec = tuple[str, float | None, str, str, float | None, float | None]


@lru_cache(maxsize=256)
def _threshold_specs(
    base: ReplayInputs, method: str, params: ProfileParams | None
) -> tuple[_Spec, ...]:
    """Thresholds that do not depend on the capacity or the margin (so they are cached)."""
    model = _model(base, method, params)
    every, modelled = "every profile", "modelled profile"
    coin = base.coin
    specs: list[_Spec] = []
    lowest, _ = order_price_bounds(base, params)
    for version in ("with_fallback", "pre_fallback"):
        who = "the fixed version" if version == "with_fallback" else "the version before the fix"
        prefix = "fixed" if version == "with_fallback" else "pre"
        m = effective_min_size(version, base)
        specs.append(
            (
                f"{prefix}_min_size",
                m,
                every,
                f"{who}'s minimum size"
                + (
                    ": under it no level passes and the fallback cannot fire"
                    if version == "with_fallback"
                    else " (min_level_size): under it nothing passes"
                ),
                None,
                None,
            )
        )
        first = first_order(model, version)
        if first.capacity is None:
            meaning = f"{who} places no order under the modelled profile, up to 1e9 {coin}"
        else:
            meaning = (
                f"from here {who} places an order under the modelled profile (level "
                f"{first.level} at {price_text(first.price or 0.0)})"
            )
        if first.gap_start is not None:
            end = (
                f"{shown_capacity(first.gap_end)} {coin}"
                if first.gap_end is not None
                else f"1e9 {coin} and beyond"
            )
            meaning += (
                f", except from {shown_capacity(first.gap_start)} to {end}, where it places "
                f"none: {first.gap_reason}"
            )
        specs.append(
            (
                "first_order" if version == "with_fallback" else "pre_first_order",
                first.capacity,
                modelled,
                meaning,
                first.gap_start,
                first.gap_end,
            )
        )
        certain = certain_quoting_capacity(version, base, params)
        rule = (
            f"capacity / {base.levels} levels passes its minimum and, truncated to "
            f"{base.sz_decimals} decimals, is worth {usd_text(base.min_notional)} at the lowest "
            f"order price {price_text(lowest)} (depth {deepest_depth_bps(params):g} bps)"
        )
        specs.append(
            (
                f"{prefix}_certain_one_order",
                certain,
                every,
                f"from here {who} places at least one order for every per-level profile: {rule}"
                if certain is not None
                else f"no capacity up to 1e9 {coin} makes an order of {who} certain for every "
                f"per-level profile (that needs: {rule})",
                None,
                None,
            )
        )
    return tuple(specs)


def thresholds(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> tuple[Threshold, ...]:
    """The capacities that matter, each against the optimizer's capacity at `inputs`."""
    base = replace(inputs, side_capacity=0.0, margin=None)
    capacity = optimizer_room(inputs).capacity
    result = []
    for name, value, scope, meaning, gap_start, gap_end in _threshold_specs(
        base, _method_name(method), params
    ):
        ratio = capacity / value if value is not None and value > 0 else None
        if value == 0:
            meaning += " (it is 0: every capacity meets it)"
        in_gap = (
            gap_start is not None
            and capacity >= gap_start
            and (gap_end is None or capacity < gap_end)
        )
        result.append(
            Threshold(
                name=name,
                capacity=value,
                usd=None if value is None else value * inputs.price,
                margin_usd=None if value is None else value * inputs.margin_per_unit,
                ratio=ratio,
                scope=scope,
                meaning=meaning,
                gap_start=gap_start,
                gap_end=gap_end,
                in_gap=in_gap,
            )
        )
    return tuple(result)
