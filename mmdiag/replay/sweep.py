"""The sweep: how much capacity does each version need for each number of orders?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from mmdiag.optimizer.numeric import EPSILON
from mmdiag.profile import ProfileParams
from mmdiag.replay.every_profile import optimizer_room
from mmdiag.replay.inputs import MAX_COINS, ReplayInputs
from mmdiag.replay.model import VERSIONS, Model, _model, profile_overrides, profile_text
from mmdiag.replay.search import first_order, first_true
from mmdiag.replay.text import coins_text, shown_capacity, usd_text


@dataclass(frozen=True)
class SweepRow:
    version: str
    orders: int
    capacity: float | None
    """The smallest optimizer capacity at which the version places at least `orders` orders
    under the modelled profile (coins); None: not below 1e9 coins."""
    usd: float | None
    """capacity × the mid, USD."""
    margin_at_leverage: float | None
    """capacity × price / max(leverage, 1), USD."""
    reachable: bool
    """False when the margin given caps the capacity below it, or it is never reached."""
    shown: str
    """The capacity rounded UP for display (it still places `orders` orders)."""
    note: str = ""


@dataclass(frozen=True)
class Gap:
    """Capacities above a version's first order where it places none again."""

    version: str
    start: float
    end: float | None
    reason: str


@dataclass(frozen=True)
class Sweep:
    inputs: ReplayInputs
    method: str
    profile: str
    profile_overrides: dict[str, Any]
    rows: tuple[SweepRow, ...]
    gaps: tuple[Gap, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        inputs = asdict(self.inputs)
        del inputs["side_capacity"]
        return {
            "inputs": inputs,
            "effective_leverage": self.inputs.effective_leverage,
            "method": self.method,
            "profile": self.profile,
            "profile_overrides": dict(self.profile_overrides),
            "capacity": "the optimizer's: min(side capacity, margin / (price / leverage))",
            "sweep": [asdict(r) for r in self.rows],
            "gaps": [asdict(g) for g in self.gaps],
            "notes": list(self.notes),
        }


def sweep_capacity(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> Sweep:
    """For each version and k = 1..levels, the smallest capacity from which k orders are placed
    under the modelled profile, and where the fixed version's single order drops out again.

    Each count is monotone in the capacity except the fixed version's first order (the fallback
    stops once a lone level passes, and that level may truncate under min_notional), so each
    boundary is found exactly by bisection, and that gap explicitly.
    """
    problems = inputs.problems()
    if problems:
        raise ValueError("; ".join(problems))
    model = _model(inputs, method, params)
    room = optimizer_room(replace(inputs, side_capacity=MAX_COINS))
    limit = room.by_margin
    rows: list[SweepRow] = []
    gaps: list[Gap] = []
    for version in VERSIONS:
        first = first_order(model, version)
        if first.gap_start is not None:
            gaps.append(Gap(version, first.gap_start, first.gap_end, first.gap_reason))
        previous = first.capacity
        for k in range(1, inputs.levels + 1):

            def holds(c: float, k: int = k, version: str = version) -> bool:
                return model.orders_at(version, c) >= k

            found = (
                first.capacity
                if k == 1
                else first_true(holds, 0.0, MAX_COINS, previous)
                if previous is not None
                else None
            )
            row = _sweep_row(model, version, k, found, limit, holds)
            if k == 1 and first.gap_start is not None:
                end = "beyond" if first.gap_end is None else f"to {shown_capacity(first.gap_end)}"
                gap = f"except from {shown_capacity(first.gap_start)} {end} {inputs.coin}: none"
                row = replace(row, note=f"{gap}; {row.note}" if row.note else gap)
            rows.append(row)
            previous = found
    return Sweep(
        inputs=inputs,
        method=model.method,
        profile=profile_text(profile_overrides(params)),
        profile_overrides=profile_overrides(params),
        rows=tuple(rows),
        gaps=tuple(gaps),
        notes=_sweep_notes(inputs, model, limit),
    )


def _sweep_row(
    model: Model,
    version: str,
    k: int,
    found: float | None,
    limit: float | None,
    holds: Callable[[float], bool],
) -> SweepRow:
    inputs = model.inputs
    coin = inputs.coin
    if found is None:
        positive = sum(1 for w in model.weights if w > EPSILON)
        return SweepRow(
            version,
            k,
            None,
            None,
            None,
            False,
            "never",
            f"not reached below {MAX_COINS:g} {coin} under the modelled profile "
            f"({positive} of {inputs.levels} levels have a weight above 0)",
        )
    margin = found * inputs.margin_per_unit
    reachable = limit is None or found <= limit
    note = ""
    if not reachable and limit is not None:
        note = f"not reachable: over the margin cap {coins_text(limit, coin)}"
    return SweepRow(
        version,
        k,
        found,
        found * inputs.price,
        margin,
        reachable,
        shown_capacity(found, holds),
        note,
    )


def _sweep_notes(inputs: ReplayInputs, model: Model, limit: float | None) -> tuple[str, ...]:
    notes = []
    if inputs.margin is None:
        notes.append("margin unknown: capacities are not capped by the margin")
    elif limit is not None:
        notes.append(
            f"margin {usd_text(inputs.margin)} at {inputs.effective_leverage:g}x caps the "
            f"optimizer's capacity at margin / (price / leverage) = "
            f"{coins_text(limit, inputs.coin)}"
        )
    if inputs.leverage < 1:
        notes.append(f"leverage {inputs.leverage:g}x is used as 1x, as the bot does")
    if model.total_weight <= EPSILON:
        notes.append("under the modelled profile every level's weight is 0: nothing is placed")
    return tuple(notes)
