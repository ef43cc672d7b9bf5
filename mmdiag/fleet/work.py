"""One log's work, the same in a local worker process and on a Dask worker: hash its files,
take its result from the cache or analyse it, and answer with its rows. It never raises: a
file that cannot be read is a row with its error."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from mmdiag.analysis import analyze
from mmdiag.config import Settings
from mmdiag.errors import MmdiagError
from mmdiag.fleet import rows
from mmdiag.fleet.cache import (
    ResultCache,
    code_fingerprint,
    file_digest,
    result_key,
    settings_key,
    substitute,
)
from mmdiag.fleet.tree import Piece
from mmdiag.ingest.sources import shown


@dataclass(frozen=True)
class Task:
    piece: Piece
    settings: Settings = field(default_factory=Settings)
    layout: str = "auto"
    strict: bool = False
    cache: str | None = None
    """The cache folder (shared by every worker), or None."""
    known: tuple[tuple[int, str] | None, ...] = ()
    """Per file, its size and hash when the caller knows them (unchanged since hashed)."""


@dataclass(frozen=True)
class Stat:
    size: int
    mtime_ns: int
    inode: int


@dataclass(frozen=True)
class Outcome:
    """What a log's work gives: its rows, and how they were got."""

    piece: Piece
    logs: list[rows.Row]
    sessions: list[rows.Row]
    incidents: list[rows.Row]
    cached: bool = False
    hashed: tuple[tuple[Stat, str] | None, ...] = ()
    """Per file, its stat and hash when this work hashed it (for the caller's index)."""

    @property
    def errors(self) -> list[str]:
        return [str(r["error"]) for r in self.logs if r["error"]]


def cached(task: Task) -> Outcome | None:
    """The log's rows from the cache, when every file's hash is known and its result is
    there: nothing is read but the cache's entry."""
    if task.cache is None or not task.known or not all(task.known):
        return None
    digests = [known[1] for known in task.known if known is not None]
    settings = settings_key(task.settings, task.layout, task.strict)
    key = result_key(code_fingerprint(), settings, digests)
    found = ResultCache(task.cache).get(key)
    if found is None:
        return None
    named = substitute(found, list(zip(_tokens(task.piece), _shown(task.piece), strict=True)))
    return _outcome(task.piece, named, cached=True)


def died(task: Task, reason: str) -> Outcome:
    """The rows of a log whose worker died while it held it."""
    piece = task.piece
    files = ", ".join(_shown(piece))
    message = f"{files}: {reason} while analysing it; nothing kept, the next run tries again"
    return _failed(piece, [], [], message, [])


def run(task: Task) -> Outcome:
    """The log's rows; every error becomes a row's, never an exception."""
    piece = task.piece
    known = task.known or (None,) * len(piece.files)
    stats: list[Stat | None] = []
    digests: list[str | None] = []
    hashed: list[tuple[Stat, str] | None] = []
    for file, given in zip(piece.files, known, strict=True):
        stat, digest, error = _hash(piece.path(file), given)
        stats.append(stat)
        digests.append(digest)
        hashed.append((stat, digest) if given is None and stat and digest else None)
        if error:
            return _failed(piece, stats, digests, error, hashed)
    settings = settings_key(task.settings, task.layout, task.strict)
    key = result_key(code_fingerprint(), settings, [d or "" for d in digests])
    tokens = _tokens(piece)
    paths = [piece.path(f) for f in piece.files]
    cache = ResultCache(task.cache) if task.cache else None
    found = cache.get(key) if cache else None
    if found is not None:
        named = substitute(found, list(zip(tokens, _shown(piece), strict=True)))
        return _outcome(piece, named, cached=True, hashed=hashed)
    result = _analyse(task, stats, digests)
    unchanged = all(_stat(p) == s for p, s in zip(paths, stats, strict=True))
    # A file that grew while read is not kept under its old hash, nor is a result that ran
    # out of memory (the next run may have more).
    transient = result.pop(_TRANSIENT, False)
    if cache and unchanged and not transient:
        cache.put(key, substitute(result, _named(paths, tokens)))
    named = substitute(result, _named(paths, _shown(piece)))
    return _outcome(piece, named, hashed=hashed)


def _tokens(piece: Piece) -> list[str]:
    """How the cache names a log's files: by position (the same bytes may lie elsewhere)."""
    return [f"\0{n}\0" for n in range(len(piece.files))]


def _shown(piece: Piece) -> list[str]:
    """The files as tables and messages name them: relative to the root, U+FFFD for bytes
    of a name that are not UTF-8."""
    return [shown(f) for f in piece.files]


