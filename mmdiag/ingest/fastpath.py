"""The common case, fast: an uncompressed file whose every line is one complete record.

The bot's `--log-file` output is JSON, one object a line; its stdout without colours is the Full
or Compact layout, one record a line unless a message holds a newline. For such a file a single
streaming polars query over the memory-mapped file returns only the lines worth a look: those
holding a wanted kind's needle, and any line that is not a plain record (blank, a banner, a
continuation, an escape, a replaced byte). If that second set holds anything but blank lines of
a JSON file, the file is not in the common case and the caller reads it the general way; the
answer is the same either way, only the time differs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from mmdiag.ingest.lines import MAX_LINE_BYTES
from mmdiag.model import TimeRange

SAMPLE_BYTES = 64 << 10
ENABLED = True
"""Off only in tests that compare the fast path with the general one."""
# The bot's own Full/Compact header, exactly (the default timer: UTC, fractional seconds, Z).
# Narrower than the general reader's: a line it misses sends the file to the general reader.
TEXT_HEADER = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z +(?:TRACE|DEBUG|INFO|WARN|ERROR) "
_ODD_CHARACTERS = ["\ufffd", "\x1b", "\r"]
_COMPRESSED_MAGIC = (b"\x1f\x8b", b"\x28\xb5\x2f\xfd", b"BZh", b"\xfd7zXZ")


class NotCommon(Exception):
    """The file turned out not to be in the common case: read it the general way."""


@dataclass
class FastCounts:
    header: str
    """`json` or `text`: every non-blank line is a record of this kind."""
    lines: int = 0
    blank_lines: int = 0

    @property
    def record_count(self) -> int:
        return self.lines - self.blank_lines


def likely_header(path: Path, layout: str) -> str | None:
    """From the file's first bytes: `json` or `text` if it may be in the common case."""
    if not ENABLED or not _polars_can_open(path):
        return None
    try:
        with path.open("rb") as raw:
            head = raw.read(SAMPLE_BYTES)
    except OSError:
        return None  # the general reader reports the error
    if any(head.startswith(magic) for magic in _COMPRESSED_MAGIC) or b"\x1b" in head:
        return None
    first = next((line for line in head.split(b"\n") if line.strip()), b"")
    if first.startswith(b'{"') and layout in ("auto", "json"):
        return "json"
    if layout in ("auto", "full", "compact") and first[:4].isdigit():
        return "text"
    return None


def any_of(text: pl.Expr, needles: Sequence[str]) -> pl.Expr:
    """Whether the text holds one of the literal needles. One regex alternation: polars runs it
    two to three times faster than `contains_any` over the bot's few dozen needles."""
    escaped = ["".join("\\" + c if c in _REGEX_SPECIAL else c for c in n) for n in needles]
    return text.str.contains("|".join(escaped)) if escaped else pl.lit(False)


_REGEX_SPECIAL = frozenset(r"\.+*?()|[]{}^$#&-~")


def may_be_within(header: str, window: TimeRange) -> pl.Expr:
    """Lines whose timestamp, to the second, is not outside the window: a cheap cut before
    parsing (the events are filtered exactly after). A line whose start is not the bot's
    default timestamp (UTC, `Z`) is kept."""
    line = pl.col("line")
    if header == "json":
        stamped = line.str.starts_with('{"timestamp":"')
        seconds = line.str.slice(14, 19)
    else:
        stamped = pl.lit(True)
        seconds = line.str.slice(0, 19)
    keep = pl.lit(True)
    if window.since is not None:
        keep = keep & (seconds >= window.since.strftime("%Y-%m-%dT%H:%M:%S"))
    if window.until is not None:
        keep = keep & (seconds <= window.until.strftime("%Y-%m-%dT%H:%M:%S"))
    return ~stamped | keep


def mean_line_bytes(path: Path) -> int:
    """Bytes per line in the file's first bytes: turns line numbers into progress."""
    try:
        with path.open("rb") as raw:
            head = raw.read(SAMPLE_BYTES)
    except OSError:
        return 200
    return max(1, len(head) // max(1, head.count(b"\n")))


def _polars_can_open(path: Path) -> bool:
    """polars takes a path as UTF-8 text: a name holding other bytes goes the general way."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scan(
    path: Path,
    layout: str,
    needles: Sequence[str] | None,
    counts: FastCounts,
    marks: Sequence[pl.Expr] = (),
) -> Iterator[pl.DataFrame]:
    """Batches of (`n`, `line`): the records holding a wanted needle (every record when no
    needle is given), streamed. Raises NotCommon as soon as a line shows the file is not in the
    common case; `counts` holds the line counts once the batches are exhausted."""
    frame = pl.scan_csv(
        path,
        has_header=False,
        separator="\x00",
        quote_char=None,
        new_columns=["line"],
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=False,  # a NUL byte splits a line: an error, not a lost tail
        glob=False,  # the file named, even when its name holds `*`, `?` or `[`
    ).with_row_index("n", offset=1)
    line = pl.col("line").fill_null("")
    if counts.header == "json":
        is_record = line.str.starts_with('{"')
    else:
        is_record = line.str.contains(TEXT_HEADER)
    wanted = any_of(line, needles) if needles is not None else pl.lit(True)
    odd = (
        ~is_record
        | line.str.contains_any(_ODD_CHARACTERS)
        | (line.str.len_bytes() > MAX_LINE_BYTES)
    )
    query = (
        frame.with_columns(odd=odd, wanted=wanted)
        .filter(pl.col("odd") | pl.col("wanted"))
        .select(pl.col("n").cast(pl.Int64), "line", "odd")
        .with_columns(marks)  # on the wanted lines only, in the streaming engine's threads
    )
    try:
        for batch in query.collect_batches():
            odd_rows = batch.filter(pl.col("odd"))
            if odd_rows.height:
                blank = odd_rows.filter(pl.col("line").fill_null("").str.strip_chars() == "")
                if blank.height != odd_rows.height or counts.header != "json":
                    raise NotCommon  # not every line is a record (or blank between JSON ones)
                counts.blank_lines += blank.height
            yield batch.filter(~pl.col("odd")).drop("odd")
        counts.lines = int(frame.select(pl.len()).collect(engine="streaming").item())
    except pl.exceptions.PolarsError:
        raise NotCommon from None
