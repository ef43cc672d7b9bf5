"""Any sizing version on one side's state: the orders it would place, the path that decided,
the smallest capacity, margin and leverage with which it would have quoted, and which
versions run for a session of a given release.

Every version reads the same modelled per-level profile (mmdiag.profile, the bot's defaults
or the user's overrides) through its own `inputs_from`; the placement check after it is the
bot's (an order under min_notional at its own price is skipped, market_maker/mod.rs), and the
exchange's (a size with more decimals than sz_decimals, or more initial margin than the side's
margin left, is refused).
A version that samples at random runs `DRAWS` times, each draw seeded, so a replay is a pure
function of its inputs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from mmdiag.optimizer import SideState, SizingVersion, versions
from mmdiag.optimizer.entropy import SeededDraws
from mmdiag.optimizer.numeric import EPSILON
from mmdiag.profile import ProfileParams
from mmdiag.replay.inputs import MAX_COINS, MAX_LEVERAGE, MAX_USD, ReplayInputs
from mmdiag.replay.model import METHOD_NAMES, PlacedOrder, _model
from mmdiag.replay.search import first_true
from mmdiag.replay.text import usd_text

DRAWS = 32
"""Replays of a stochastic version per state (the bot draws afresh every cycle)."""
SEARCH_DRAWS = 8
"""Draws per step of a threshold search on a stochastic version (most of them must quote)."""


@dataclass(frozen=True)
class VersionReplay:
    """One version on one side's state."""

    version: str
    commit: str
    ladder: str
    orders: tuple[PlacedOrder, ...]
    """The levels it sizes above zero (first draw), each after the placement check."""
    path: str
    """What decided (first draw): normal, a fallback's name, or empty."""
    messages: tuple[str, ...]
    """What the bot's code logs on the way (first draw), `LEVEL:text`."""
    draws: int = 1
    quoting_draws: int = 0
    """Draws in which at least one order is accepted."""
    paths: dict[str, int] = field(default_factory=dict)
    """path -> draws that took it."""
    placed: tuple[int, int] = (0, 0)
    """The fewest and most orders accepted over the draws."""

    @property
    def accepted(self) -> tuple[PlacedOrder, ...]:
        return tuple(o for o in self.orders if o.accepted)

    @property
    def quotes(self) -> bool | None:
        """True in every draw, False in none, None when the draws disagree."""
        if self.quoting_draws == self.draws:
            return True
        return False if self.quoting_draws == 0 else None

    @property
    def warned(self) -> tuple[str, ...]:
        return tuple(m.split(":", 1)[1] for m in self.messages if m.startswith("WARN:"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "commit": self.commit,
            "ladder": self.ladder,
            "quotes": self.quotes,
            "orders_placed": len(self.accepted),
            "orders": [
                {
                    "level": o.level,
                    "price": o.price,
                    "size": o.size,
                    "usd": o.usd,
                    "accepted": o.accepted,
                    "note": o.note,
                }
                for o in self.orders
            ],
            "path": self.path,
            "messages": list(self.messages),
            "draws": self.draws,
            "quoting_draws": self.quoting_draws,
            "paths": dict(self.paths),
            "placed_range": list(self.placed),
        }


def side_state(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> SideState:
    """The replay's inputs and the modelled per-level profile, as every version reads them."""
    model = _model(inputs, method, params)
    return SideState(
        side=inputs.side,
        mid=inputs.price,
        capacity=inputs.side_capacity,
        margin=math.inf if inputs.margin is None else inputs.margin,
        leverage=inputs.leverage,
        min_notional=inputs.min_notional,
        min_level_size=inputs.min_level_size,
        sz_decimals=inputs.sz_decimals,
        price_decimals=inputs.price_decimals,
        levels=tuple(model.level_params),
        level_prices=tuple(level.price for level in model.profile.levels),
        method=model.method,
        kelly=model.kelly,
    )


def replay_version(
    version: SizingVersion,
    inputs: ReplayInputs,
    method: str = "kelly",
    params: ProfileParams | None = None,
    draws: int = DRAWS,
) -> VersionReplay:
    """`version` on the state; a version that samples runs `draws` seeded draws."""
    return _replay_version(version.name, inputs, _method(method), params, draws)


@lru_cache(maxsize=8192)
def _replay_version(
    name: str, inputs: ReplayInputs, method: str, params: ProfileParams | None, draws: int
) -> VersionReplay:
    version = _by_name(name)
    state = side_state(inputs, method, params)
    runs = [_one_draw(version, state, seed) for seed in range(draws if version.stochastic else 1)]
    first_orders, first_path, first_messages = runs[0]
    counts = [sum(1 for o in orders if o.accepted) for orders, _, _ in runs]
    return VersionReplay(
        version=version.name,
        commit=version.commit,
        ladder=version.ladder,
        orders=first_orders,
        path=first_path,
        messages=first_messages,
        draws=len(runs),
        quoting_draws=sum(1 for c in counts if c),
        paths=dict(Counter(path for _, path, _ in runs)),
        placed=(min(counts), max(counts)),
    )


def _one_draw(
    version: SizingVersion, state: SideState, seed: int
) -> tuple[tuple[PlacedOrder, ...], str, tuple[str, ...]]:
    sizing = version.run(**version.inputs_from(state, SeededDraws(seed)))
    orders = []
    margin_left = state.margin
    for level, size in enumerate(sizing.sizes):
        if not size > EPSILON:
            continue
        price = _level_price(sizing.prices, state.level_prices, level, state.mid)
        depth = _level_price(sizing.depths_bps, _depths(state), level, math.nan)
        usd = size * price
        needs = usd / state.effective_leverage
        note = _refused(state, size, usd, needs, margin_left)
        if not note:
            margin_left -= needs
        orders.append(PlacedOrder(level, depth, price, size, size, usd, not note, note))
    return tuple(orders), sizing.path, sizing.messages


def _refused(state: SideState, size: float, usd: float, needs: float, margin_left: float) -> str:
    """Why the bot's placement check or the exchange refuses an order ('' when neither does):
    worth less than min_notional at its own price (skipped by the bot, market_maker/mod.rs);
    more decimals than sz_decimals (the exchange's 'Order has invalid size'); more initial
    margin (notional / leverage) than the side's margin left ('Insufficient margin')."""
    if usd < state.min_notional:
        return f"under the {usd_text(state.min_notional)} minimum at its price: skipped"
    scaled = size * 10.0**state.sz_decimals
    if abs(scaled - round(scaled)) > 1e-6 * max(1.0, scaled):
        return f"more than {state.sz_decimals} decimals: refused by the exchange (invalid size)"
    if needs > margin_left * (1 + 1e-9):
        return (
            f"needs {usd_text(needs)} of margin at {state.effective_leverage:g}x, "
            f"{usd_text(max(margin_left, 0.0))} left: refused by the exchange "
            "(insufficient margin)"
        )
    return ""


def _level_price(
    own: tuple[float, ...] | None, ladder: Sequence[float], level: int, default: float
) -> float:
    if own is not None and level < len(own):
        return own[level]
    return ladder[level] if level < len(ladder) else default


def _depths(state: SideState) -> tuple[float, ...]:
    return tuple(level.depth_bps for level in state.levels)


def _method(method: str) -> str:
    return METHOD_NAMES.get(method, method)


def _by_name(name: str) -> SizingVersion:
    for found in versions():
        if found.name == name:
            return found
    raise ValueError(f"unknown sizing version {name!r}")


# -- how far the state was from quoting ------------------------------------------------------


@dataclass(frozen=True)
class Needed:
    """The smallest value of one input with which a version quotes one order, the others held."""

    name: str
    """`capacity` (coins), `margin` (USD), `leverage` (x), or `capacity_and_margin` (coins: the
    side capacity with the margin raised to what it takes, capacity × price / leverage)."""
    value: float | None
    """None: no value in the searched range quotes."""
    unit: str
    now: float | None
    """The state's own value."""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "now": self.now}


def needed(
    version: SizingVersion,
    inputs: ReplayInputs,
    method: str = "kelly",
    params: ProfileParams | None = None,
) -> tuple[Needed, ...]:
    """The smallest side capacity, margin and leverage with which `version` quotes one order
    (in most draws, for a version that samples), each searched with the rest as logged. A
    margin or leverage is searched only where the margin is known and binds."""

    def quotes(changed: ReplayInputs) -> bool:
        replayed = replay_version(version, changed, method, params, SEARCH_DRAWS)
        return 2 * replayed.quoting_draws > replayed.draws

    found = [
        Needed(
            "capacity",
            _search(lambda c: quotes(replace(inputs, side_capacity=c)), MAX_COINS),
            inputs.coin,
            inputs.side_capacity,
        )
    ]
    if inputs.margin is not None:
        found.append(
            Needed(
                "margin",
                _search(lambda m: quotes(replace(inputs, margin=m)), MAX_USD),
                "USD",
                inputs.margin,
            )
        )
        lowest = _search(lambda x: quotes(replace(inputs, leverage=max(x, 1.0))), MAX_LEVERAGE)
        found.append(
            Needed("leverage", None if lowest is None else max(lowest, 1.0), "x", inputs.leverage)
        )
        margin = inputs.margin

        def with_its_margin(capacity: float) -> ReplayInputs:
            return replace(
                inputs,
                side_capacity=capacity,
                margin=max(margin, capacity * inputs.margin_per_unit),
            )

        found.append(
            Needed(
                "capacity_and_margin",
                _search(lambda c: quotes(with_its_margin(c)), MAX_COINS),
                inputs.coin,
                inputs.side_capacity,
            )
        )
    return tuple(found)


def _search(holds: Callable[[float], bool], high: float) -> float | None:
    return first_true(holds, 0.0, high)


# -- which versions ran ------------------------------------------------------------------


def running_versions(
    release: tuple[str, str] | None,
    *,
    warned: bool,
    paths_seen: frozenset[str] = frozenset(),
) -> tuple[SizingVersion, ...]:
    """The versions whose release dates overlap the session's (`release`: the first and last
    snapshot dates whose vocabulary its messages fit). A session that logged a sizing path's
    own lines (`paths_seen`: `legacy`, `tick_grid`) ran that path; a side that logged a
    filtered-out warning (`warned`) ran a legacy path (the tick grid logs none). Unknown
    release: every version."""
    found = versions()
    if release is not None:
        first, last = release
        found = tuple(v for v in found if v.first <= last and (v.last is None or first <= v.last))
    if paths_seen:
        found = tuple(v for v in found if v.ladder in paths_seen)
    if warned:
        found = tuple(v for v in found if v.ladder != "tick_grid")
    elif not paths_seen:
        found = tuple(v for v in found if v.runs_by_default)
    return found


def later_versions(running: Sequence[SizingVersion]) -> tuple[SizingVersion, ...]:
    """The versions released after the newest that ran, on the path an upgraded bot would take
    with the same settings: the legacy path when it ran although the tick grid was on by
    default (the settings turned it off), else each release's default path. The upgrade
    what-if's rows."""
    if not running:
        return ()
    last_day = max(v.first for v in running)
    kept_legacy = any(v.ladder == "legacy" and not v.runs_by_default for v in running)
    return tuple(
        v
        for v in versions()
        if v.first > last_day and (v.ladder == "legacy" if kept_legacy else v.runs_by_default)
    )


def current_version() -> SizingVersion:
    """The sizing the bot's newest release runs by default: the version still current at the
    bot's head (`last` None), its tick grid where it has one (on for every capital tier at
    the head); while no version is marked current, the newest."""
    every = versions()
    current = [v for v in every if v.last is None] or [max(every, key=lambda v: v.first)]
    tick_grid = [v for v in current if v.ladder == "tick_grid"]
    return (tick_grid or current)[-1]
