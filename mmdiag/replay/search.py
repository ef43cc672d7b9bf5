"""Searching capacities: where a version starts placing an order, and from where every
per-level profile does."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from mmdiag.profile import ProfileParams
from mmdiag.replay.every_profile import EFFECTIVE_MIN_FLOOR, effective_min_size, facts
from mmdiag.replay.inputs import MAX_COINS, ReplayInputs
from mmdiag.replay.model import Model, _model

MAX_SEARCH_STEPS = 400


def first_true(
    holds: Callable[[float], bool], low: float, high: float, hint: float | None = None
) -> float | None:
    """The smallest float in [low, high] where `holds` (monotone there) is true; None when it
    is false at `high`. `hint` (a guess from below) only shortens the search. Every loop is
    bounded."""
    if not holds(high):
        return None
    if holds(low):
        return low
    probe = hint if hint is not None and low < hint < high else None
    steps = 0
    while probe is not None and steps < MAX_SEARCH_STEPS // 4:
        steps += 1
        if holds(probe):
            high = probe
            break
        low = probe
        probe = probe * 2 if probe * 2 < high else None
    for _ in range(MAX_SEARCH_STEPS):
        if low > 0 and high / low > 4:
            middle = math.sqrt(low) * math.sqrt(high)
        else:
            middle = low + (high - low) / 2
        if not low < middle < high:
            break
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True)
class FirstOrder:
    """Where a version starts placing an order under the modelled profile, and where it stops
    again (the fixed version only: once a lone level passes the filter the fallback no longer
    fires, and that level may truncate under min_notional: SEED_TABLE.md Table C)."""

    capacity: float | None
    """The smallest optimizer capacity placing one order (coins); None: never (below 1e9)."""
    level: int | None
    price: float | None
    """The level and price (USD) of that first order."""
    gap_start: float | None = None
    """From here the version places no order again..."""
    gap_end: float | None = None
    """...until here (None: never again below 1e9 coins)."""
    gap_reason: str = ""

    def in_gap(self, capacity: float) -> bool:
        if self.gap_start is None or capacity < self.gap_start:
            return False
        return self.gap_end is None or capacity < self.gap_end


def first_order(model: Model, version: str) -> FirstOrder:
    def quotes(capacity: float) -> bool:
        return model.orders_at(version, capacity) >= 1

    m = effective_min_size(version, model.inputs)
    hint = max(m, EFFECTIVE_MIN_FLOOR)
    lone = (
        first_true(model.levels_pass_alone, 0.0, MAX_COINS, hint)
        if version == "with_fallback"
        else None
    )
    gap_start = gap_end = None
    gap_reason = ""
    if lone is not None and lone > 0 and quotes(math.nextafter(lone, 0.0)):
        found = first_true(quotes, 0.0, math.nextafter(lone, 0.0), hint)
        if not quotes(lone):
            gap_start = lone
            gap_end = first_true(quotes, lone, MAX_COINS, lone)
            gap_reason = " ".join(model.outcome(version, model.at(lone)).silent)
    else:
        found = first_true(quotes, 0.0 if lone is None else lone, MAX_COINS, hint)
    if found is None:
        return FirstOrder(None, None, None)
    order = model.outcome(version, model.at(found)).accepted[0]
    return FirstOrder(found, order.level, order.price, gap_start, gap_end, gap_reason)


def first_quoting_capacity(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> float:
    """The smallest optimizer capacity (coins) from which the fixed version places an order the
    exchange accepts under the modelled profile, truncation and the order's own price included.

    It can stop quoting again just above (`FirstOrder.gap_start`); margin is not applied (the
    margin it takes is capacity × price / max(leverage, 1)). When the modelled profile never
    quotes, the bound every profile needs: `min_quoting_capacity`.
    """
    model = _model(inputs, method, params)
    found = first_order(model, "with_fallback").capacity
    return min_quoting_capacity(inputs, params) if found is None else found


def min_quoting_capacity(inputs: ReplayInputs, params: ProfileParams | None = None) -> float:
    """The capacity every per-level profile needs for the fixed version to quote at all."""
    base = replace(inputs, margin=None)
    found = first_true(
        lambda c: (
            facts("with_fallback", replace(base, side_capacity=c), params).quotes is not False
        ),
        0.0,
        MAX_COINS,
        effective_min_size("with_fallback", inputs),
    )
    return MAX_COINS if found is None else found


def certain_quoting_capacity(
    version: str, inputs: ReplayInputs, params: ProfileParams | None = None
) -> float | None:
    """The smallest capacity from which the version places at least one order for every
    per-level profile (facts: capacity / levels passes, truncation and the lowest order price
    included); None when no capacity up to 1e9 coins does."""
    base = replace(inputs, margin=None)
    return first_true(
        lambda c: facts(version, replace(base, side_capacity=c), params).quotes is True,
        0.0,
        MAX_COINS,
        effective_min_size(version, inputs) * inputs.levels,
    )
