"""Lines -> log records, vectorised in polars before any per-line Python work.

Each line gets a role: `header` (starts a record: a JSON object, or a timestamp and level),
`cont` (continues a text record: a message over several lines, Pretty's `at`/`in` lines and
the blank lines between its records), `blank`, or `notlog` (build output, banners, garbage).
Only the records whose first line holds a wanted kind's needle are assembled for parsing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from mmdiag import catalog
from mmdiag.ingest.fastpath import any_of
from mmdiag.model import MAX_EXAMPLES, LineNote

ANSI_ESCAPE = r"\x1b\[[0-9;?]*[ -/]*[@-~]"
_TEXT_HEADER = (
    r"^\s{0,8}\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"
    r"\s+(?:TRACE|DEBUG|INFO|WARN|ERROR)\s"
)
# A lone text record never swallows more than this many following lines.
MAX_RECORD_LINES = 10_000
# Lines a console capture holds that are never part of a record: cargo's output, a panic and
# its backtrace note, the bot's `eprintln!` banner, NUL padding left by a crash or a rotation.
NOT_LOG_OUTPUT = (
    r"^(?:\s{0,12}(?:Compiling|Checking|Finished|Running|Blocking|Updating|Locking|Downloading"
    r"|Downloaded|Fresh|Building) \S"
    r"|(?:warning|error)(?:\[\w+\])?: "
    r"|thread '[^']*' panicked at "
    r"|note: run with `RUST_BACKTRACE"
    r"|stack backtrace:"
    r"|Logging to file: "
    r"|[\x00\x{FFFD}]+$|[\x00\x{FFFD}]{8})"
)


def _one_line_message() -> str:
    """A record whose message is a one-line kind's (see `EventKind.one_line`), followed by its
    fields or the end of the line: such a record takes no continuation lines."""
    messages = "|".join(kind.pattern for kind in catalog.KINDS if kind.one_line)
    return rf"[: ](?:{messages})(?: [A-Za-z_][\w.]*=|, [A-Za-z_][\w.]*: |$)"


_ONE_LINE = _one_line_message()

LAYOUT_CHOICES = ("auto", "json", "full", "compact", "pretty")


@dataclass
class RecordCounts:
    """Running counts for one input; every line lands in exactly one of the roles."""

    headers: dict[str, int] = field(default_factory=dict)
    continuation_lines: int = 0
    multiline_records: int = 0
    blank_lines: int = 0
    not_log_lines: int = 0
    invalid_utf8_lines: int = 0
    ansi: bool = False
    examples: list[LineNote] = field(default_factory=list)


@dataclass
class RecordState:
    """What carries from one batch of lines to the next."""

    last_takes: str | None = None
    """Which lines the last record seen takes (see `classify`): records continue across lines."""


@dataclass(frozen=True)
class Records:
    """Assembled records to parse: line number, header layout (json/text/pretty), text."""

    lines: list[int]
    layouts: list[str]
    texts: list[str]


def classify(frame: pl.DataFrame, layout: str, state: RecordState) -> pl.DataFrame:
    """Add `text` (ANSI-free), `header` (json/text/pretty or null), `role`, `rid` columns."""
    text = pl.col("line").fill_null("")
    has_ansi = frame.select(text.str.contains("\x1b", literal=True).any()).item()
    if has_ansi:
        text = text.str.replace_all(ANSI_ESCAPE, "")
    # A JSON record opens with a key (`{"timestamp":...`): a text message line may start `{y}`.
    is_json = (
        pl.col("text").str.contains(r'^\s*\{\s*"') if layout in ("auto", "json") else pl.lit(False)
    )
    is_text = pl.col("text").str.contains(_TEXT_HEADER) if layout != "json" else pl.lit(False)
    header = (
        pl.when(is_json)
        .then(pl.lit("json"))
        .when(is_text & (pl.col("text").str.starts_with(" ") | pl.lit(layout == "pretty")))
        .then(pl.lit("pretty"))
        .when(is_text)
        .then(pl.lit("text"))
        .otherwise(pl.lit(None, pl.String))
    )
    # Which following lines a record takes: `all` (a text record that may hold newlines),
    # `indented` (a Pretty record of a one-line kind: its `at`/`in`/field lines), `none` (a
    # text record of a one-line kind), null (JSON).
    one_line = pl.col("text").str.contains(_ONE_LINE)
    takes = (
        pl.when(pl.col("header") == "text")
        .then(pl.when(one_line).then(pl.lit("none")).otherwise(pl.lit("all")))
        .when(pl.col("header") == "pretty")
        .then(pl.when(one_line).then(pl.lit("indented")).otherwise(pl.lit("all")))
        .otherwise(pl.lit(None, pl.String))
    )
    unindented = ~pl.col("text").str.contains(r"^\s")
    stray = pl.col("text").str.contains(NOT_LOG_OUTPUT) | (
        (pl.col("_takes") == "indented") & unindented & ~pl.col("_blank")
    )

    # Per record without a group-by (one group per record is slow): a running total minus its
    # value at the record's header line.
    def since_header(running: pl.Expr) -> pl.Expr:
        at_header = pl.when(pl.col("header").is_not_null()).then(running).forward_fill()
        return running - at_header.fill_null(0)

    within = since_header(pl.int_range(pl.len())) < MAX_RECORD_LINES
    classified = (
        frame.lazy()
        .with_columns(text.alias("text"))
        .with_columns(header.alias("header"))
        .with_columns(
            pl.col("header").is_not_null().cum_sum().alias("rid"),
            pl.when(pl.col("header").is_not_null())
            .then(takes)
            .otherwise(None)
            .forward_fill()
            .fill_null(pl.lit(state.last_takes, pl.String))
            .alias("_takes"),
            (pl.col("text").str.strip_chars() == "").alias("_blank"),
        )
        .with_columns(
            # Once a line that is not the record's shows up, the record is over.
            since_header(stray.cum_sum()).alias("_strays")
        )
        .with_columns(
            pl.when(pl.col("header").is_not_null())
            .then(pl.lit("header"))
            .when(pl.col("_takes").is_in(["all", "indented"]) & (pl.col("_strays") == 0) & within)
            .then(pl.lit("cont"))
            .when(pl.col("_blank"))
            .then(pl.lit("blank"))
            .otherwise(pl.lit("notlog"))
            .alias("role")
        )
        .drop("_strays")
        .collect()
    )
    last = classified.filter(pl.col("header").is_not_null())["_takes"]
    if last.len():
        state.last_takes = last[-1]
    classified = classified.drop("_takes")
    if has_ansi:
        classified = classified.with_columns(pl.lit(True).alias("_ansi"))
    return classified


def held_back(classified: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Split off the last text record, which may go on in the next batch."""
    headers = classified.select(pl.col("header").is_not_null().arg_true()).to_series()
    if headers.len() == 0:
        return classified, None
    start = headers[-1]
    if classified["header"][start] == "json" or classified.height - start > MAX_RECORD_LINES:
        return classified, None
    return classified.slice(0, start), classified.slice(start).select("n", "line")


