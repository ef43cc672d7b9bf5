"""What a layout parser returns: one log record, its values still as the text of the log."""

from __future__ import annotations

from typing import NamedTuple


class ParsedRecord(NamedTuple):
    timestamp: str
    level: str
    target: str | None
    span: str | None
    """Spans outermost first, each `name{key=value ...}` with keys sorted, joined by `:`."""
    message: str
    fields: list[tuple[str, str]]
    """(name, text as logged) in the order logged."""
    layout: str
    """json, full, compact or pretty."""


class Unparsed(NamedTuple):
    reason: str


LEVELS = frozenset({"TRACE", "DEBUG", "INFO", "WARN", "ERROR"})


def render_span(name: str, fields: list[tuple[str, str]]) -> str:
    """One span segment, rendered the same way whatever layout it came from."""
    if not fields:
        return name
    inner = " ".join(f"{key}={value}" for key, value in sorted(fields))
    return f"{name}{{{inner}}}"
