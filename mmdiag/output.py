"""Where a command writes: stdout, or a file named with `--output`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from mmdiag.errors import InputError, UsageError


@contextmanager
def open_output(path: Path | None, binary: bool = False) -> Iterator[IO[Any]]:
    """A writable stream; a folder or unwritable path is a one-line error."""
    if path is None:
        if binary and sys.stdout.isatty():
            raise UsageError("this format is binary: write it to a file with --output FILE")
        yield sys.stdout.buffer if binary else sys.stdout
        return
    if path.is_dir():
        raise UsageError(f"--output {path} is a folder: give a file name")
    try:
        handle = open(path, "wb" if binary else "w", encoding=None if binary else "utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    with handle:
        yield handle
