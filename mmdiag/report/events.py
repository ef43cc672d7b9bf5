"""Render the event table (`mmdiag events`) and the account of the inputs read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, cast

import polars as pl
from polars.io.plugins import register_io_source
from rich.console import Console
from rich.table import Table

from mmdiag.model import EVENT_SCHEMA, EventLog, InputSummary
from mmdiag.parse.typed import catalogued_columns, fields_of, typed_fields
from mmdiag.report.escape import rich_text, visible

FORMATS = ("table", "json", "csv", "parquet")
RFC3339_US = "%Y-%m-%dT%H:%M:%S%.6fZ"
ROW_GROUP_ROWS = 20_000
"""Rows per Parquet row group: the sink holds about one while it writes."""


def event_records(events: pl.DataFrame) -> Iterator[dict[str, Any]]:
    """One plain dict per event: typed `fields`, and `fields_text` with the log's own text."""
    rows = events.with_columns(pl.col("time").dt.strftime(RFC3339_US)).iter_rows(named=True)
    for row in rows:
        text = fields_of(row["fields"])
        yield {
            "time": row["time"],
            "level": row["level"],
            "target": row["target"],
            "span": row["span"],
            "message": row["message"],
            "kind": row["kind"],
            "side": row["side"],
            "fields": typed_fields(text, row["kind"]),
            "fields_text": text,
            "source": row["source"],
            "line": row["line"],
            "layout": row["layout"],
        }


def inputs_json(inputs: tuple[InputSummary, ...]) -> list[dict[str, Any]]:
    return [
        {
            "source": s.source,
            "layouts": list(s.layouts),
            "ansi": s.ansi,
            "compression": s.compression,
            "stream": s.stream,
            "lines": s.lines,
            "records": s.records,
            "events": s.events,
            "multiline_records": s.multiline_records,
            "continuation_lines": s.continuation_lines,
            "blank_lines": s.blank_lines,
            "not_log_lines": s.not_log_lines,
            "unparsed_records": s.unparsed_records,
            "oversized_lines": s.oversized_lines,
            "invalid_utf8_lines": s.invalid_utf8_lines,
            "unparsed_examples": [{"line": n.line, "reason": n.reason} for n in s.examples],
            "out_of_order": s.out_of_order,
            "duplicates": s.duplicates,
            "first_time": _time(s.first_time),
            "last_time": _time(s.last_time),
            "kinds_read": list(s.kinds_read) if s.kinds_read is not None else None,
        }
        for s in inputs
    ]


def _time(value: Any) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if value is not None else None


Inputs = Callable[[], Sequence[InputSummary]]
"""How each input was read: known once the event tables are all read."""


def write_json(tables: Iterable[pl.DataFrame], inputs: Inputs, out: IO[str]) -> None:
    """`{"events": [...], "inputs": [...]}`, each event written as it is read, one a line
    (logs can be large); the account of the inputs last, once they are read."""
    started = False
    for table in tables:
        for record in event_records(table):
            out.write(",\n" if started else '{"events": [\n')
            started = True
            # json.dumps runs the C encoder; json.dump to a stream would run the Python one.
            out.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
    summaries = inputs_json(tuple(inputs()))  # may fail (no records): before anything else
    out.write("\n]" if started else '{"events": []')
    out.write(', "inputs": ')
    json.dump(summaries, out, ensure_ascii=False)
    out.write("}\n")


def flat_frame(events: pl.DataFrame) -> pl.DataFrame:
    """The table for CSV and Parquet: RFC 3339 times in CSV, fields as JSON text."""
    typed = [
        json.dumps(typed_fields(fields_of(f), k), ensure_ascii=False)
        for f, k in zip(events["fields"], events["kind"], strict=True)
    ]
    return events.rename({"fields": "fields_text"}).with_columns(
        pl.Series("fields", typed, dtype=pl.String)
    )


def write_csv(tables: Iterable[pl.DataFrame], inputs: Inputs, out: IO[str]) -> None:
    """The flat table, written a table at a time as the events are read."""
    header = True
    for table in tables:
        frame = flat_frame(table).with_columns(pl.col("time").dt.strftime(RFC3339_US))
        out.write(frame.write_csv(include_header=header))
        header = False
    inputs()  # a failed read (no records) is an error, as when nothing was written
    if header:
        empty = flat_frame(pl.DataFrame(schema=EVENT_SCHEMA))
        out.write(empty.with_columns(pl.col("time").dt.strftime(RFC3339_US)).write_csv())


def parquet_frame(events: pl.DataFrame) -> pl.DataFrame:
    """The CSV columns, and a typed column per catalogued field (`field_mid_price`, ...)."""
    return pl.concat([flat_frame(events), catalogued_columns(events)], how="horizontal")


def write_parquet(tables: Iterable[pl.DataFrame], inputs: Inputs, out: IO[bytes]) -> None:
    """`parquet_frame` of the events, streamed through polars' Parquet sink as they are read."""
    schema = parquet_frame(pl.DataFrame(schema=EVENT_SCHEMA)).schema

    def frames(*_: Any) -> Iterator[pl.DataFrame]:
        for table in tables:
            yield parquet_frame(table)
        inputs()  # a failed read (no records) is an error, as when nothing was written

    sink = _Sink(out)
    try:
        stream = register_io_source(frames, schema=schema)
        stream.sink_parquet(cast(IO[bytes], sink), row_group_size=ROW_GROUP_ROWS)
    except Exception:
        if sink.error is not None:  # the OSError the write met, not polars' wrapping of it
            raise sink.error from None
        raise


