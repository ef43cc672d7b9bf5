"""Paths -> one time-ordered event table, with an account of every line read.

Per input: byte chunks -> line batches -> vectorised classification and needle prefilter ->
Python parsing of the selected records only -> typed kinds. Inputs are then merged by time;
an event present in two inputs (a WARN in both the operational and errors streams of a
multi-stream folder) is kept once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from mmdiag import catalog
from mmdiag.errors import InputError, UsageError
from mmdiag.ingest import fastpath
from mmdiag.ingest.lines import LineCounts, line_batches
from mmdiag.ingest.sources import ReadInfo, Source, expand_paths, read_chunks
from mmdiag.model import EVENT_SCHEMA, MAX_EXAMPLES, EventLog, InputSummary, LineNote
from mmdiag.parse import bulk as bulk_records
from mmdiag.parse import records as rec
from mmdiag.parse.json_layout import parse_json
from mmdiag.parse.pretty_layout import parse_pretty
from mmdiag.parse.record import ParsedRecord, Unparsed
from mmdiag.parse.text_layout import TEXT_LAYOUTS, TextShape, detect_shape, parse_text

_KEY = ["time", "level", "target", "span", "message", "fields"]
FLUSH_ROWS = 100_000
_ROW_SCHEMA = {
    "ts": pl.String,
    "level": pl.String,
    "target": pl.String,
    "span": pl.String,
    "message": pl.String,
    "kind": pl.String,
    "side": pl.String,
    "fields": pl.String,
    "line": pl.Int64,
    "layout": pl.String,
}


def read_events(
    paths: Sequence[str],
    kinds: Sequence[str] | None = None,
    layout: str = "auto",
    strict: bool = False,
) -> EventLog:
    """Read every input into one event table (only `kinds`, when given)."""
    wanted = _check_kinds(kinds)
    if layout not in rec.LAYOUT_CHOICES:
        raise UsageError(f"unknown layout {layout!r}: choose from {', '.join(rec.LAYOUT_CHOICES)}")
    sources = expand_paths(list(paths))
    tables: list[pl.DataFrame] = []
    summaries: list[InputSummary] = []
    for source in sources:
        table, summary = _read_source(source, wanted, layout, strict)
        tables.append(table)
        summaries.append(summary)
    _check_found_records(sources, summaries)
    if strict:
        _check_strict(summaries)
    events, duplicates = _merge(tables)
    summaries = [_with_duplicates(s, duplicates.get(s.source, 0)) for s in summaries]
    return EventLog(events=events, inputs=tuple(summaries))


def _check_kinds(kinds: Sequence[str] | None) -> frozenset[str] | None:
    if not kinds:
        return None
    unknown = [k for k in kinds if k not in catalog.KIND_NAMES]
    if unknown:
        raise UsageError(
            f"unknown kind {unknown[0]!r}: choose from {', '.join(catalog.KIND_NAMES)}"
        )
    return frozenset(kinds)


@dataclass
class _Rows:
    """Column lists of the events parsed from one input, and the records that failed."""

    line: list[int] = field(default_factory=list)
    ts: list[str] = field(default_factory=list)
    level: list[str] = field(default_factory=list)
    target: list[str | None] = field(default_factory=list)
    span: list[str | None] = field(default_factory=list)
    message: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    side: list[str | None] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    layout: list[str] = field(default_factory=list)
    unparsed: list[LineNote] = field(default_factory=list)
    unparsed_count: int = 0
    frames: list[pl.DataFrame] = field(default_factory=list)
    """Rows already moved into polars: Python lists of a week of logs would not fit."""

    def flush(self) -> None:
        if not self.line:
            return
        self.frames.append(
            pl.DataFrame(
                {
                    "ts": self.ts,
                    "level": self.level,
                    "target": self.target,
                    "span": self.span,
                    "message": self.message,
                    "kind": self.kind,
                    "side": self.side,
                    "fields": self.fields,
                    "line": self.line,
                    "layout": self.layout,
                },
                schema=_ROW_SCHEMA,
            )
        )
        for column in (self.line, self.ts, self.level, self.target, self.span, self.message):
            column.clear()
        for other in (self.kind, self.side, self.fields, self.layout):
            other.clear()

    def add(
        self,
        line: int,
        record: ParsedRecord,
        kind: catalog.EventKind | None,
        groups: dict[str, str],
    ) -> None:
        values = dict(record.fields)
        if groups:
            values = {**groups, **values}
        self.line.append(line)
        self.ts.append(record.timestamp)
        self.level.append(record.level)
        self.target.append(record.target)
        self.span.append(record.span)
        self.message.append(record.message)
        self.kind.append(kind.name if kind else catalog.OTHER)
        self.side.append(catalog.side_of(kind, values))
        self.fields.append(json.dumps(values, ensure_ascii=False))
        self.layout.append(record.layout)
        if len(self.line) >= FLUSH_ROWS:
            self.flush()

    def fail(self, line: int, reason: str) -> None:
        self.unparsed_count += 1
        if len(self.unparsed) < MAX_EXAMPLES:
            self.unparsed.append(LineNote(line, reason))


class _Parser:
    """Parses selected records of one input, keeping the kinds asked for."""

    def __init__(self, wanted: frozenset[str] | None, layout: str = "auto") -> None:
        self.wanted = wanted
        self.shape: TextShape | None = None
        self.layout = layout
        self.rows = _Rows()

    def learn_shape(self, texts: list[str]) -> None:
        """What the input's text records show, from the first ones (once)."""
        if self.shape is None and texts:
            self.shape = detect_shape(texts)
            if self.layout in TEXT_LAYOUTS:
                self.shape.layout = self.layout

    def parse(self, records: rec.Records) -> None:
        if self.shape is None:
            self.learn_shape(
                [t for t, h in zip(records.texts, records.layouts, strict=True) if h == "text"]
            )
        for line, header, text in zip(records.lines, records.layouts, records.texts, strict=True):
            parsed = self._parse_one(header, text)
            if isinstance(parsed, Unparsed):
                self.rows.fail(line, parsed.reason)
                continue
            kind, groups = catalog.match_message(parsed.message)
            name = kind.name if kind else catalog.OTHER
            if self.wanted is None or name in self.wanted:
                self.rows.add(line, parsed, kind, groups)

    def _parse_one(self, header: str, text: str) -> ParsedRecord | Unparsed:
        if header == "json":
            return parse_json(text)
        if header == "pretty":
            return parse_pretty(text)
        if self.shape is None:
            self.shape = TextShape(layout=self.layout if self.layout in TEXT_LAYOUTS else None)
        return parse_text(text, shape=self.shape)


