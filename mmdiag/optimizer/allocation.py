"""What every optimizer version takes and returns, and the steps they share."""

from __future__ import annotations

from dataclasses import dataclass

from mmdiag.optimizer.numeric import EPSILON, F64_MAX, fdiv, rmin, seqsum
from mmdiag.optimizer.weights import LevelParams


@dataclass(frozen=True)
class OptimizerInputs:
    """`ConstrainedLadderOptimizer::new`'s arguments (leverage is never read by `optimize`)."""

    margin_available: float
    max_position: float
    min_size: float
    min_notional: float
    price: float
    leverage: float


@dataclass(frozen=True)
class Allocation:
    """`ConstrainedAllocation`, plus whether the concentration fallback fired and where."""

    sizes: tuple[float, ...]
    shadow_price: float
    margin_used: float
    position_used: float
    binding_constraint: str
    """`None`, `Margin` or `Position`: which limit set the capacity (decided before filtering)."""
    fallback_fired: bool = False
    fallback_level: int | None = None

    def as_golden(self, with_fallback_flag: bool) -> dict[str, object]:
        """The golden files' output keys."""
        result: dict[str, object] = {
            "sizes": list(self.sizes),
            "shadow_price": self.shadow_price,
            "margin_used": self.margin_used,
            "position_used": self.position_used,
            "binding_constraint": self.binding_constraint,
        }
        if with_fallback_flag:
            result["fallback_fired"] = self.fallback_fired
        return result


EMPTY = Allocation((), 0.0, 0.0, 0.0, "None")


@dataclass(frozen=True)
class Capacity:
    margin_per_unit: float
    capacity: float
    binding: str


def capacity(inputs: OptimizerInputs, levels: list[LevelParams]) -> Capacity:
    """Steps 4-7: the margin per unit from the first level only; NaN-ignoring min."""
    mpu = levels[0].margin_per_unit
    by_margin = fdiv(inputs.margin_available, mpu) if mpu > EPSILON else F64_MAX
    cap = rmin(by_margin, inputs.max_position)
    if by_margin < inputs.max_position:
        binding = "Margin"
    elif inputs.max_position < by_margin:
        binding = "Position"
    else:
        binding = "None"
    return Capacity(mpu, cap, binding)


def raw_sizes(cap: float, weights: list[float], total: float) -> list[float]:
    """Step 8: `(cap * w_i) / total`, in that order."""
    return [fdiv(cap * w, total) for w in weights]


def filtered(sizes: list[float], threshold: float, inputs: OptimizerInputs) -> list[float]:
    """Step 9: zero a size under the threshold or under min_notional (NaN passes)."""
    return [
        0.0 if size < threshold or size * inputs.price < inputs.min_notional else size
        for size in sizes
    ]


def finish(
    sizes: list[float],
    weights: list[float],
    room: Capacity,
    fallback_level: int | None = None,
) -> Allocation:
    """Steps 10-12: totals, and the shadow price (smallest surviving weight; F64_MAX -> 0)."""
    position_used = seqsum(sizes)
    shadow = F64_MAX
    for size, weight in zip(sizes, weights, strict=True):
        if size > EPSILON:
            shadow = rmin(shadow, weight)
    return Allocation(
        sizes=tuple(sizes),
        shadow_price=0.0 if shadow == F64_MAX else shadow,
        margin_used=position_used * room.margin_per_unit,
        position_used=position_used,
        binding_constraint=room.binding,
        fallback_fired=fallback_level is not None,
        fallback_level=fallback_level,
    )
