"""Where log bytes come from: files, folders of rotated logs, compressed files, standard input.

Everything here turns a path the user typed into `Source`s and a `Source` into decompressed
byte chunks. Problems a user can fix become `InputError`s naming the file.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import lzma
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from mmdiag.errors import InputError

CHUNK_BYTES = 32 << 20
STDIN = "-"

# `--multi-stream-logs` writes one file per stream and day: mm-operational.log.2026-01-02.
_STREAM_NAME = re.compile(r"^(?P<stream>mm-(?:operational|errors|diagnostic))\.log(?:\.|$)")
_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)


@dataclass(frozen=True)
class Source:
    """One input stream of log bytes."""

    name: str
    """How the user named it (a path, or `-` for standard input): used in every message."""
    path: Path | None
    stream: str | None = None
    """The multi-stream log it belongs to (`mm-operational`, `mm-errors`, ...), if any."""
    origin: str = ""
    """The path the user typed that led here (the folder, for a file found inside one)."""

    @property
    def explicit(self) -> bool:
        """Named on the command line, not found in a folder: holding no records is an error."""
        return self.origin == self.name


def expand_paths(paths: list[str]) -> list[Source]:
    """The sources behind the paths a user gave, in the order given (folders: every log file in
    them and their sub-folders, sorted by path)."""
    sources: list[Source] = []
    for raw, files in _inputs(paths):
        if files is None:
            sources.append(Source(name=STDIN, path=None, origin=STDIN))
        else:
            origin = shown(raw)
            sources += [Source(shown(str(p)), p, _stream_of(p.name), origin=origin) for p in files]
    return sources


def input_files(paths: list[str]) -> list[Path]:
    """Every file the paths stand for (not standard input)."""
    return [file for _, files in _inputs(paths) for file in files or ()]


def _inputs(paths: list[str]) -> list[tuple[str, list[Path] | None]]:
    """Each path the user gave with the files it stands for (None: standard input)."""
    if not paths:
        raise InputError("no input: give a log file, a folder of logs, or - for standard input")
    if paths.count(STDIN) > 1:
        raise InputError("standard input (-) can be read only once")
    found: list[tuple[str, list[Path] | None]] = []
    for raw in paths:
        path = Path(raw)
        if raw == STDIN:
            found.append((raw, None))
        elif path.is_dir():
            found.append((raw, _folder_logs(raw, path)))
        elif path.exists():
            found.append((raw, [path]))
        else:
            raise InputError(f"cannot read {shown(raw)}: no such file or folder")
    return found


def _folder_logs(raw: str, folder: Path) -> list[Path]:
    """The log files in a folder and its sub-folders (not hidden ones, not through links)."""
    logs: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(current.iterdir())
        except OSError as exc:
            raise InputError(f"cannot read folder {shown(str(current))}: {_reason(exc)}") from None
        logs += [p for p in entries if _looks_like_log_name(p.name) and p.is_file()]
        pending += [p for p in reversed(entries) if not p.name.startswith(".") and _is_real_dir(p)]
    if not logs:
        raise InputError(
            f"{shown(raw)}: no log files in this folder "
            "(looked for names containing .log, such as bot.log, bot.log.gz, "
            "mm-operational.log.2026-01-02)"
        )
    return sorted(logs)


def _is_real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def shown(name: str) -> str:
    """A file name as messages and tables show it: bytes that are not UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _looks_like_log_name(name: str) -> bool:
    return not name.startswith(".") and ".log" in name


def _stream_of(name: str) -> str | None:
    found = _STREAM_NAME.match(name)
    return found.group("stream") if found else None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.EACCES:
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return exc.strerror or str(exc)


@dataclass
class ReadInfo:
    """What reading a source found out about it, filled in while its chunks are read."""

    compression: str | None = None
    bytes_read: int = 0


