"""The event table, filtered the way `mmdiag events` filters it: usable from Python as is."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import polars as pl
import regex

from mmdiag.catalog import KIND_NAMES
from mmdiag.errors import UsageError
from mmdiag.model import EventLog, InputSummary, TimeRange
from mmdiag.parse.reader import read_events, stream_events

LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR")
TABLE_ROWS = 20_000
"""Events per table of the stream `EventTables` gives (memory holds about two)."""


def load_events(
    paths: Sequence[str],
    kinds: Sequence[str] | None = None,
    min_level: str | None = None,
    since: str | None = None,
    until: str | None = None,
    layout: str = "auto",
    strict: bool = False,
) -> EventLog:
    """Events of the given inputs, at or above `min_level`, within [since, until)."""
    keep = _Filter(min_level, since, until)
    log = read_events(paths, kinds=kinds, layout=layout, strict=strict)
    return replace(log, events=keep(log.events))


class EventTables:
    """The events `load_events` gives, as a stream of tables in time order: memory holds a
    table at a time, not the log, and each table can be written as soon as it is read.
    `inputs` tells how each input was read, once the stream is exhausted."""

    def __init__(
        self,
        paths: Sequence[str],
        kinds: Sequence[str] | None = None,
        min_level: str | None = None,
        since: str | None = None,
        until: str | None = None,
        layout: str = "auto",
        strict: bool = False,
    ) -> None:
        self.keep = _Filter(min_level, since, until)
        self.stream = stream_events(
            paths, kinds=kinds, layout=layout, strict=strict, chunk_rows=TABLE_ROWS
        )

    def __iter__(self) -> Iterator[pl.DataFrame]:
        for table in in_time_order(self.stream):
            kept = self.keep(table)
            if kept.height:
                yield kept

    @property
    def inputs(self) -> tuple[InputSummary, ...]:
        return tuple(self.stream.summaries())


def in_time_order(tables: Iterable[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """Tables each sorted by time -> the stable time sort of them all, a table at a time: a
    table goes out once the next one is read, but for its events not earlier than the next
    one's first (a log whose clock stepped back across a table's edge). Only a clock that
    steps back past a whole table (100,000 events) leaves an event out of order."""
    held: pl.DataFrame | None = None
    for table in tables:
        if table.is_empty():
            continue
        if held is None:
            held = table
            continue
        ready = held.filter(pl.col("time") < table["time"].min())
        if ready.height:
            yield ready
        rest = held.slice(ready.height)
        held = pl.concat([rest, table]).sort("time", maintain_order=True) if rest.height else table
    if held is not None:
        yield held


class _Filter:
    """`--level` and `--since`/`--until`, checked, as one filter of an event table."""

    def __init__(self, min_level: str | None, since: str | None, until: str | None) -> None:
        self.level_floor = _level(min_level)
        self.window = time_range(since, until)

    def __call__(self, events: pl.DataFrame) -> pl.DataFrame:
        if self.level_floor is not None:
            floor = LEVELS.index(self.level_floor)
            events = events.filter(pl.col("level").is_in(LEVELS[floor:]))
        return self.window.apply(events)


def split_kinds(values: Sequence[str] | None) -> list[str] | None:
    """`--kind` values, repeated or comma-separated, as kind names (None: every kind)."""
    if not values:
        return None
    kinds = [kind.strip() for value in values for kind in value.split(",")]
    if any(not kind for kind in kinds):
        raise UsageError(
            f"--kind {','.join(values)!r} names an empty kind: choose from " + ", ".join(KIND_NAMES)
        )
    return kinds


def time_range(since: str | None, until: str | None) -> TimeRange:
    """`--since` and `--until`, checked: the first must come before the second."""
    start, end = parse_time(since, "--since"), parse_time(until, "--until")
    if start is not None and end is not None and start >= end:
        raise UsageError(
            f"--since {since} is not before --until {until}: no event can be in between"
        )
    return TimeRange(start, end)


def _level(name: str | None) -> str | None:
    if name is None:
        return None
    upper = name.upper()
    if upper == "WARNING":
        upper = "WARN"
    if upper not in LEVELS:
        raise UsageError(f"unknown level {name!r}: choose from {', '.join(LEVELS)}")
    return upper


_RELATIVE = regex.compile(r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>[smhdw])")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_time(text: str | None, option: str, now: datetime | None = None) -> datetime | None:
    """An RFC 3339 time or date (`2026-01-02T22:58:00Z`, `2026-01-02 22:58`, `2026-01-02`), or
    a time before now (`30m`, `2h`, `1d`, `1w`, as hl takes them).

    A time without an offset is UTC, as the bot's logs are (the commands' help says so).
    """
    if text is None:
        return None
    relative = _RELATIVE.fullmatch(text.strip())
    if relative is not None:
        seconds = float(relative.group("amount")) * _UNIT_S[relative.group("unit")]
        if seconds > 400 * 86400 * 100:
            raise UsageError(f"{option} {text!r} is too far back")
        return (now or datetime.now(UTC)) - timedelta(seconds=seconds)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option} {text!r} is not a time: use RFC 3339 (2026-01-02T22:58:00Z) or a time "
            "before now (30m, 2h, 1d)"
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
