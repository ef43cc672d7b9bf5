"""The bot's risk-budget allocation of a side's tick levels (quoting/ladder/risk_budget.rs).

Four forms (`Allocation`):

- `greedy` (6a432ff, 2026-02-17): levels by utility, best first, each the most it can take
  (`position_capacity x max_single_order_fraction`, what position and margin remain),
  truncated, kept when it reaches `min_viable_size`;
- `softmax` (71a9ef8, 2026-02-17): `total = min(position, margin / margin_per_contract)`;
  softmax weights of the utilities (the temperature raised x1.5 until their entropy reaches
  the floor); sizes `total x w`, clamped to `per_level_cap` and lifted to a minimum level size
  out of the clamped excess, five rounds of redistribution, scaled back to `total`, truncated,
  kept when they reach `min_viable_size` and the margin left covers them;
- `softmax_small_uniform` (d116d41, 2026-02-18): when `total` covers at most 4 minimum
  orders, the greedy form instead;
- `softmax_floored_cap` (5923fbe, 2026-02-19): as above, with `per_level_cap` never under
  `min_viable_size` (both forms).

3ae518f and d08470f only added an unused function and reformatted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mmdiag.optimizer.entropy import clamp
from mmdiag.optimizer.exchange import truncate_size
from mmdiag.optimizer.numeric import F64_MAX, fdiv, fexp, rmax, rmin, seqsum
from mmdiag.optimizer.tick_grid import TickLevel

GREEDY = "greedy"
SOFTMAX = "softmax"
SOFTMAX_SMALL_UNIFORM = "softmax_small_uniform"
SOFTMAX_FLOORED_CAP = "softmax_floored_cap"

_USIZE_MAX = 2**64 - 1


@dataclass(frozen=True)
class SideRiskBudget:
    position_capacity: float
    """Coins the side may add (`available_for_bids` / `_asks`)."""
    margin_capacity: float
    """USD (`margin_for_bids` / `_asks`)."""
    margin_per_contract: float
    min_viable_size: float
    max_single_order_fraction: float
    sz_decimals: int


@dataclass(frozen=True)
class LevelAllocation:
    tick: TickLevel
    size: float


@dataclass(frozen=True)
class SoftmaxParams:
    temperature: float
    min_entropy_bits: float
    min_level_fraction: float


def compute_allocation_temperature(
    regime_gamma_mult: float, warmup_progress: float, in_yellow_zone: bool
) -> float:
    """risk_budget.rs@71a9ef8:88-105."""
    if regime_gamma_mult <= 1.1:
        base = 0.3
    elif regime_gamma_mult <= 1.5:
        base = 0.5
    elif regime_gamma_mult <= 2.0:
        base = 1.0
    else:
        base = 2.0
    warmup_adj = 0.5 if warmup_progress < 0.25 else 0.0
    zone_adj = 0.3 if in_yellow_zone else 0.0
    return clamp(base + warmup_adj + zone_adj, 0.2, 3.0)


def allocate(
    form: str, levels: list[TickLevel], budget: SideRiskBudget, softmax: SoftmaxParams | None
) -> list[LevelAllocation]:
    """`allocate_risk_budget` of the form's commit, levels in their (depth) order."""
    if form == GREEDY:
        return allocate_uniform(levels, budget, floored_cap=False)
    assert softmax is not None
    return _allocate_softmax(form, levels, budget, softmax)


def _per_level_cap(budget: SideRiskBudget, floored_cap: bool) -> float:
    cap = budget.position_capacity * budget.max_single_order_fraction
    return rmax(cap, budget.min_viable_size) if floored_cap else cap


def allocate_uniform(
    levels: list[TickLevel], budget: SideRiskBudget, *, floored_cap: bool
) -> list[LevelAllocation]:
    """The greedy water-filling (risk_budget.rs@6a432ff:60-125, later
    `allocate_risk_budget_uniform`)."""
    if not levels or budget.position_capacity <= 0.0:
        return []
    per_level_cap = _per_level_cap(budget, floored_cap)
    remaining_position = budget.position_capacity
    remaining_margin = budget.margin_capacity
    sizes = [0.0] * len(levels)
    by_utility = sorted(range(len(levels)), key=lambda i: levels[i].utility, reverse=True)
    for idx in by_utility:
        if remaining_position < budget.min_viable_size:
            break
        if budget.margin_per_contract > 0.0:
            margin_limited = remaining_margin / budget.margin_per_contract
        else:
            margin_limited = F64_MAX
        raw_max = rmin(rmin(per_level_cap, remaining_position), margin_limited)
        truncated = truncate_size(raw_max, budget.sz_decimals)
        if truncated >= budget.min_viable_size:
            sizes[idx] = truncated
            remaining_position -= truncated
            remaining_margin -= truncated * budget.margin_per_contract
    return [
        LevelAllocation(level, size)
        for level, size in zip(levels, sizes, strict=True)
        if size > 0.0
    ]


