"""Each log's result, kept by the hash of its files' content AND of the mmdiag that made it.

A result is reused only when the same bytes are analysed by the same mmdiag code (every file
of the package, the polars and Python versions) with the same settings: an upgrade of mmdiag,
or an edit of its code, is a new key, and every log is analysed again. Paths are not part of
the key (a rotated file renamed `bot.log.1` -> `bot.log.2` is the same content): a result
names its files by position, and they are named again when it is read.

Layout of the folder (`--cache`, default `$XDG_CACHE_HOME/mmdiag` or `~/.cache/mmdiag`):

    fleet-v1/results/ab/abcdef....json   one log's rows, by key
    fleet-v1/files.json                  path -> size, mtime, inode, sha256: a file unchanged
                                         since it was hashed is not read again
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from mmdiag import __version__
from mmdiag.config import Settings

FORMAT = "fleet-v1"
_RACY_NS = 2_000_000_000
"""A file modified this close to when it was hashed may change again within the same mtime:
its hash is not trusted from the index (git's 'racily clean' files)."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mmdiag"


@cache
def code_fingerprint() -> str:
    """The hash of the mmdiag that runs: every file of the package, and what it runs on."""
    digest = hashlib.sha256()
    for part in (__version__, pl.__version__, platform.python_version(), sys.platform):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).resolve().parents[1]
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".pyc":
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


def settings_key(settings: Settings, layout: str, strict: bool) -> str:
    """What of the run the analysis depends on (not where the settings came from)."""
    values = dataclasses.asdict(settings)
    values.pop("source", None)
    values.update(layout=layout, strict=strict)
    return json.dumps(values, sort_keys=True)


def result_key(code: str, settings: str, digests: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT, code, settings, *digests):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class ResultCache:
    """Results by key, one JSON file each, written atomically (workers on several machines may
    share the folder)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder) / FORMAT

    def _path(self, key: str) -> Path:
        return self.folder / "results" / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            text = self._path(key).read_text(encoding="utf-8")
            found = json.loads(text)
        except (OSError, ValueError):
            return None  # absent, or unreadable: computed again and rewritten
        if not isinstance(found, dict) or found.get("key") != key:
            return None
        result = found.get("result")
        return result if isinstance(result, dict) else None

    def put(self, key: str, result: dict[str, Any]) -> None:
        path = self._path(key)
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            _write_atomic(path, json.dumps({"key": key, "result": result}))


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class FileIndex:
    """path -> (size, mtime_ns, inode, sha256, hashed_at_ns): the hashes of files unchanged
    since they were hashed, so that a rerun opens only new or changed files."""

    def __init__(self, folder: str | Path | None) -> None:
        self.path = Path(folder) / FORMAT / "files.json" if folder is not None else None
        self.entries: dict[str, list[Any]] = {}
        self.changed = False
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.entries = loaded

    def known(self, path: str) -> tuple[int, str] | None:
        """The file's size and hash, when it has not changed since it was hashed."""
        entry = self.entries.get(os.path.abspath(path))
        if not isinstance(entry, list) or len(entry) != 5:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        size, mtime, inode, digest, hashed_at = entry
        same = (size, mtime, inode) == (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if not same or stat.st_mtime_ns >= hashed_at - _RACY_NS:
            return None
        return stat.st_size, str(digest)

    def remember(self, path: str, size: int, mtime_ns: int, inode: int, digest: str) -> None:
        self.entries[os.path.abspath(path)] = [size, mtime_ns, inode, digest, time.time_ns()]
        self.changed = True

    def save(self) -> None:
        """Written back, without the files that are gone (renamed or deleted)."""
        if self.path is None or not self.changed:
            return
        self.entries = {path: e for path, e in self.entries.items() if os.path.exists(path)}
        with contextlib.suppress(OSError):
            _write_atomic(self.path, json.dumps(self.entries))


def substitute(value: Any, names: Sequence[tuple[str, str]]) -> Any:
    """Every string in `value` with each (old, new) pair replaced, longest old first."""
    pairs = sorted(names, key=lambda pair: -len(pair[0]))
    return _substitute(value, pairs)


def _substitute(value: Any, pairs: Sequence[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for old, new in pairs:
            if old in value:
                value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_substitute(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, pairs) for k, v in value.items()}
    return value


def iter_results(folder: str | Path) -> Iterator[Path]:
    yield from (Path(folder) / FORMAT / "results").rglob("*.json")