class _Sink:
    """A binary stream for polars' sink that keeps the OSError a write met, so that a full disk
    is reported by its cause whatever polars makes of it."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            return self.out.write(data)
        except OSError as exc:
            self.error = exc
            raise

    def flush(self) -> None:
        self.out.flush()


def limited(tables: Iterable[pl.DataFrame], limit: int | None) -> Iterator[pl.DataFrame]:
    """The first `limit` events (all: None or 0); the rest is still read, unwritten, so that
    the account of the inputs covers them."""
    left = limit or None
    for table in tables:
        if left is None:
            yield table
        elif left > 0:
            yield table.head(left)
            left -= min(left, table.height)


def first_events(
    tables: Iterable[pl.DataFrame], inputs: Inputs, limit: int
) -> tuple[EventLog, int]:
    """The first `limit` events, all the inputs read (for the table, which shows a few), and
    how many events there were."""
    kept: list[pl.DataFrame] = []
    total = 0
    for table in tables:
        if total < limit:
            kept.append(table.head(limit - total))
        total += table.height
    shown = pl.concat(kept) if kept else pl.DataFrame(schema=EVENT_SCHEMA)
    return EventLog(events=shown, inputs=tuple(inputs())), total


TABLE_CELL_CHARS = 300
"""Longer cells are cut in the table (json, csv and parquet keep the whole text)."""
_NARROW_CELL_CHARS = 80


def render_table(
    log: EventLog, console: Console, limit: int | None, total: int | None = None
) -> None:
    """The first `limit` events of `log` as a table; `total`: how many there were, when `log`
    holds only the first ones."""
    events = log.events if limit is None else log.events.head(limit)
    table = Table(show_lines=False, header_style="bold", expand=False)
    columns = ("time (UTC)", "level", "kind", "side", "target", "span", "message", "fields")
    for name in (*columns, "where"):
        table.add_column(name, overflow="fold")
    for record in event_records(events):
        fields = " ".join(f"{k}={v}" for k, v in record["fields_text"].items())
        table.add_row(
            record["time"][:-1].replace("T", " "),
            rich_text(record["level"], _LEVEL_STYLE.get(record["level"], "")),
            rich_text(record["kind"]),
            rich_text(record["side"] or ""),
            rich_text(cell(record["target"] or "", _NARROW_CELL_CHARS)),
            rich_text(cell(record["span"] or "", _NARROW_CELL_CHARS)),
            rich_text(cell(record["message"])),
            rich_text(cell(fields)),
            rich_text(f"{_short(record['source'])}:{record['line']}"),
        )
    console.print(table)
    hidden = (log.events.height if total is None else total) - events.height
    if hidden:
        console.print(
            f"... {hidden} more events not shown (--limit 0 shows all; "
            "--format json or csv for tools)"
        )


def cell(text: str, limit: int = TABLE_CELL_CHARS) -> str:
    """The text, or its first `limit` characters and how long the whole is."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} chars; --format json shows all)"


_OTHER_KINDS = {
    False: "records of other kinds counted, not parsed (--strict checks them)",
    True: "records of other kinds parsed and checked, not kept",
}
_LEVEL_STYLE = {"ERROR": "bold red", "WARN": "yellow", "INFO": "green", "DEBUG": "blue"}


def _short(source: str) -> str:
    return source.rsplit("/", 1)[-1]


def inputs_text(inputs: tuple[InputSummary, ...], strict: bool | None = None) -> list[str]:
    """One line per input: how it was read, and where the lines that are not events are.

    `strict` (whether every record was parsed, as `--strict` does) adds what became of the
    records of other kinds when only some kinds were asked for; None leaves it unsaid."""
    lines = []
    for s in inputs:
        parts = [
            f"{'/'.join(s.layouts) or 'no records'}"
            + (" with ANSI colours" if s.ansi else "")
            + (f", {s.compression}" if s.compression else ""),
            f"{s.lines} lines",
            f"{s.records} records",
            f"{s.events} events" + (" of the kinds asked for" if s.kinds_read else ""),
        ]
        if s.kinds_read is not None and strict is not None:
            parts.append(_OTHER_KINDS[strict])
        if s.multiline_records:
            parts.append(f"{s.multiline_records} multi-line")
        if s.duplicates:
            parts.append(f"{s.duplicates} also in another input (counted once)")
        if s.out_of_order:
            parts.append(f"{s.out_of_order} timestamps out of order (sorted)")
        if s.invalid_utf8_lines:
            parts.append(f"{s.invalid_utf8_lines} lines with invalid UTF-8 (replaced)")
        unparsed = s.unparsed_lines
        if unparsed:
            where = ", ".join(f"{n.line} ({n.reason})" for n in s.examples)
            parts.append(f"{unparsed} lines not parsed: line {where}")
        else:
            parts.append("every line accounted for")
        lines.append(visible(f"{s.source}: " + ", ".join(parts)))
    return lines
