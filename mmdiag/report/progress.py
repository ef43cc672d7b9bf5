"""A progress bar on stderr for large inputs: only for a person at a terminal.

Shown when stderr is a terminal, the inputs hold more than `MIN_BYTES`, and neither `--quiet`,
JSON output nor a CI run (`CI` set) asks for silence. It never writes to stdout.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)


class _Reading(Protocol):
    progress: Callable[[int], None] | None


class _Stream(Protocol):
    @property
    def streams(self) -> Sequence[_Reading]: ...


MIN_BYTES = 50 << 20


class ProgressBar:
    """Bytes read across every input of a stream; a no-op when not shown."""

    def __init__(self, total: int, shown: bool) -> None:
        self.total = total
        self.shown = shown
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._done: dict[int, int] = {}

    def __enter__(self) -> ProgressBar:
        if self.shown:
            console = Console(stderr=True)
            self._progress = Progress(
                TextColumn("reading"),
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("read", total=self.total)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def watch(self, stream: _Stream) -> None:
        if self._progress is None:
            return
        for number, source in enumerate(stream.streams):
            source.progress = self._reporter(number)

    def _reporter(self, number: int):  # type: ignore[no-untyped-def]
        def report(done: int) -> None:
            self._done[number] = done
            if self._progress is not None and self._task is not None:
                self._progress.update(
                    self._task, completed=min(sum(self._done.values()), self.total)
                )

        return report


def progress_bar(paths: Sequence[str], quiet: bool) -> ProgressBar:
    total = sum(_size(p) for p in paths)
    shown = not quiet and total > MIN_BYTES and sys.stderr.isatty() and not os.environ.get("CI")
    return ProgressBar(total, shown)


def _size(path: str) -> int:
    try:
        found = Path(path)
        if found.is_dir():
            return sum(f.stat().st_size for f in found.rglob("*") if f.is_file())
        return found.stat().st_size
    except OSError:
        return 0