def _needles(wanted: frozenset[str] | None) -> list[str] | None:
    if wanted is None or catalog.OTHER in wanted:
        return None
    return [needle for name in sorted(wanted) for needle in catalog.BY_NAME[name].needles]


def _read_source(
    source: Source, wanted: frozenset[str] | None, layout: str, strict: bool
) -> tuple[pl.DataFrame, InputSummary]:
    """One input's events (of the `wanted` kinds) and how it was read. `strict` parses every
    record, so that a bad one is found whatever kinds are wanted."""
    parsed = None if strict else wanted
    info, line_counts = ReadInfo(), LineCounts()
    counts, state = rec.RecordCounts(), rec.RecordState()
    parser = _Parser(parsed, layout)
    needles = _needles(parsed)
    fast = _read_common_case(source, layout, needles, parsed)
    if fast is not None:
        parser, line_counts.lines, counts = fast
    else:
        pending: pl.DataFrame | None = None

        def consume(classified: pl.DataFrame, invalid_utf8: bool) -> None:
            rec.count(classified, invalid_utf8, counts)
            parser.parse(rec.select_records(classified, needles))

        for batch in line_batches(read_chunks(source, info), line_counts):
            frame = batch.frame if pending is None else pl.concat([pending, batch.frame])
            ready, pending = rec.held_back(rec.classify(frame, layout, state))
            consume(ready, batch.invalid_utf8)
        if pending is not None:
            consume(rec.classify(pending, layout, state), invalid_utf8=True)
    table = _table(source, parser.rows, layout)
    if parsed is None and wanted is not None:
        table = table.filter(pl.col("kind").is_in(sorted(wanted)))
    return table, _summary(source, info, line_counts, counts, parser.rows, table, wanted)


