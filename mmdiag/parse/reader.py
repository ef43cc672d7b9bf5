"""Paths -> one time-ordered event table, with an account of every line read.

Per input: byte chunks -> line batches -> vectorised classification and needle prefilter ->
Python parsing of the selected records only -> typed kinds. Inputs are then merged by time;
an event present in two inputs (a WARN in both the operational and errors streams of a
multi-stream folder) is kept once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import polars as pl

from mmdiag import catalog
from mmdiag.errors import InputError, UsageError
from mmdiag.ingest import fastpath
from mmdiag.ingest.lines import LineCounts, line_batch, line_batches
from mmdiag.ingest.sources import ReadInfo, Source, expand_paths, read_chunks
from mmdiag.model import EVENT_SCHEMA, MAX_EXAMPLES, EventLog, InputSummary, LineNote, TimeRange
from mmdiag.parse import bulk as bulk_records
from mmdiag.parse import records as rec
from mmdiag.parse.json_layout import parse_json
from mmdiag.parse.pretty_layout import parse_pretty
from mmdiag.parse.record import ParsedRecord, Unparsed
from mmdiag.parse.text_layout import TEXT_LAYOUTS, TextShape, detect_shape, parse_text
from mmdiag.parse.thin import marks as thin_marks
from mmdiag.parse.thin import thin_lines

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
    streams = source_streams(paths, kinds, layout, strict)
    tables: list[pl.DataFrame] = []
    for stream in streams:
        parts = list(stream.tables())
        tables.append(pl.concat(parts) if parts else pl.DataFrame(schema=EVENT_SCHEMA))
    events, duplicates = merge_tables(tables)
    return EventLog(events=events, inputs=tuple(read_summaries(streams, strict, duplicates)))


def read_summaries(
    streams: Sequence[SourceStream], strict: bool, duplicates: Mapping[str, int]
) -> list[InputSummary]:
    """How each input was read, once read: an input named on the command line must hold a
    record, `--strict` allows no unparsed line, duplicates found by the merge are counted."""
    found = [stream.summary() for stream in streams]
    _check_found_records([s.source for s in streams], found)
    if strict:
        _check_strict(found)
    return [_with_duplicates(s, duplicates.get(s.source, 0)) for s in found]


def source_streams(
    paths: Sequence[str],
    kinds: Sequence[str] | None = None,
    layout: str = "auto",
    strict: bool = False,
    thin: bool = False,
    window: TimeRange | None = None,
    chunk_rows: int | None = None,
) -> list[SourceStream]:
    """One stream of event tables per input file, not read yet."""
    wanted = _check_kinds(kinds)
    if layout not in rec.LAYOUT_CHOICES:
        raise UsageError(f"unknown layout {layout!r}: choose from {', '.join(rec.LAYOUT_CHOICES)}")
    sources = expand_paths(list(paths))
    return [
        SourceStream(source, wanted, layout, strict, thin and not strict, window, chunk_rows)
        for source in sources
    ]


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


@dataclass
class _Seen:
    """What the event tables of one input showed, as they went by."""

    events: int = 0
    first_time: datetime | None = None
    last_time: datetime | None = None
    out_of_order: int = 0
    layouts: set[str] = field(default_factory=set)
    compact: bool = False

    def add(self, table: pl.DataFrame) -> None:
        if table.is_empty():
            return
        times = table["time"]
        self.events += table.height
        if self.last_time is not None and times[0] < self.last_time:  # across two tables
            self.out_of_order += 1
        self.out_of_order += int((times.diff().dt.total_microseconds() < 0).sum())
        low, high = times.min(), times.max()
        assert isinstance(low, datetime) and isinstance(high, datetime)
        self.first_time = low if self.first_time is None else min(self.first_time, low)
        self.last_time = high if self.last_time is None else max(self.last_time, high)
        self.layouts.update(table["layout"].unique().to_list())


class SourceStream:
    """One input's events, as a stream of tables in file order, and how it was read.

    `tables()` reads the input once; `summary()` tells how, after. With `thin`, runs of quiet
    lines (plans quoting both sides) are cut to their ends before parsing (parse/thin.py):
    the kept lines carry, in a `lines` column, how many they stand for."""

    def __init__(
        self,
        source: Source,
        wanted: frozenset[str] | None,
        layout: str,
        strict: bool,
        thin: bool = False,
        window: TimeRange | None = None,
        chunk_rows: int | None = None,
    ) -> None:
        self.source = source
        self.window = window if window is not None and not window.open else None
        self.chunk_rows = chunk_rows or FLUSH_ROWS
        self.wanted = wanted
        self.layout = layout
        self.thin = thin
        # `strict` parses every record, so that a bad one is found whatever kinds are wanted.
        self.parsed = None if strict else wanted
        self.info, self.line_counts = ReadInfo(), LineCounts()
        self.counts = rec.RecordCounts()
        self.parser = _Parser(self.parsed, layout)
        self.seen = _Seen()
        self.thinned = 0
        self.stand_for: dict[int, int] = {}
        self.progress: Callable[[int], None] | None = None
        """Called with the bytes (estimated) read so far, for a progress bar."""

    def tables(self) -> Iterator[pl.DataFrame]:
        """The input's event tables, each at most about `chunk_rows` events."""
        for table in self._tables():
            for start in range(0, table.height, self.chunk_rows):
                yield table.slice(start, self.chunk_rows)

    def _tables(self) -> Iterator[pl.DataFrame]:
        needles = _needles(self.parsed)
        done_through = 0
        header = (
            fastpath.likely_header(self.source.path, self.layout)
            if self.source.path is not None
            else None
        )
        if header is not None:
            try:
                for table in self._common_case(header, needles):
                    done_through = int(table["line"].max() or done_through)  # type: ignore[arg-type]
                    self.seen.add(table)
                    yield table
                return
            except fastpath.NotCommon:
                self._restart()
        for table in self._general(needles):
            if done_through:
                table = table.filter(pl.col("line") > done_through)
            if table.height:
                self.seen.add(table)
                yield table

    def _restart(self) -> None:
        """The fast path found a line it cannot take: read it all the general way. Tables
        already given out end where the general reading takes over."""
        self.line_counts, self.counts = LineCounts(), rec.RecordCounts()
        self.parser = _Parser(self.parsed, self.layout)
        self.thinned, self.stand_for = 0, {}

    def _common_case(self, header: str, needles: list[str] | None) -> Iterator[pl.DataFrame]:
        """A plain file of one-line records, read by the fast path (raises NotCommon)."""
        assert self.source.path is not None
        fast = fastpath.FastCounts(header)
        parser = self.parser
        waiting: list[pl.DataFrame] = []
        held: pl.DataFrame | None = None  # a batch is given out once the next one is checked
        line_bytes = fastpath.mean_line_bytes(self.source.path)

        def parse(batch: pl.DataFrame) -> pl.DataFrame | None:
            if header == "text":  # learnt before bulk lines leave
                parser.learn_shape(batch["line"].head(2000).to_list())
            if self.window is not None:
                batch = batch.filter(fastpath.may_be_within(header, self.window))
            if self.thin:
                batch = self._thin(batch, header)
            bulk, rest = bulk_records.split(batch, self.parsed, header)
            if bulk.height:
                parser.rows.frames.append(bulk)
            numbers, texts = rest["n"].to_list(), rest["line"].to_list()
            parser.parse(rec.Records(numbers, [header] * len(numbers), texts))
            return self._flush()

        marks = thin_marks(header) if self.thin else []
        for batch in fastpath.scan(self.source.path, self.layout, needles, fast, marks):
            waiting.append(batch)
            if sum(b.height for b in waiting) < self.chunk_rows:
                continue
            table = parse(pl.concat(waiting))
            waiting.clear()
            if table is not None:
                if held is not None:
                    yield held
                held = table
            if self.progress is not None and batch.height:
                self.progress(int(batch["n"][-1]) * line_bytes)
        if waiting:
            table = parse(pl.concat(waiting))
            if held is not None:
                yield held
            held = table
        final = self._flush(final=True)
        for table in (held, final):
            if table is not None:
                yield table
        self.line_counts.lines = fast.lines
        self.counts.headers = {header: fast.record_count} if fast.record_count else {}
        self.counts.blank_lines = fast.blank_lines

    def _general(self, needles: list[str] | None) -> Iterator[pl.DataFrame]:
        pending: pl.DataFrame | None = None
        state = rec.RecordState()
        for batch in line_batches(read_chunks(self.source, self.info), self.line_counts):
            frame = batch.frame if pending is None else pl.concat([pending, batch.frame])
            ready, pending = rec.held_back(rec.classify(frame, self.layout, state))
            rec.count(ready, batch.invalid_utf8, self.counts)
            self.parser.parse(rec.select_records(ready, needles))
            table = self._flush()
            if table is not None:
                yield table
            if self.progress is not None:
                self.progress(self.info.bytes_read)
        if pending is not None:
            classified = rec.classify(pending, self.layout, state)
            rec.count(classified, True, self.counts)
            self.parser.parse(rec.select_records(classified, needles))
        table = self._flush(final=True)
        if table is not None:
            yield table

    def _thin(self, batch: pl.DataFrame, header: str) -> pl.DataFrame:
        kept, dropped, stand_for = thin_lines(batch, header)
        self.thinned += dropped
        self.stand_for.update(stand_for)
        return kept

    def _flush(self, final: bool = False) -> pl.DataFrame | None:
        """The events parsed so far, as a table, once there are enough of them (or at the end)."""
        rows = self.parser.rows
        if not final and len(rows.line) < self.chunk_rows and not rows.frames:
            return None
        table = _table(self.source, rows, self.layout, self.seen)
        if self.window is not None:
            table = self.window.apply(table)
        if self.wanted is not None and self.parsed is None:
            table = table.filter(pl.col("kind").is_in(sorted(self.wanted)))
        if self.thin:
            table = table.with_columns(
                lines=pl.col("line").replace_strict(
                    self.stand_for, default=1, return_dtype=pl.Int64
                )
            )
            self.stand_for = {}
        return table if table.height else None

    def summary(self) -> InputSummary:
        return _summary(
            self.source,
            self.info,
            self.line_counts,
            self.counts,
            self.parser.rows,
            self.seen,
            self.wanted,
            self.thinned,
        )