def count(classified: pl.DataFrame, invalid_utf8: bool, counts: RecordCounts) -> None:
    """Add one classified batch's lines to the running counts."""
    role = pl.col("role")
    cont_text = (role == "cont") & ~pl.col("_blank")
    summary = classified.select(
        (role == "cont").sum().alias("cont"),
        (role == "blank").sum().alias("blank"),
        (role == "notlog").sum().alias("notlog"),
        pl.col("rid").filter(cont_text).n_unique().alias("multi"),
        pl.col("line").str.contains("\ufffd", literal=True).sum().alias("bad_utf8"),
    ).row(0, named=True)
    counts.continuation_lines += summary["cont"]
    counts.blank_lines += summary["blank"]
    counts.not_log_lines += summary["notlog"]
    counts.multiline_records += summary["multi"]
    if invalid_utf8:
        counts.invalid_utf8_lines += summary["bad_utf8"]
    counts.ansi = counts.ansi or "_ansi" in classified.columns
    for layout, number in classified.group_by("header").len().drop_nulls("header").iter_rows():
        counts.headers[layout] = counts.headers.get(layout, 0) + number
    if summary["notlog"] and len(counts.examples) < MAX_EXAMPLES:
        first = classified.filter(role == "notlog").head(MAX_EXAMPLES)["n"].to_list()
        counts.examples.extend(LineNote(int(n), "not a log record") for n in first)


def select_records(classified: pl.DataFrame, needles: Sequence[str] | None) -> Records:
    """The records to parse: all of them, or those whose first line holds one of `needles`."""
    headers = classified.filter(pl.col("role") == "header")
    if needles is not None:
        headers = headers.filter(any_of(pl.col("text"), needles))
    if headers.height == 0:
        return Records([], [], [])
    has_cont = classified.select(((pl.col("role") == "cont") & ~pl.col("_blank")).any()).item()
    if not has_cont:
        return Records(
            headers["n"].to_list(), headers["header"].to_list(), headers["text"].to_list()
        )
    wanted = headers["rid"]
    assembled = (
        classified.lazy()
        .filter(pl.col("rid").is_in(wanted.implode()) & pl.col("role").is_in(["header", "cont"]))
        .group_by("rid", maintain_order=True)
        .agg(
            pl.col("n").first(),
            pl.col("header").first(),
            # Blank lines after a record separate it from the next; they are not its text.
            pl.col("text").str.join("\n").str.replace(r"(?:\n\s*)+$", ""),
        )
        .collect()
    )
    return Records(
        assembled["n"].to_list(), assembled["header"].to_list(), assembled["text"].to_list()
    )