def _read_common_case(
    source: Source, layout: str, needles: list[str] | None, wanted: frozenset[str] | None
) -> tuple[_Parser, int, rec.RecordCounts] | None:
    """A plain file of one-line records, read by the fast path; None when it is not one."""
    header = fastpath.likely_header(source.path, layout) if source.path is not None else None
    if source.path is None or header is None:
        return None
    fast = fastpath.FastCounts(header)
    parser = _Parser(wanted, layout)

    def parse(batch: pl.DataFrame) -> None:
        if header == "text":  # learnt before bulk lines leave
            parser.learn_shape(batch["line"].head(2000).to_list())
        bulk, batch = bulk_records.split(batch, wanted, header)
        if bulk.height:
            parser.rows.frames.append(bulk)
        numbers, texts = batch["n"].to_list(), batch["line"].to_list()
        parser.parse(rec.Records(numbers, [header] * len(numbers), texts))

    # The scan yields many small batches; polars works best on fewer, larger ones.
    waiting: list[pl.DataFrame] = []
    try:
        for batch in fastpath.scan(source.path, layout, needles, fast):
            waiting.append(batch)
            if sum(b.height for b in waiting) >= FLUSH_ROWS:
                parse(pl.concat(waiting))
                waiting.clear()
    except fastpath.NotCommon:
        return None
    if waiting:
        parse(pl.concat(waiting))
    counts = rec.RecordCounts()
    counts.headers = {header: fast.record_count} if fast.record_count else {}
    counts.blank_lines = fast.blank_lines
    return parser, fast.lines, counts


def _table(source: Source, rows: _Rows, layout: str) -> pl.DataFrame:
    rows.flush()
    frame = (
        pl.concat(rows.frames).sort("line") if rows.frames else pl.DataFrame(schema=_ROW_SCHEMA)
    ).with_columns(time=_parse_time(pl.col("ts")), source=pl.lit(source.name))
    rows.frames.clear()
    frame = frame.with_columns(pl.col("layout").replace(_text_layout_names(frame, layout)))
    bad_time = frame.filter(pl.col("time").is_null())
    for line in bad_time["line"].to_list():
        rows.fail(line, "unreadable timestamp")
    return frame.filter(pl.col("time").is_not_null()).select(list(EVENT_SCHEMA))


def _text_layout_names(frame: pl.DataFrame, layout: str) -> dict[str, str]:
    """One name for every text record of an input: Compact prints records outside any span
    exactly as Full does, so one Compact record makes them all Compact (or as forced)."""
    if layout in TEXT_LAYOUTS:
        return {"full": layout, "compact": layout}
    if frame.height and (frame["layout"] == "compact").any():
        return {"full": "compact"}
    return {}


def _parse_time(ts: pl.Expr) -> pl.Expr:
    """RFC 3339 with `Z` (the default timer) or an offset, converted to UTC; naive means UTC."""
    text = ts.str.replace(r"^(\d{4}-\d\d-\d\d) ", "${1}T").str.replace(",", ".", literal=True)
    zoned = text.str.to_datetime(
        "%Y-%m-%dT%H:%M:%S%.f%#z", time_unit="us", time_zone="UTC", strict=False
    )
    naive = text.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", time_unit="us", strict=False)
    return pl.coalesce(zoned, naive.dt.replace_time_zone("UTC"))


