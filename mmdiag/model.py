"""Frozen value types shared across the pipeline: inputs read, and the event table's shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

# The event table: one row per log record, time-ordered. `fields` is a JSON object holding each
# field's text exactly as logged; `mmdiag.events.typed_fields` and `kind_frame` give typed values.
EVENT_SCHEMA: dict[str, pl.DataType] = {
    "time": pl.Datetime("us", "UTC"),
    "level": pl.String(),
    "target": pl.String(),
    "span": pl.String(),
    "message": pl.String(),
    "kind": pl.String(),
    "side": pl.String(),
    "fields": pl.String(),
    "source": pl.String(),
    "line": pl.Int64(),
    "layout": pl.String(),
}

MAX_EXAMPLES = 5


@dataclass(frozen=True)
class TimeRange:
    """Only events in [since, until) are read (either end may be open)."""

    since: datetime | None = None
    until: datetime | None = None

    @property
    def open(self) -> bool:
        return self.since is None and self.until is None

    def apply(self, table: pl.DataFrame) -> pl.DataFrame:
        if self.since is not None:
            table = table.filter(pl.col("time") >= self.since)
        if self.until is not None:
            table = table.filter(pl.col("time") < self.until)
        return table


@dataclass(frozen=True)
class LineNote:
    """A line that did not become an event, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class InputSummary:
    """How one input was read: every line is an event's, blank, or counted here as not an event."""

    source: str
    layouts: tuple[str, ...]
    ansi: bool
    compression: str | None
    stream: str | None
    lines: int
    records: int
    """Lines that start a log record (a JSON object, or a timestamp and level)."""
    events: int
    """Records parsed into events (of the kinds asked for, when `--kind` narrows the reading)."""
    multiline_records: int
    continuation_lines: int
    blank_lines: int
    not_log_lines: int
    unparsed_records: int
    invalid_utf8_lines: int
    oversized_lines: int
    examples: tuple[LineNote, ...]
    """The first few lines that were neither events nor blank, with the reason."""
    out_of_order: int
    duplicates: int
    """Events also present in another input (a WARN in both operational and errors streams)."""
    first_time: datetime | None
    last_time: datetime | None
    kinds_read: tuple[str, ...] | None
    """The kinds parsed, when only some were (`--kind`); None when every record was parsed."""

    @property
    def unparsed_lines(self) -> int:
        return self.not_log_lines + self.unparsed_records + self.oversized_lines


@dataclass(frozen=True)
class EventLog:
    """The event table and how each input was read."""

    events: pl.DataFrame
    inputs: tuple[InputSummary, ...]


# Causes of a zero-order window, strongest evidence first (ties between causes that held as
# long go to the earlier). `ladder_empty`: quote cycles with no level on the side and no warning
# (the ladder generator dropped every level, OPTIMIZER.md). `unknown`: the log says nothing.
CAUSES = (
    "sizes_filtered",
    "reduce_only",
    "position_limit",
    "max_position_rejected",
    "invalid_size_rejected",
    "min_notional_rejected",
    "margin_rejected",
    "quote_gate",
    "stale_data",
    "warmup",
    "ladder_empty",
    "unknown",
)
SIZING_CAUSES = frozenset({"sizes_filtered", "ladder_empty"})
SESSION_ENDINGS = ("shutdown", "kill_switch", "restart", "log_end")


@dataclass(frozen=True)
class Evidence:
    """Log lines that support an incident's cause: how many, and the first and last of them."""

    what: str
    count: int
    first_time: datetime
    last_time: datetime
    source: str
    line: int
    last_source: str
    last_line: int


