"""Files that grow, as a stream of new whole lines: what `mmdiag watch` reads.

Real log files are rotated by rename (a new file takes the name), truncated in place
(copytruncate: the file shrinks, and a writer that kept its offset pads the start with NUL
bytes), deleted while open, created later than the watch starts, or written half a line at a
time. A `Followed` file polls its path and handles each: the rest of a renamed or deleted file
is read before the new one, a shrunk file is read again from its start, NUL padding is dropped,
and a partial last line waits for its newline. A folder is followed file by file (a
multi-stream folder gains a new file each day); `-` is standard input.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, Queue
from typing import BinaryIO

from mmdiag.errors import InputError
from mmdiag.ingest.sources import STDIN, compression_of, shown

READ_BYTES = 4 << 20
# What a session's start line holds, in every release: where `watch` begins by default.
START_NEEDLES = (b"Market maker started", b"Starting market maker")
_BACK_BLOCK = 1 << 20


@dataclass
class Chunk:
    """New whole lines of one input, numbered from `first_line`."""

    name: str
    first_line: int
    data: bytes
    restarted: bool = False
    """The input started over before these lines (truncated or replaced): numbering too."""


@dataclass
class Followed:
    """One file, followed by name."""

    path: Path
    from_start: bool = True
    handle: BinaryIO | None = None
    identity: tuple[int, int] | None = None
    position: int = 0
    carry: bytes = b""
    next_line: int = 1
    said: set[str] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return shown(str(self.path))

    def poll(self) -> list[Chunk]:
        """Whatever was written since the last poll, as whole lines."""
        chunks: list[Chunk] = []
        if self.handle is None and not self._open(chunks):
            return chunks
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            stat = None
        current = (stat.st_dev, stat.st_ino) if stat is not None else None
        if current != self.identity:
            # Renamed away or deleted: what is left in the old file comes first.
            chunks += self._read_to_end()
            self._close()
            if current is None:
                self._say("gone", f"{self.name} was removed: waiting for it to come back")
                return chunks
            self._say_again("gone")
            self.notices.append(f"{self.name} was replaced (rotated): reading the new file")
            self.from_start = True
            if self._open(chunks):
                chunks += self._read_to_end(restarted=True)
            return chunks
        assert stat is not None
        if stat.st_size < self.position:
            self.notices.append(f"{self.name} shrank (truncated): reading it again from its start")
            self._rewind()
            chunks += self._read_to_end(restarted=True)
            return chunks
        chunks += self._read_to_end()
        return chunks

    def _open(self, chunks: list[Chunk]) -> bool:
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            if "gone" not in self.said:  # a removed file was said to be waited for already
                self._say("missing", f"{self.name} does not exist yet: waiting for it")
            return False
        except OSError as exc:
            self._say("unreadable", f"cannot read {self.name}: {exc.strerror or exc}")
            return False
        self._say_again("missing")
        self._say_again("gone")
        kind = compression_of(handle.read(8))
        handle.seek(0)
        if kind is not None:
            handle.close()
            raise InputError(
                f"cannot follow {self.name}: it is {kind}-compressed, and a compressed log does "
                "not grow line by line (read it with mmdiag analyze)"
            )
        stat = os.fstat(handle.fileno())
        self.handle, self.identity = handle, (stat.st_dev, stat.st_ino)
        self.position, self.carry, self.next_line = 0, b"", 1
        if not self.from_start:
            self.position, self.next_line = session_start(handle, stat.st_size)
            handle.seek(self.position)
        self.from_start = True  # a file that comes back later is read whole
        return True

    def _rewind(self) -> None:
        assert self.handle is not None
        self.handle.seek(0)
        self.position, self.carry, self.next_line = 0, b"", 1

    def _close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        self.handle, self.identity = None, None

    def _read_to_end(self, restarted: bool = False) -> list[Chunk]:
        if self.handle is None:
            return []
        chunks = []
        while True:
            data = self.handle.read(READ_BYTES)
            if not data:
                break
            self.position += len(data)
            chunk = self._lines(data, restarted)
            restarted = False
            if chunk is not None:
                chunks.append(chunk)
        if restarted:  # started over, nothing new yet: the reader restarts all the same
            chunks.append(Chunk(self.name, self.next_line, b"", restarted=True))
        return chunks

    def _lines(self, data: bytes, restarted: bool) -> Chunk | None:
        data = self.carry + data
        cut = data.rfind(b"\n") + 1
        self.carry = data[cut:]
        whole = data[:cut]
        if not whole:
            return None
        if b"\x00" in whole:  # copytruncate's padding: the bytes a writer skipped
            padded = len(whole)
            whole = b"\n".join(line.lstrip(b"\x00") for line in whole.split(b"\n"))
            self.notices.append(
                f"{self.name}: skipped {padded - len(whole):,} NUL bytes "
                "(padding a copytruncate rotation leaves)"
            )
        chunk = Chunk(self.name, self.next_line, whole, restarted)
        self.next_line += whole.count(b"\n")
        return chunk

    def _say(self, key: str, text: str) -> None:
        if key not in self.said:
            self.said.add(key)
            self.notices.append(text)

    def _say_again(self, key: str) -> None:
        self.said.discard(key)

    def close(self) -> None:
        self._close()


def session_start(handle: BinaryIO, size: int) -> tuple[int, int]:
    """(byte offset, line number) of the last session start line in the file, read backwards;
    (0, 1) when it holds none: the whole file is the current session."""
    end = size
    found = -1
    while end > 0 and found < 0:
        start = max(0, end - _BACK_BLOCK)
        handle.seek(start)
        block = handle.read(end - start + 256)  # a needle may straddle two blocks
        hits = [block.rfind(needle) for needle in START_NEEDLES]
        best = max(hits)
        if best >= 0:
            line_start = block.rfind(b"\n", 0, best) + 1
            found = start + line_start
        end = start
    if found <= 0:
        return 0, 1
    handle.seek(0)
    lines = 0
    remaining = found
    while remaining > 0:
        block = handle.read(min(READ_BYTES, remaining))
        if not block:
            break
        lines += block.count(b"\n")
        remaining -= len(block)
    return found, lines + 1


class FollowedStdin:
    """Standard input, read by a thread so that the watch loop can poll it like a file."""

    name = STDIN

    def __init__(self) -> None:
        self.queue: Queue[bytes | None] = Queue()
        self.carry = b""
        self.next_line = 1
        self.ended = False
        self.notices: list[str] = []
        reader = threading.Thread(target=self._read, daemon=True)
        reader.start()

    def _read(self) -> None:
        stream = sys.stdin.buffer
        while True:
            data = stream.read1(READ_BYTES) if hasattr(stream, "read1") else stream.read(4096)
            if not data:
                self.queue.put(None)
                return
            self.queue.put(data)

    def poll(self) -> list[Chunk]:
        chunks = []
        for data in _drain(self.queue):
            if data is None:
                self.ended = True
                if self.carry:
                    data = b"\n"
                else:
                    continue
            data = self.carry + data
            cut = data.rfind(b"\n") + 1
            self.carry, whole = data[cut:], data[:cut]
            if whole:
                chunks.append(Chunk(self.name, self.next_line, whole))
                self.next_line += whole.count(b"\n")
        return chunks

    def close(self) -> None:
        return None


def _drain(queue: Queue[bytes | None]) -> Iterator[bytes | None]:
    while True:
        try:
            yield queue.get_nowait()
        except Empty:
            return


class FollowedFolder:
    """Every log file of a folder (a multi-stream log gains a file a day), each followed."""

    def __init__(self, folder: Path, from_start: bool) -> None:
        self.folder = folder
        self.from_start = from_start
        self.files: dict[Path, Followed] = {}
        self.notices: list[str] = []
        self.first = True

    def poll(self) -> list[Chunk]:
        for path in self._logs():
            if path not in self.files:
                # Files there at the start begin at their session's start; new ones, whole.
                begin = self.from_start or not self.first
                self.files[path] = Followed(path, from_start=begin)
                if not self.first:
                    self.notices.append(f"{shown(str(path))} appeared: following it too")
        self.first = False
        chunks = []
        for followed in self.files.values():
            chunks += followed.poll()
            self.notices += followed.notices
            followed.notices.clear()
        return chunks

    def _logs(self) -> list[Path]:
        try:
            return sorted(p for p in self.folder.iterdir() if ".log" in p.name and p.is_file())
        except OSError:
            return []

    def close(self) -> None:
        for followed in self.files.values():
            followed.close()