def _table(source: Source, rows: _Rows, layout: str, seen: _Seen) -> pl.DataFrame:
    rows.flush()
    frame = (
        pl.concat(rows.frames).sort("line") if rows.frames else pl.DataFrame(schema=_ROW_SCHEMA)
    ).with_columns(time=_parse_time(pl.col("ts")), source=pl.lit(source.name))
    rows.frames.clear()
    seen.compact = seen.compact or bool(frame.height and (frame["layout"] == "compact").any())
    frame = frame.with_columns(pl.col("layout").replace(_text_layout_names(seen.compact, layout)))
    bad_time = frame.filter(pl.col("time").is_null())
    for line in bad_time["line"].to_list():
        rows.fail(line, "unreadable timestamp")
    return frame.filter(pl.col("time").is_not_null()).select(list(EVENT_SCHEMA))


def _text_layout_names(compact: bool, layout: str) -> dict[str, str]:
    """One name for every text record of an input: Compact prints records outside any span
    exactly as Full does, so one Compact record makes them all Compact (or as forced)."""
    if layout in TEXT_LAYOUTS:
        return {"full": layout, "compact": layout}
    if compact:
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
    seen: _Seen,
    wanted: frozenset[str] | None,
    thinned: int = 0,
) -> InputSummary:
    examples = sorted(
        [*counts.examples, *rows.unparsed]
        + [LineNote(n, "line longer than 64 MiB") for n in line_counts.oversized],
        key=lambda note: note.line,
    )[:MAX_EXAMPLES]
    layouts = seen.layouts or set(counts.headers)
    return InputSummary(
        source=source.name,
        layouts=tuple(sorted(layouts)),
        ansi=counts.ansi,
        compression=info.compression,
        stream=source.stream,
        lines=line_counts.lines,
        records=sum(counts.headers.values()),
        events=seen.events + thinned,
        multiline_records=counts.multiline_records,
        continuation_lines=counts.continuation_lines,
        blank_lines=counts.blank_lines,
        not_log_lines=counts.not_log_lines,
        unparsed_records=rows.unparsed_count,
        invalid_utf8_lines=counts.invalid_utf8_lines,
        oversized_lines=len(line_counts.oversized),
        examples=tuple(examples),
        out_of_order=seen.out_of_order,
        duplicates=0,
        first_time=seen.first_time,
        last_time=seen.last_time,
        kinds_read=tuple(sorted(wanted)) if wanted is not None else None,
    )


