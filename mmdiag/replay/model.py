"""The modelled replay: one side's per-level profile and method, each version run at any
capacity, then truncation and the placement check."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from mmdiag.optimizer import KellyStochasticParams, LevelParams, allocate
from mmdiag.optimizer.allocation import Allocation
from mmdiag.optimizer.numeric import EPSILON, seqsum
from mmdiag.optimizer.weights import weights as level_weights
from mmdiag.profile import Profile, ProfileParams, level_profile, truncate_size
from mmdiag.replay.every_profile import _optimizer_inputs, effective_min_size
from mmdiag.replay.inputs import ReplayInputs, _side
from mmdiag.replay.text import coins_text, price_text, usd_text

VERSIONS = ("pre_fallback", "with_fallback")
METHOD_NAMES = {"kelly": "kelly_stochastic", "proportional": "proportional"}
PROFILE_NAME = "the bot's default per-level profile (SEED_TABLE.md)"


@dataclass(frozen=True)
class PlacedOrder:
    """One level after the optimizer, truncation and the placement check."""

    level: int
    depth_bps: float
    price: float
    raw_size: float
    size: float
    """Truncated to sz_decimals (coins)."""
    usd: float
    """size × the level's price."""
    accepted: bool
    note: str = ""


@dataclass(frozen=True)
class VersionOutcome:
    version: str
    min_size: float
    sizes: tuple[float, ...]
    shadow_price: float
    margin_used: float
    position_used: float
    binding_constraint: str
    fallback_fired: bool
    fallback_level: int | None
    orders: tuple[PlacedOrder, ...]
    warning: bool
    """d8bb6a1's ladder_strat logs `All ... levels filtered out`: it had levels and none
    survived truncation (a bot running the release before the fix logs no such warning)."""
    silent: tuple[str, ...]
    """Ways this outcome quotes less than it seems to, with no warning in the log."""

    @property
    def accepted(self) -> tuple[PlacedOrder, ...]:
        return tuple(o for o in self.orders if o.accepted)

    @property
    def quotes(self) -> bool:
        return bool(self.accepted)


def _outcome_dict(outcome: VersionOutcome) -> dict[str, Any]:
    result = asdict(outcome)
    result["orders_placed"] = len(outcome.accepted)
    return result


class Model:
    """One side's modelled per-level profile and method: runs either version at any capacity."""

    def __init__(self, inputs: ReplayInputs, method: str, profile: Profile) -> None:
        self.inputs = inputs
        self.method = method
        self.profile = profile
        self.level_params = [
            LevelParams(
                level.depth_bps,
                level.fill_intensity,
                level.spread_capture,
                level.margin_per_unit,
                level.adverse_selection,
            )
            for level in profile.levels
        ]
        self.kelly = KellyStochasticParams(**asdict(profile.kelly))
        self.weights = (
            level_weights(method, self.level_params, self.kelly) if self.level_params else []
        )

    @property
    def total_weight(self) -> float:
        return seqsum(self.weights)

    def allocation(self, version: str, inputs: ReplayInputs) -> Allocation:
        margin = math.inf if inputs.margin is None else inputs.margin
        return allocate(
            version, self.method, _optimizer_inputs(inputs, margin), self.level_params, self.kelly
        )

    def outcome(
        self, version: str, inputs: ReplayInputs, level_ids: tuple[int, ...] | None = None
    ) -> VersionOutcome:
        allocation = self.allocation(version, inputs)
        ids = level_ids or tuple(range(len(self.profile.levels)))
        orders = tuple(
            _placed(ids[n], level.depth_bps, level.price, raw, inputs)
            for n, (level, raw) in enumerate(
                zip(self.profile.levels, allocation.sizes, strict=True)
            )
            if raw > EPSILON
        )
        fallback_level = allocation.fallback_level
        return VersionOutcome(
            version=version,
            min_size=effective_min_size(version, inputs),
            sizes=allocation.sizes,
            shadow_price=allocation.shadow_price,
            margin_used=allocation.margin_used,
            position_used=allocation.position_used,
            binding_constraint=allocation.binding_constraint,
            fallback_fired=allocation.fallback_fired,
            fallback_level=None if fallback_level is None else ids[fallback_level],
            orders=orders,
            warning=bool(allocation.sizes) and not any(o.size > EPSILON for o in orders),
            silent=_silent(allocation.fallback_fired, orders, inputs),
        )

    def at(self, capacity: float) -> ReplayInputs:
        """The inputs with this optimizer capacity (the margin not binding)."""
        return replace(self.inputs, side_capacity=capacity, margin=None)

    def orders_at(self, version: str, capacity: float) -> int:
        return len(self.outcome(version, self.at(capacity)).accepted)

    def levels_pass_alone(self, capacity: float) -> bool:
        """The fixed version's filter leaves a level (so the fallback does not fire)."""
        allocation = self.allocation("with_fallback", self.at(capacity))
        return not allocation.fallback_fired and any(s > EPSILON for s in allocation.sizes)


