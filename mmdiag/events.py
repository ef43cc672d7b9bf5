"""The event table, filtered the way `mmdiag events` filters it: usable from Python as is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import polars as pl
import regex

from mmdiag.catalog import KIND_NAMES
from mmdiag.errors import UsageError
from mmdiag.model import EventLog, TimeRange
from mmdiag.parse.reader import read_events

LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR")


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
    level_floor = _level(min_level)
    window = time_range(since, until)
    start, end = window.since, window.until
    log = read_events(paths, kinds=kinds, layout=layout, strict=strict)
    events = log.events
    if level_floor is not None:
        events = events.filter(pl.col("level").is_in(LEVELS[LEVELS.index(level_floor) :]))
    if start is not None:
        events = events.filter(pl.col("time") >= start)
    if end is not None:
        events = events.filter(pl.col("time") < end)
    return replace(log, events=events)


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