def _named(paths: list[str], names: list[str]) -> list[tuple[str, str]]:
    """Each path (as given to analyze, and as its messages show it) -> its name."""
    pairs = list(zip(paths, names, strict=True))
    return pairs + [(shown(p), n) for p, n in pairs if shown(p) != p]


def _hash(path: str, given: tuple[int, str] | None) -> tuple[Stat | None, str | None, str | None]:
    try:
        stat = _stat(path)
        digest = given[1] if given else file_digest(path)
    except OSError as exc:
        return None, None, f"cannot read {path}: {exc.strerror or exc}"
    return stat, digest, None


def _stat(path: str) -> Stat | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return Stat(found.st_size, found.st_mtime_ns, found.st_ino)


def _analyse(task: Task, stats: list[Stat | None], digests: list[str | None]) -> dict[str, Any]:
    """The piece's rows, with absolute paths (the caller names them). When its files cannot
    be read together, each is tried alone: the ones that fail alone carry their own error,
    and the rest are read together."""
    piece = task.piece
    base = {
        f: rows.log_row(piece.bot, piece.label, piece.path(f), s.size if s else None, d)
        for f, s, d in zip(piece.files, stats, digests, strict=True)
    }
    started = time.perf_counter()
    files = list(piece.files)
    result, error = _attempt(task, files)
    transient = error is not None and error.endswith(_OUT_OF_MEMORY)
    if error is not None and len(files) > 1:
        alone = {f: _attempt(task, [f])[1] for f in files}
        for f, problem in alone.items():
            if problem is not None:
                base[f]["error"] = problem
                transient = transient or problem.endswith(_OUT_OF_MEMORY)
        files = [f for f in files if alone[f] is None]
        result, error = _attempt(task, files) if files else (None, None)
        transient = transient or (error is not None and error.endswith(_OUT_OF_MEMORY))
    seconds = time.perf_counter() - started
    for f in files:
        base[f]["error"] = error
        base[f]["seconds"] = seconds
    if result is None:
        logs = list(base.values())
        return {"logs": logs, "sessions": [], "incidents": [], _TRANSIENT: transient}
    by_source = {s.source: s for s in result.inputs}
    logs = []
    for f, row in base.items():
        summary = by_source.get(piece.path(f))
        logs.append(rows.read_row(row, summary) if summary is not None else row)
    return {
        "logs": logs,
        "sessions": rows.session_rows(piece.bot, piece.label, result),
        "incidents": rows.incident_rows(piece.bot, piece.label, result),
        _TRANSIENT: transient,
    }


_OUT_OF_MEMORY = "out of memory while analysing it"
_TRANSIENT = "transient"
"""A result the cache does not keep: the next run may not run out of memory."""


def _attempt(task: Task, files: list[str]) -> tuple[Any, str | None]:
    """The analysis of these files together, or the one line saying why there is none."""
    paths = [task.piece.path(f) for f in files]
    try:
        # jobs=1: the fleet spreads its logs over the cores (and its workers may not fork)
        found = analyze(paths, task.settings, layout=task.layout, strict=task.strict, jobs=1)
    except MmdiagError as exc:
        return None, _one_line(str(exc))
    except MemoryError:
        return None, f"{', '.join(paths)}: {_OUT_OF_MEMORY}"
    except Exception as exc:  # an mmdiag bug on this log: its row says so, the run goes on
        return None, _one_line(
            f"{', '.join(paths)}: internal error ({type(exc).__name__}: {exc}); "
            "rerun mmdiag analyze on it with MMDIAG_DEBUG=1 and report it"
        )
    return found, None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _failed(
    piece: Piece,
    stats: list[Stat | None],
    digests: list[str | None],
    error: str,
    hashed: list[tuple[Stat, str] | None],
) -> Outcome:
    logs = []
    for n, file in enumerate(piece.files):
        stat = stats[n] if n < len(stats) else None
        digest = digests[n] if n < len(digests) else None
        row = rows.log_row(piece.bot, piece.label, shown(file), stat.size if stat else None, digest)
        row["error"] = substitute(
            error, _named([piece.path(f) for f in piece.files], _shown(piece))
        )
        logs.append(row)
    missing = (None,) * (len(piece.files) - len(hashed))
    return Outcome(piece, logs, [], [], hashed=(*hashed, *missing))


def _outcome(
    piece: Piece,
    result: dict[str, Any],
    cached: bool = False,
    hashed: list[tuple[Stat, str] | None] | None = None,
) -> Outcome:
    own = {"bot": piece.bot, "log": piece.label}
    return Outcome(
        piece,
        [{**row, **own, "cached": cached} for row in result["logs"]],
        [{**row, **own} for row in result["sessions"]],
        [{**row, **own} for row in result["incidents"]],
        cached=cached,
        hashed=tuple(hashed or ()),
    )