@dataclass(frozen=True)
class Session:
    """One run of the bot: from a start line (or the log's first event) to the next start."""

    index: int
    start: datetime
    end: datetime
    started_line: tuple[str, int] | None
    """Where its first start line is; None for events before any start line."""
    asset: str | None
    quote_cycles: int
    orders_placed: int | None
    """The last cumulative `orders_placed` of its metrics lines (they reset at a restart)."""
    ended_by: str = "log_end"
    """`shutdown`, `kill_switch`, `restart` (another start followed with no stop) or `log_end`."""
    stopped_line: tuple[str, int] | None = None
    """Where the stop (shutdown signal or kill switch) was logged."""
    stop_time: datetime | None = None
    kill_reasons: tuple[str, ...] = ()
    release: tuple[str, str] | None = None
    """The snapshot dates whose vocabulary the session's messages fit (first, last)."""
    first_order_s: tuple[float | None, float | None] = (None, None)
    """Seconds from the start to the first resting order (or plan, where orders are not
    logged) on the bid and the ask side; None: never in the session."""
    observed_orders: bool = False
    """The log shows resting orders (reconcile and order lines), not only the plan."""
    sizing_marks: tuple[str, ...] = ()
    """Lines of a sizing path seen in the session (`catalog.MARKS`): which path sized it."""

    @property
    def duration_s(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class Logged:
    """A value the log held during an incident: its first, last, lowest and highest, and the
    line of the first."""

    first: float
    last: float
    low: float
    high: float
    where: str


@dataclass(frozen=True)
class IncidentLog:
    """Per side, the values an incident's lines logged (the filtered-out warnings' fields), the
    last plan that quoted the side before it, and the session's start-up facts."""

    values: Mapping[str, Mapping[str, Logged]]
    """side -> field name (as logged: mid_price, available_position, ...) -> value."""
    last_quoting: Mapping[str, tuple[float | None, int, str]]
    """side -> (best price on the side, levels, where) of the last plan with levels on it."""
    facts: Mapping[str, tuple[Any, str]]
    """name (leverage, sz_decimals, asset) -> (value, where), from the session's lines."""


@dataclass(frozen=True)
class Incident:
    """A zero-order window on one side, or on both where they coincide."""

    session: int
    side: str
    """bid, ask, or both."""
    start: datetime
    end: datetime
    cause: str
    evidence: tuple[Evidence, ...]
    warnings: int
    """Filtered-out warnings in the window (a run of them is one incident)."""
    ended_by: str
    """What ended the window: `quoting` (orders again), `cause_change` (a zero-order window with
    another cause began), `shutdown` or `kill_switch` (the bot stopped), `restart` (the bot
    restarted with no stop logged), `log_end` (the log ended inside it) or `silence` (no record
    for longer than the maximum gap: nothing is known after its end)."""
    detail: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """The cause's own numbers, as the log gave them (first and last of its lines): the reduce-only
    position and limit, the rejection's error, the warm-up's progress, the gate's reason."""
    log: IncidentLog | None = field(default=None, compare=False, hash=False)
    """What the log holds for reconstructing the optimizer's inputs (sizing causes)."""
    at_startup: bool = False
    """It began when the session started: the side had no order yet."""

    @property
    def sides(self) -> tuple[str, ...]:
        return ("bid", "ask") if self.side == "both" else (self.side,)

    @property
    def open_ended(self) -> bool:
        """Still open when the log ended: its true end is unknown."""
        return self.ended_by == "log_end"

    @property
    def duration_s(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class StateValue:
    """One input of the optimizer at an incident, with where it came from.

    `source` is `log` (the incident's own lines), `startup` (an earlier start-up line),
    `default` (the bot's default, the log holds nothing) or `override` (command line or config).
    Values read from the incident's lines also give their drift (first, last, lowest, highest)
    and the rounding the log applied (`half_step`: the true value lies within ± of it).
    """

    name: str
    value: float | None
    unit: str
    source: str
    where: str | None = None
    half_step: float | None = None
    first: float | None = None
    last: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def drifted(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high


@dataclass(frozen=True)
class State:
    """What the optimizer saw on one side during an incident, as far as the log tells."""

    side: str
    coin: str
    price: StateValue
    side_capacity: StateValue
    margin: StateValue
    min_notional: StateValue
    min_level_size: StateValue
    levels: StateValue
    leverage: StateValue
    sz_decimals: StateValue

    def values(self) -> tuple[StateValue, ...]:
        return (
            self.price,
            self.side_capacity,
            self.margin,
            self.min_notional,
            self.min_level_size,
            self.levels,
            self.leverage,
            self.sz_decimals,
        )

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.values() if v.value is None)


FALLBACK_WORDS = ("not_needed", "fires", "fires_or_levels", "cannot_fire")


@dataclass(frozen=True)
class QuotedOrder:
    """An order the fixed version would place: level (0 = tightest), size after truncation."""

    level: int
    size: float
    usd: float


@dataclass(frozen=True)
class Verdict:
    """What replaying the optimizer versions on an incident's state says.

    For incidents not caused by sizing (warm-up, rejections) the sizing fields are None.
    """

    sentence: str
    pre_fallback_quotes: bool | None = None
    fixed_quotes: bool | None = None
    fallback: str | None = None
    certain: bool = True
    depends_on: tuple[str, ...] = ()
    """What an uncertain answer hangs on: `profile`, `rounding`, `drift`, `missing`."""
    orders: tuple[QuotedOrder, ...] = ()
    method: str | None = None
    profile: str | None = None
    versions_ran: tuple[str, ...] = ()
    """The sizing versions of the releases the session's messages fit, replayed as the code
    that ran (several when the range spans a change)."""
    ran_quotes: bool | None = None
    """Whether they quote on the incident's state: None when they differ, or for other causes."""
    version_replays: tuple[Mapping[str, Any], ...] = ()
    """Per side and version that ran: its orders, path, messages, and the smallest capacity,
    margin and leverage with which it quotes."""
    upgrades: tuple[Mapping[str, Any], ...] = ()
    """Per side and later version: would upgrading to it have quoted here, and how many orders."""
    upgrade_lines: tuple[str, ...] = ()
    modelled: tuple[str, ...] = ()
    """What the versions that ran read that no log holds, and how mmdiag modelled it."""
    current: Mapping[str, Any] | None = None
    """The bot's current sizing (its newest release's default path) on this state: `version`,
    `commit`, `quotes` (every side: True; none: False; else None), `orders_placed` per side."""

    @property
    def current_quotes(self) -> bool | None:
        return None if self.current is None else self.current.get("quotes")
