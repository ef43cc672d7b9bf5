"""Frozen value types shared across the pipeline: inputs read, and the event table's shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
