"""What every sizing version answers, what it is told, and how it describes itself.

A sizing version is one behaviour of the bot's "given this side's capacity, levels, price,
min_notional and sz_decimals, which orders does the side get". Each lives in its own module
(`v2026_01_03_mv_fallback`, ...) with:

- `VERSION`, a `SizingVersion`;
- `run(**inputs) -> SideSizing`, its inputs named as the bot's function's parameters at that
  commit (snake_case, the bot's units);
- `inputs_from(state: SideState, draws: random.Random) -> dict`, the version's inputs built
  from what a replay knows of one side (the log's values, defaults, overrides), each modelled
  value documented where it is built; `draws` feeds the versions that sample at random.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mmdiag.optimizer.exchange import truncate_size
from mmdiag.optimizer.weights import KellyStochasticParams, LevelParams

#: The paths a version can report, beyond its own fallbacks' names.
NORMAL = "normal"
EMPTY = "empty"


@dataclass(frozen=True)
class SideSizing:
    """One side after one version's sizing: what the bot would hand to order placement."""

    sizes: tuple[float, ...]
    """Per level, coins, after every step the version takes (its truncation included); 0 for a
    level it drops. Orders are the levels with a size above EPSILON."""
    prices: tuple[float, ...] | None = None
    """Per level, USD, where the version sets the prices (None where they are the ladder's)."""
    path: str = NORMAL
    """What decided: `normal`, the name of a fallback that fired, or `empty`."""
    messages: tuple[str, ...] = ()
    """What the bot's code logs on the way at INFO and above, `LEVEL:text`, in order."""
    depths_bps: tuple[float, ...] | None = None
    """Per level, bps from the mid, where the version sets them."""

    def orders(self, epsilon: float = 1e-9) -> int:
        return sum(1 for size in self.sizes if size > epsilon)


@dataclass(frozen=True)
class SizingVersion:
    name: str
    """Short and stable: used by `--version`, JSON and the README's table."""
    commit: str
    """The bot's commit whose code the module ports."""
    first: str
    """The first release date (ISO) whose sizing this is."""
    last: str | None
    """The last release date it covers; None while it is the bot's newest."""
    inputs: tuple[str, ...]
    """`run`'s keyword arguments, as the bot names them."""
    paths: tuple[str, ...]
    """Every `path` it can answer."""
    summary: str
    """One sentence: what this version does differently."""
    run: Callable[..., SideSizing] = field(repr=False, compare=False)
    inputs_from: Callable[[SideState, random.Random], dict[str, Any]] = field(
        repr=False, compare=False
    )
    ladder: str = "legacy"
    """Which of a release's sizing paths this is: `legacy` (the depth ladder and its optimizer)
    or `tick_grid` (2026-02-17 on, when the tick grid is on). A replay tells them apart by the
    session's own messages (`evidence`)."""
    evidence: tuple[str, ...] = ()
    """Message texts (or their fixed starts) that only this path logs: seen in a session, they
    show it ran."""
    runs_by_default: bool = True
    """False for a path a running bot takes only when configured so: the legacy path once the
    tick grid is on in every capital tier (6a432ff, 2026-02-17, to the head)."""
    stochastic: bool = False
    """It samples at random (the bot seeds from entropy): a replay reports over many draws."""
    not_from_log: tuple[str, ...] = ()
    """What the version reads that no log holds, and how `inputs_from` models it."""

    def covers(self, day: str) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class SideState:
    """What a replay knows of one side, whichever version it runs."""

    side: str
    """`bid` or `ask`."""
    mid: float
    """Microprice, USD per coin."""
    capacity: float
    """The side's position capacity (`available_for_bids`/`_asks`), coins."""
    margin: float
    """Available margin, USD; +inf when unknown."""
    leverage: float
    min_notional: float
    """USD."""
    min_level_size: float
    """coins"""
    sz_decimals: int
    price_decimals: int
    levels: tuple[LevelParams, ...]
    """The levels that reach the sizing step (the warning's `bids_before`), best first."""
    level_prices: tuple[float, ...]
    """Their prices, USD, as the ladder rounds them."""
    method: str = "kelly_stochastic"
    kelly: KellyStochasticParams | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    """Version-specific settings a user overrides (`--set name=value`); defaults elsewhere."""

    @property
    def effective_leverage(self) -> float:
        return max(self.leverage, 1.0)

    @property
    def margin_known(self) -> bool:
        return math.isfinite(self.margin)

    def level_inputs(self) -> list[dict[str, float]]:
        """The levels as the ports' `levels` input, new dicts on every call: `asdict` without
        its deep copy (a replay runs a sampling version dozens of times on one state; asdict
        was a fifth of it). LevelParams holds floats only."""
        return [dict(vars(level)) for level in self.levels]


def truncated(sizes: tuple[float, ...] | list[float], sz_decimals: int) -> tuple[float, ...]:
    """`truncate_float(size, sz_decimals, false)` on every size (ladder_strat, every release)."""
    return tuple(truncate_size(size, sz_decimals) for size in sizes)


def level_params(levels: Any) -> list[LevelParams]:
    """`levels` as given to `run`: LevelParams, or mappings with the bot's field names."""
    return [
        level
        if isinstance(level, LevelParams)
        else LevelParams(**{k: float(v) for k, v in level.items()})
        for level in levels
    ]


def kelly_params(kelly: Any) -> KellyStochasticParams | None:
    if kelly is None or isinstance(kelly, KellyStochasticParams):
        return kelly
    return KellyStochasticParams(**{k: float(v) for k, v in kelly.items()})