def _placed(
    level: int, depth: float, price: float, raw: float, inputs: ReplayInputs
) -> PlacedOrder:
    size = truncate_size(raw, inputs.sz_decimals)
    usd = size * price
    if size <= EPSILON:
        return PlacedOrder(level, depth, price, raw, size, usd, False, "truncated to zero")
    if usd < inputs.min_notional:
        note = f"under the {usd_text(inputs.min_notional)} minimum after truncation: skipped"
        return PlacedOrder(level, depth, price, raw, size, usd, False, note)
    return PlacedOrder(level, depth, price, raw, size, usd, True)


def _silent(fired: bool, orders: tuple[PlacedOrder, ...], inputs: ReplayInputs) -> tuple[str, ...]:
    skipped = [o for o in orders if o.size > EPSILON and not o.accepted]
    if not skipped:
        return ()
    mn = inputs.min_notional

    def worth(o: PlacedOrder) -> str:
        return f"worth {usd_text(o.usd, mn)} at its price {price_text(o.price)} after truncation"

    if fired:
        o = skipped[0]
        return (
            f"the fallback fires, but its order of {coins_text(o.size, inputs.coin)} at level "
            f"{o.level} is {worth(o)}, under {usd_text(mn)}: the exchange minimum skips it at "
            "placement, with no warning in the log",
        )
    if len(orders) == 1:
        o = skipped[0]
        return (
            f"a lone level survives the filter (level {o.level}, "
            f"{coins_text(o.size, inputs.coin)}) but is {worth(o)}, under {usd_text(mn)}: "
            "skipped at placement; the fallback does not fire and no warning is logged",
        )
    return tuple(
        f"level {o.level} ({coins_text(o.size, inputs.coin)}, {usd_text(o.usd, mn)} at "
        f"{price_text(o.price)}) is skipped at placement"
        for o in skipped
    )


def _method_name(method: str) -> str:
    if method in METHOD_NAMES.values():
        return method
    if method not in METHOD_NAMES:
        raise ValueError(f"method must be one of {', '.join(METHOD_NAMES)}, got {method!r}")
    return METHOD_NAMES[method]


def _model(inputs: ReplayInputs, method: str, params: ProfileParams | None) -> Model:
    profile = level_profile(
        inputs.price,
        inputs.levels,
        inputs.leverage,
        _side(inputs),
        params or ProfileParams(),
        price_decimals=inputs.price_decimals,
    )
    return Model(inputs, _method_name(method), profile)


def profile_overrides(params: ProfileParams | None) -> dict[str, Any]:
    """Each parameter that differs from the bot's default, with its value."""
    if params is None:
        return {}
    default = ProfileParams()
    found: dict[str, Any] = {}
    for f in fields(ProfileParams):
        value = getattr(params, f.name)
        if value != getattr(default, f.name):
            found[f.name] = list(value) if isinstance(value, tuple) else value
    return found


def profile_text(overrides: dict[str, Any]) -> str:
    if not overrides:
        return PROFILE_NAME
    listed = ", ".join(f"{name}={_value_text(value)}" for name, value in overrides.items())
    return f"{PROFILE_NAME} with overrides: {listed}"


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(f"{v:g}" for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)
