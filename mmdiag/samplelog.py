"""The project's own sample writer: render events as the bot's tracing-subscriber would.

Used by the benchmark (large realistic logs), by the fixtures (scenarios with known incidents)
and by property tests (parsing a rendered event gives the event back). The layouts match the
reference logs written by the real formatters: JSON, Full, Compact, Pretty, and the console's
Full layout with ANSI colours and no target.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, TextIO

JsonKind = Literal["str", "num", "bool"]
LAYOUTS = ("json", "full", "compact", "pretty", "console")


@dataclass(frozen=True)
class SampleField:
    name: str
    text: str
    """As the text layouts print it (a Debug string keeps its quotes)."""
    json_kind: JsonKind = "str"
    """How the JSON layout writes it: `%` Display and `?` Debug values are strings."""


@dataclass(frozen=True)
class SampleSpan:
    name: str
    target: str
    fields: tuple[SampleField, ...]


@dataclass(frozen=True)
class SampleEvent:
    time: datetime
    level: str
    target: str
    message: str
    fields: tuple[SampleField, ...] = ()
    span: SampleSpan | None = None
    line: int = 1
    """The call site's line (Pretty prints `at src/main.rs:LINE`)."""


def write_events(events: Iterable[SampleEvent], layout: str, out: TextIO) -> int:
    """Write events as records of one layout, a line (or a Pretty block) each; returns how many."""
    count = 0
    for event in events:
        out.write(render(event, layout))
        out.write("\n")
        count += 1
    return count


def write_events_file(events: Iterable[SampleEvent], layout: str, path: Path) -> int:
    with path.open("w", encoding="utf-8") as out:
        return write_events(events, layout, out)


def timestamp(time: datetime) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def render(event: SampleEvent, layout: str) -> str:
    """The event as one record (several lines for Pretty), without the final newline."""
    if layout == "json":
        return _json(event)
    if layout == "full":
        return _full(event)
    if layout == "compact":
        return _compact(event)
    if layout == "pretty":
        return _pretty(event)
    if layout == "console":
        return _console(event)
    raise ValueError(f"unknown layout {layout!r}")


def _json(event: SampleEvent) -> str:
    fields = {"message": event.message}
    parts = [json.dumps(fields["message"], ensure_ascii=False)]
    body = '"message":' + parts[0]
    for field in event.fields:
        body += f",{json.dumps(field.name)}:{_json_value(field)}"
    out = (
        f'{{"timestamp":"{timestamp(event.time)}","level":"{event.level}",'
        f'"fields":{{{body}}},"target":{json.dumps(event.target)}'
    )
    if event.span is not None:
        span = _json_span(event.span)
        out += f',"span":{span},"spans":[{span}]'
    return out + "}"


def _json_value(field: SampleField) -> str:
    if field.json_kind == "str":
        return json.dumps(field.text, ensure_ascii=False)
    return field.text


def _json_span(span: SampleSpan) -> str:
    inner = "".join(f"{json.dumps(f.name)}:{_json_value(f)}," for f in span.fields)
    return f'{{{inner}"name":{json.dumps(span.name)}}}'


def _level(level: str) -> str:
    return f"{level:>5}"


def _kv(fields: tuple[SampleField, ...], sep: str = " ", eq: str = "=") -> str:
    return sep.join(f"{f.name}{eq}{f.text}" for f in fields)


def _message_and_fields(event: SampleEvent, extra: tuple[SampleField, ...] = ()) -> str:
    fields = event.fields + extra
    return event.message + (" " + _kv(fields) if fields else "")


def _full(event: SampleEvent) -> str:
    span = ""
    if event.span is not None:
        span = f"{event.span.name}{{{_kv(event.span.fields)}}}: " if event.span.fields else ""
        span = span or f"{event.span.name}: "
    return (
        f"{timestamp(event.time)} {_level(event.level)} {span}{event.target}: "
        + _message_and_fields(event)
    )


def _compact(event: SampleEvent) -> str:
    span, extra = "", tuple[SampleField, ...]()
    if event.span is not None:
        span, extra = f"{event.span.name}: ", event.span.fields
    return (
        f"{timestamp(event.time)} {_level(event.level)} {span}{event.target}: "
        + _message_and_fields(event, extra)
    )


def _pretty(event: SampleEvent) -> str:
    head = f"  {timestamp(event.time)} {_level(event.level)} {event.target}: {event.message}"
    if event.fields:
        head += ", " + _kv(event.fields, ", ", ": ")
    lines = [head, f"    at src/main.rs:{event.line}"]
    if event.span is not None:
        where = f"    in {event.span.target}::{event.span.name}"
        if event.span.fields:
            where += " with " + _kv(event.span.fields, ", ", ": ")
        lines.append(where)
    return "\n".join(lines) + "\n"


_ANSI_LEVEL = {"TRACE": "35", "DEBUG": "34", "INFO": "32", "WARN": "33", "ERROR": "31"}


def _console(event: SampleEvent) -> str:
    """The bot's stdout default: Full layout, ANSI colours, target hidden."""

    def dim(text: str) -> str:
        return f"\x1b[2m{text}\x1b[0m"

    def italic(text: str) -> str:
        return f"\x1b[3m{text}\x1b[0m"

    def bold(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m"

    colour = _ANSI_LEVEL[event.level]
    out = f"{dim(timestamp(event.time))} \x1b[{colour}m{_level(event.level)}\x1b[0m "
    if event.span is not None:
        inner = " ".join(f"{italic(f.name)}{dim('=')}{f.text}" for f in event.span.fields)
        out += bold(event.span.name) + (bold("{") + inner + bold("}") if inner else "") + dim(":")
        out += " "
    out += event.message
    for field in event.fields:
        out += f" {italic(field.name)}{dim('=')}{field.text}"
    return out