def _check_found_records(sources: Sequence[Source], summaries: list[InputSummary]) -> None:
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


def merge_tables(tables: list[pl.DataFrame]) -> tuple[pl.DataFrame, dict[str, int]]:
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


class EventStream:
    """Every input's events as one stream of time-ordered tables, each event once (a WARN is
    in both the operational and the errors file of a multi-stream folder), without holding
    more than a table per input: inputs are merged as they are read. `summaries()` tells how
    each input was read, once the stream is exhausted."""

    def __init__(self, streams: Sequence[SourceStream], strict: bool = False) -> None:
        self.streams = list(streams)
        self.strict = strict
        self.duplicates: dict[str, int] = {}
        self._finished = False

    def __iter__(self) -> Iterator[pl.DataFrame]:
        if len(self.streams) == 1:
            for table in self.streams[0].tables():
                yield table.sort("time", maintain_order=True)
        else:
            yield from self._merged()
        self._finished = True

    def _merged(self) -> Iterator[pl.DataFrame]:
        readers = [stream.tables() for stream in self.streams]
        buffers: list[pl.DataFrame] = [pl.DataFrame()] * len(readers)
        done = [False] * len(readers)

        def pull(i: int) -> None:
            table = next(readers[i], None)
            if table is None:
                done[i] = True
            else:
                grown = pl.concat([buffers[i], table]) if buffers[i].height else table
                buffers[i] = grown.sort("time", maintain_order=True)

        while True:
            for i in range(len(readers)):
                while not done[i] and buffers[i].is_empty():
                    pull(i)
            if all(b.is_empty() for b in buffers):
                return
            # An input still being read may yet give events as late as its buffer's last
            # (an event at that very time may be in its next table): only what is earlier
            # than every such last time can go out, each event with its copies.
            bounds = [b["time"][-1] for i, b in enumerate(buffers) if not done[i]]
            horizon = min(bounds) if bounds else None
            out = []
            for i, buffer in enumerate(buffers):
                ready = buffer if horizon is None else buffer.filter(pl.col("time") < horizon)
                if ready.height:
                    out.append(ready)
                    buffers[i] = buffer.slice(ready.height)
            if not out:  # everything waits on the input(s) that set the horizon: read on
                for i, buffer in enumerate(buffers):
                    if not done[i] and buffer["time"][-1] == horizon:
                        pull(i)
                continue
            merged, duplicates = merge_tables(out)
            for source, count in duplicates.items():
                self.duplicates[source] = self.duplicates.get(source, 0) + count
            if merged.height:
                yield merged

    def summaries(self) -> list[InputSummary]:
        assert self._finished, "summaries come once the stream is read"
        return read_summaries(self.streams, self.strict, self.duplicates)