def compression_of(head: bytes) -> str | None:
    """The compression a file's first bytes announce (gzip, zstd, bzip2, xz), or None."""
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def read_chunks(source: Source, info: ReadInfo, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The decompressed bytes of a source, in chunks of about `chunk_bytes`."""
    try:
        raw = _open_raw(source)
    except OSError as exc:
        raise InputError(f"cannot read {source.name}: {_reason(exc)}") from None
    try:
        head = _peek(raw, 6)
        info.compression = compression_of(head)
        yield from _decompressed(source, raw, info, chunk_bytes)
    except OSError as exc:
        raise InputError(f"cannot read {source.name}: {_reason(exc)}") from None
    finally:
        if source.path is not None:
            raw.close()


def _open_raw(source: Source) -> BinaryIO:
    if source.path is None:
        return sys.stdin.buffer
    return open(source.path, "rb")


def _peek(raw: BinaryIO, size: int) -> bytes:
    peek = getattr(raw, "peek", None)
    if peek is not None:
        return bytes(peek(size)[:size])
    head = raw.read(size)
    raw.seek(0)
    return head


def _decompressed(
    source: Source, raw: BinaryIO, info: ReadInfo, chunk_bytes: int
) -> Iterator[bytes]:
    if info.compression == "zstd":
        yield from _zstd_chunks(source, raw, info, chunk_bytes)
        return
    stream = _decompressing(info.compression, raw)
    while True:
        try:
            chunk = stream.read(chunk_bytes)
        except (EOFError, zlib.error, lzma.LZMAError) as exc:
            raise _compressed_error(source, raw, info, exc) from None
        except OSError as exc:
            if exc.errno is not None:  # a real I/O error, not bad data (BadGzipFile, bz2)
                raise
            raise _compressed_error(source, raw, info, exc) from None
        if not chunk:
            return
        info.bytes_read += len(chunk)
        yield chunk


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _decompressing(compression: str | None, raw: BinaryIO) -> _Readable:
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if compression == "bzip2":
        return bz2.BZ2File(raw, mode="rb")
    if compression == "xz":
        return lzma.LZMAFile(raw, mode="rb")
    return raw


def _compressed_error(
    source: Source, raw: BinaryIO, info: ReadInfo, exc: BaseException
) -> InputError:
    problem = (
        f"truncated {info.compression} stream"
        if isinstance(exc, EOFError)
        else f"corrupt {info.compression} data ({exc})"
    )
    return InputError(
        f"cannot read {source.name}: {problem} at byte {_position(raw)} of the compressed file"
    )


def _position(raw: BinaryIO) -> str:
    try:
        return str(raw.tell())
    except OSError:
        return "?"


def _zstd_chunks(
    source: Source, raw: BinaryIO, info: ReadInfo, chunk_bytes: int
) -> Iterator[bytes]:
    import zstandard

    decompressor = zstandard.ZstdDecompressor()
    frame = decompressor.decompressobj()
    pending = b""
    while True:
        data = raw.read(1 << 20)
        if not data:
            break
        try:
            out = frame.decompress(data)
            # A file may hold several frames (zstd files can be concatenated).
            while frame.eof and frame.unused_data:
                rest = frame.unused_data
                frame = decompressor.decompressobj()
                out += frame.decompress(rest)
        except zstandard.ZstdError as exc:
            raise InputError(
                f"cannot read {source.name}: corrupt zstd data ({exc}) "
                f"at byte {_position(raw)} of the compressed file"
            ) from None
        pending += out
        if len(pending) >= chunk_bytes:
            info.bytes_read += len(pending)
            yield pending
            pending = b""
    if not frame.eof:
        raise InputError(
            f"cannot read {source.name}: truncated zstd stream "
            f"at byte {_position(raw)} of the compressed file"
        )
    if pending:
        info.bytes_read += len(pending)
        yield pending


def log_groups(paths: list[str]) -> list[tuple[str, list[str]]]:
    """The separate logs behind the paths, for checking each on its own.

    A file (or `-`) named on the command line is one log. In a folder (sub-folders included,
    as `expand_paths` finds them), the files of one log are one group: the streams of a
    multi-stream log (`mm-operational.log.*`, `mm-errors.log.*`, ...) in one folder, and the
    rotated files of one log (`bot.log`, `bot.log.1`, `bot.log.2.gz`, `bot.log-20260102`,
    `bot.log.2026-01-02`). Groups are ordered by their first file.
    """
    groups: list[tuple[str, list[str]]] = []
    for raw, files in _inputs(paths):
        if files is None or not Path(raw).is_dir():
            groups.append((raw, [raw]))
            continue
        by_log: dict[tuple[Path, str], list[Path]] = {}
        for file in files:
            by_log.setdefault((file.parent, _log_name(file.name)), []).append(file)
        for (folder, name), members in by_log.items():
            label = folder if name == _STREAMS else folder / name
            groups.append((str(label), [str(p) for p in members]))
    return groups


_STREAMS = "mm-*.log"
_COMPRESSED_SUFFIX = re.compile(r"\.(?:gz|zst|zstd|bz2|xz)$")
# logrotate numbers (`.1`) or dates (`-20260102`); tracing-appender dates (`.2026-01-02-22`).
_ROTATION_SUFFIX = re.compile(r"(?:\.\d+|[.-]\d{4}-?\d\d-?\d\d(?:-\d\d){0,2}(?:\.\d+)?)$")


def _log_name(name: str) -> str:
    """The name of the log a file belongs to: the file's name without rotation suffixes."""
    if _stream_of(name):
        return _STREAMS
    base = _COMPRESSED_SUFFIX.sub("", name)
    return _ROTATION_SUFFIX.sub("", base) or name
