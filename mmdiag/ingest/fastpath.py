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

import mmap
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from mmdiag.ingest.lines import INFLATED_STARTS, MAX_LINE_BYTES
from mmdiag.ingest.sources import compression_of
from mmdiag.model import TimeRange
from mmdiag.parallel import read_ahead

SAMPLE_BYTES = 64 << 10
ENABLED = True
"""Off only in tests that compare the fast path with the general one."""
# The bot's own Full/Compact header, exactly (the default timer: UTC, fractional seconds, Z).
# Narrower than the general reader's: a line it misses sends the file to the general reader.
TEXT_HEADER = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z +(?:TRACE|DEBUG|INFO|WARN|ERROR) "


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
    if compression_of(head) is not None or b"\x1b" in head:
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


SCAN_BYTES = 8 << 20
"""The file is read this many bytes at a time (cut at a newline): memory holds one piece."""


def scan(
    path: Path,
    layout: str,
    needles: Sequence[str] | None,
    counts: FastCounts,
    marks: Sequence[pl.Expr] = (),
    piece_bytes: int = SCAN_BYTES,
) -> Iterator[pl.DataFrame]:
    """Batches of (`n`, `line`): the records holding a wanted needle (every record when no
    needle is given), streamed. Raises NotCommon as soon as a line shows the file is not in the
    common case; `counts` holds the line counts once the batches are exhausted.

    The file is memory-mapped and cut into pieces at newlines; polars splits and filters each
    piece in native code, in a thread of its own, a piece or two ahead of the caller (polars
    releases the GIL: the caller's Python work and the scan share the machine's cores)."""
    return read_ahead(_common_or_not(_scanned(path, needles, counts, marks, piece_bytes)))


def _common_or_not(batches: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """The batches; a line polars cannot take as the common case ends them with NotCommon."""
    try:
        yield from batches
    except pl.exceptions.PolarsError:
        raise NotCommon from None


def _scanned(
    path: Path,
    needles: Sequence[str] | None,
    counts: FastCounts,
    marks: Sequence[pl.Expr],
    piece_bytes: int,
) -> Iterator[pl.DataFrame]:
    line = pl.col("line").fill_null("")
    if counts.header == "json":
        is_record = line.str.starts_with('{"')
    else:
        is_record = line.str.contains(TEXT_HEADER)
    wanted = any_of(line, needles) if needles is not None else pl.lit(True)
    first = 1
    for piece in _pieces(path, piece_bytes):
        frame = _lines(piece, first)
        first += frame.height
        odd = ~is_record
        # Checks that a piece's bytes rule out are not run on its lines.
        if not piece.isascii() or b"\x1b" in piece or b"\r" in piece:
            odd = odd | line.str.contains(_ODD_PATTERN)
        if len(piece) > MAX_LINE_BYTES:
            odd = odd | (line.str.len_bytes() > MAX_LINE_BYTES)
        batch = (
            frame.lazy()
            .with_columns(odd=odd, wanted=wanted)
            .filter(pl.col("odd") | pl.col("wanted"))
            .select("n", "line", "odd")
            .with_columns(marks)  # on the wanted lines only
            .collect()
        )
        odd_rows = batch.filter(pl.col("odd"))
        if odd_rows.height:
            blank = odd_rows.filter(pl.col("line").fill_null("").str.strip_chars() == "")
            if blank.height != odd_rows.height or counts.header != "json":
                raise NotCommon  # not every line is a record (or blank between JSON ones)
            counts.blank_lines += blank.height
        yield batch.filter(~pl.col("odd")).drop("odd")
    counts.lines = first - 1


_ODD_PATTERN = "[\ufffd\x1b\r]"


def _pieces(path: Path, piece_bytes: int) -> Iterator[bytes]:
    """The file's bytes, a piece at a time, each ending at a newline (the last maybe not)."""
    with path.open("rb") as raw:
        size = os.fstat(raw.fileno()).st_size
        if size == 0:
            return
        with mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            start = 0
            while start < size:
                stop = min(start + piece_bytes, size)
                if stop < size:
                    newline = mapped.find(b"\n", stop)
                    stop = size if newline < 0 else newline + 1
                yield mapped[start:stop]
                if hasattr(mmap, "MADV_DONTNEED"):  # the pages read stay cached, not held
                    mapped.madvise(mmap.MADV_DONTNEED, start - start % mmap.PAGESIZE, stop - start)
                start = stop


def _lines(piece: bytes, first: int) -> pl.DataFrame:
    if piece.startswith(INFLATED_STARTS):
        raise NotCommon  # polars would inflate it: the general reader splits such a piece
    frame = pl.read_csv(
        piece,
        has_header=False,
        separator="\x00",
        quote_char=None,
        new_columns=["line"],
        schema={"line": pl.String},
        encoding="utf8-lossy",
        truncate_ragged_lines=False,  # a NUL byte splits a line: an error, not a lost tail
    )
    expected = piece.count(b"\n") + (0 if piece.endswith(b"\n") else 1)
    if frame.height != expected:
        raise NotCommon  # a line the reader cannot take as one field: the general way
    return frame.with_row_index("n", offset=first).with_columns(pl.col("n").cast(pl.Int64))