def stream_events(
    paths: Sequence[str],
    kinds: Sequence[str] | None = None,
    layout: str = "auto",
    strict: bool = False,
    thin: bool = False,
    window: TimeRange | None = None,
    chunk_rows: int | None = None,
) -> EventStream:
    """The events of every input, as a stream of tables in time order (see `EventStream`)."""
    streams = source_streams(paths, kinds, layout, strict, thin, window, chunk_rows)
    return EventStream(streams, strict)


class LiveReader:
    """Bytes of one growing input, fed as they arrive -> event tables, with every line
    accounted for as the batch reader does. A text record is held until the next one starts
    (it may go on over several lines); `flush` gives it out when the input goes quiet."""

    def __init__(self, name: str, wanted: frozenset[str] | None, layout: str = "auto") -> None:
        self.source = Source(name=name, path=None, origin=name)
        self.layout = layout
        self.needles = _needles(wanted)
        self.wanted = wanted
        self.parser = _Parser(wanted, layout)
        self.state = rec.RecordState()
        self.counts = rec.RecordCounts()
        self.seen = _Seen()
        self.line_counts = LineCounts()
        self.pending: pl.DataFrame | None = None

    def feed(self, data: bytes, first_line: int) -> pl.DataFrame:
        """The events of whole lines `data` (numbered from `first_line`), up to the last
        record, which may go on in the next bytes."""
        if not data:
            return self._events()
        batch = line_batch(data, first_line)
        self.line_counts.lines += batch.frame.height
        frame = batch.frame if self.pending is None else pl.concat([self.pending, batch.frame])
        ready, self.pending = rec.held_back(rec.classify(frame, self.layout, self.state))
        rec.count(ready, batch.invalid_utf8, self.counts)
        self.parser.parse(rec.select_records(ready, self.needles))
        return self._events()

    def flush(self) -> pl.DataFrame:
        """Give out the record held back: no more lines came for a while."""
        if self.pending is not None:
            classified = rec.classify(self.pending, self.layout, self.state)
            self.pending = None
            rec.count(classified, False, self.counts)
            self.parser.parse(rec.select_records(classified, self.needles))
        return self._events()

    def restart(self) -> None:
        """The input started over (truncated, rotated): line numbers restart, records too."""
        self.flush()
        self.state = rec.RecordState()

    def _events(self) -> pl.DataFrame:
        table = _table(self.source, self.parser.rows, self.layout, self.seen)
        if self.wanted is not None:
            table = table.filter(pl.col("kind").is_in(sorted(self.wanted)))
        self.seen.add(table)
        return table

    def summary(self) -> InputSummary:
        return _summary(
            self.source,
            ReadInfo(),
            self.line_counts,
            self.counts,
            self.parser.rows,
            self.seen,
            self.wanted,
        )