def _allocate_softmax(
    form: str, levels: list[TickLevel], budget: SideRiskBudget, softmax: SoftmaxParams
) -> list[LevelAllocation]:
    """risk_budget.rs@71a9ef8:122-247, @d116d41:153-163 (the small-capital bypass),
    @5923fbe:165-166 (the floored cap)."""
    if not levels or budget.position_capacity <= 0.0:
        return []
    if budget.margin_per_contract > 0.0:
        margin_limited_capacity = budget.margin_capacity / budget.margin_per_contract
    else:
        margin_limited_capacity = budget.position_capacity
    total_capacity = rmin(budget.position_capacity, margin_limited_capacity)
    if total_capacity < budget.min_viable_size:
        return []
    floored_cap = form == SOFTMAX_FLOORED_CAP
    if form != SOFTMAX and usize_floor(fdiv(total_capacity, budget.min_viable_size)) <= 4:
        return allocate_uniform(levels, budget, floored_cap=floored_cap)
    per_level_cap = _per_level_cap(budget, floored_cap)
    weights = softmax_weights(levels, softmax.temperature, softmax.min_entropy_bits)
    min_level_size = rmax(total_capacity * softmax.min_level_fraction, budget.min_viable_size)
    sizes = [total_capacity * w for w in weights]
    _clamp_and_redistribute(sizes, weights, per_level_cap, min_level_size, budget)
    raw_total = seqsum(sizes)
    if raw_total > total_capacity:
        scale = total_capacity / raw_total
        sizes = [size * scale for size in sizes]
    allocations = []
    remaining_margin = budget.margin_capacity
    for level, size in zip(levels, sizes, strict=True):
        truncated = truncate_size(size, budget.sz_decimals)
        if truncated >= budget.min_viable_size:
            margin_needed = truncated * budget.margin_per_contract
            if margin_needed <= remaining_margin + 0.001:
                allocations.append(LevelAllocation(level, truncated))
                remaining_margin -= margin_needed
    return allocations


def _clamp_and_redistribute(
    sizes: list[float],
    weights: list[float],
    per_level_cap: float,
    min_level_size: float,
    budget: SideRiskBudget,
) -> None:
    """Step 3, in place: at most five rounds (risk_budget.rs@71a9ef8:171-209)."""
    for _ in range(5):
        excess = 0.0
        unclamped_weight_sum = 0.0
        any_clamped = False
        for i, size in enumerate(sizes):
            if size > per_level_cap:
                excess += size - per_level_cap
                size = per_level_cap
                any_clamped = True
            elif size < min_level_size and size > 0.0:
                deficit = min_level_size - size
                if deficit <= excess:
                    excess -= deficit
                    size = min_level_size
            sizes[i] = size
            if size > 0.0 and size < per_level_cap:
                unclamped_weight_sum += weights[i]
        if not any_clamped or excess < budget.min_viable_size * 0.1:
            break
        if unclamped_weight_sum > 0.0:
            for i, size in enumerate(sizes):
                if size > 0.0 and size < per_level_cap:
                    sizes[i] = size + excess * (weights[i] / unclamped_weight_sum)


def softmax_weights(
    levels: list[TickLevel], initial_temperature: float, min_entropy_bits: float
) -> list[float]:
    """`compute_softmax_weights` (risk_budget.rs@71a9ef8:318-357): uniform when every utility
    is under 1e-12; else the temperature x1.5 until the entropy reaches the floor (10 rounds,
    or 10.0)."""
    n = len(levels)
    if n == 0:
        return []
    if n == 1:
        return [1.0]
    utilities = [rmax(level.utility, 0.0) for level in levels]
    max_u = 0.0
    for u in utilities:
        max_u = rmax(max_u, u)
    if max_u < 1e-12:
        return [1.0 / float(n)] * n
    temperature = rmax(initial_temperature, 0.01)
    for _ in range(10):
        weights = _softmax_at(utilities, temperature)
        if shannon_entropy_bits(weights) >= min_entropy_bits or temperature >= 10.0:
            return weights
        temperature *= 1.5
    return _softmax_at(utilities, temperature)


def _softmax_at(utilities: list[float], temperature: float) -> list[float]:
    t = rmax(temperature, 0.01)
    max_u = -math.inf
    for u in utilities:
        max_u = rmax(max_u, u)
    exp_vals = [fexp((u - max_u) / t) for u in utilities]
    total = seqsum(exp_vals)
    if total > 0.0:
        return [e / total for e in exp_vals]
    return [1.0 / float(len(utilities))] * len(utilities)


def shannon_entropy_bits(weights: list[float]) -> float:
    return seqsum(-w * math.log2(w) for w in weights if w > 0.0)


def usize_floor(x: float) -> int:
    """`x.floor() as usize`: saturating, NaN and negatives to 0."""
    if math.isnan(x) or x <= 0.0:
        return 0
    return _USIZE_MAX if x >= float(_USIZE_MAX) else math.floor(x)
