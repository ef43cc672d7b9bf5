"""Where a command writes: stdout, or a file named with `--output`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from mmdiag.errors import InputError, UsageError


@contextmanager
def open_output(
    path: Path | None,
    binary: bool = False,
    inputs: Sequence[str] = (),
    option: str = "--output",
) -> Iterator[IO[Any]]:
    """A writable stream; a folder, an unwritable path, one of `inputs` (the paths the command
    reads, folders included) or a failed write is a one-line error."""
    if path is None:
        if binary and sys.stdout.isatty():
            raise UsageError("this format is binary: write it to a file with --output FILE")
        stream = sys.stdout.buffer if binary else sys.stdout
        try:
            yield stream
            stream.flush()  # here, not at exit, so that a full disk is reported
        except BrokenPipeError:
            raise  # the reader went away: the CLI exits quietly
        except OSError as exc:
            raise InputError(f"cannot write standard output: {_reason(exc)}") from None
        return
    check_output(path, inputs, option)
    try:
        handle = open(path, "wb" if binary else "w", encoding=None if binary else "utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        with handle:
            yield handle
    except OSError as exc:
        raise InputError(f"cannot write {path}: {_reason(exc)}") from None


def check_output(path: Path | None, inputs: Sequence[str], option: str = "--output") -> None:
    """Refuse an output path that is a folder or one of the files the inputs stand for.

    Call it before reading the inputs, so that a mistake costs nothing; `open_output` calls it
    again before it truncates the file.
    """
    if path is None:
        return
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder: give a file name")
    if not inputs or not path.exists():
        return
    from mmdiag.ingest.sources import input_files

    for file in input_files(list(inputs)):
        try:
            same = os.path.samefile(path, file)
        except OSError:
            continue
        if same:
            raise UsageError(f"{option} {path} is one of the inputs")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