def _summary(
    source: Source,
    info: ReadInfo,
    line_counts: LineCounts,
    counts: rec.RecordCounts,
    rows: _Rows,
    table: pl.DataFrame,
    wanted: frozenset[str] | None,
) -> InputSummary:
    times = table["time"]
    out_of_order = int((times.diff().dt.total_microseconds() < 0).sum()) if len(times) else 0
    examples = sorted(
        [*counts.examples, *rows.unparsed]
        + [LineNote(n, "line longer than 64 MiB") for n in line_counts.oversized],
        key=lambda note: note.line,
    )[:MAX_EXAMPLES]
    layouts = set(table["layout"].unique().to_list()) or set(counts.headers)
    return InputSummary(
        source=source.name,
        layouts=tuple(sorted(layouts)),
        ansi=counts.ansi,
        compression=info.compression,
        stream=source.stream,
        lines=line_counts.lines,
        records=sum(counts.headers.values()),
        events=table.height,
        multiline_records=counts.multiline_records,
        continuation_lines=counts.continuation_lines,
        blank_lines=counts.blank_lines,
        not_log_lines=counts.not_log_lines,
        unparsed_records=rows.unparsed_count,
        invalid_utf8_lines=counts.invalid_utf8_lines,
        oversized_lines=len(line_counts.oversized),
        examples=tuple(examples),
        out_of_order=out_of_order,
        duplicates=0,
        first_time=times.min() if len(times) else None,  # type: ignore[arg-type]
        last_time=times.max() if len(times) else None,  # type: ignore[arg-type]
        kinds_read=tuple(sorted(wanted)) if wanted is not None else None,
    )


def _check_found_records(sources: list[Source], summaries: list[InputSummary]) -> None:
    for source, summary in zip(sources, summaries, strict=True):
        if source.explicit and summary.records == 0:
            raise InputError(_no_records(source.name, summary))
    by_origin: dict[str, list[InputSummary]] = {}
    for source, summary in zip(sources, summaries, strict=True):
        if not source.explicit:
            by_origin.setdefault(source.origin, []).append(summary)
    for origin, found in by_origin.items():
        if all(s.records == 0 for s in found):
            raise InputError(f"{origin}: no log records in any of its {len(found)} log files")


def _no_records(name: str, summary: InputSummary) -> str:
    if summary.lines == 0:
        return f"{name}: the file is empty (no log records)"
    first = summary.examples[0].line if summary.examples else 1
    return (
        f"{name}: no log records in {summary.lines} lines "
        f"(line {first} is not a JSON, Full, Compact or Pretty tracing record)"
    )


def _check_strict(summaries: list[InputSummary]) -> None:
    for summary in summaries:
        if summary.unparsed_lines:
            note = summary.examples[0]
            raise InputError(
                f"{summary.source}:{note.line}: {note.reason} "
                f"({summary.unparsed_lines} such lines; --strict allows none)"
            )


def _merge(tables: list[pl.DataFrame]) -> tuple[pl.DataFrame, dict[str, int]]:
    """All inputs' events in time order, each event kept once (file order breaks ties)."""
    if not tables:
        return pl.DataFrame(schema=EVENT_SCHEMA), {}
    events = pl.concat(tables)
    duplicates: dict[str, int] = {}
    if len(tables) > 1:
        before = events.group_by("source").len()
        occurrence = pl.int_range(pl.len()).over(["source", *_KEY])
        events = (
            events.with_columns(occurrence.alias("_occurrence"))
            .unique(subset=[*_KEY, "_occurrence"], keep="first", maintain_order=True)
            .drop("_occurrence")
        )
        after = dict(events.group_by("source").len().iter_rows())
        duplicates = {s: n - after.get(s, 0) for s, n in before.iter_rows() if n != after.get(s)}
    return events.sort("time", maintain_order=True), duplicates


def _with_duplicates(summary: InputSummary, duplicates: int) -> InputSummary:
    return replace(summary, duplicates=duplicates) if duplicates else summary
