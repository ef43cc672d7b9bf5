"""The event table, filtered the way `mmdiag events` filters it: usable from Python as is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import polars as pl

from mmdiag.errors import UsageError
from mmdiag.model import EventLog
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
    start, end = parse_time(since, "--since"), parse_time(until, "--until")
    log = read_events(paths, kinds=kinds, layout=layout, strict=strict)
    events = log.events
    if level_floor is not None:
        events = events.filter(pl.col("level").is_in(LEVELS[LEVELS.index(level_floor) :]))
    if start is not None:
        events = events.filter(pl.col("time") >= start)
    if end is not None:
        events = events.filter(pl.col("time") < end)
    return replace(log, events=events)


def _level(name: str | None) -> str | None:
    if name is None:
        return None
    upper = name.upper()
    if upper == "WARNING":
        upper = "WARN"
    if upper not in LEVELS:
        raise UsageError(f"unknown level {name!r}: choose from {', '.join(LEVELS)}")
    return upper


def parse_time(text: str | None, option: str) -> datetime | None:
    """An RFC 3339 time or date (`2026-01-02T22:58:00Z`, `2026-01-02 22:58`, `2026-01-02`).

    A time without an offset is UTC, as the bot's logs are.
    """
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option} {text!r} is not a time: use RFC 3339, e.g. 2026-01-02T22:58:00Z"
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
