"""A fleet's folder: one bot per folder directly under the root, its files cut into logs.

A bot's files are found as `analyze` finds a folder's (sub-folders included, names holding
`.log`, hidden ones skipped). Each is one log, analysed on its own and cached by its content,
except the streams of one day of a multi-stream log (`mm-operational.log.2026-01-02` with
`mm-errors.log.2026-01-02` ...), which are one log: a WARN is logged in both, and only read
together do they count it once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from mmdiag.errors import InputError
from mmdiag.ingest.sources import expand_paths, shown

_STREAM = re.compile(r"^mm-(?:operational|errors|diagnostic)(?P<rest>\.log.*)$")
_COMPRESSED = re.compile(r"\.(?:gz|zst|zstd|bz2|xz)$")


@dataclass(frozen=True)
class Piece:
    """One log of a bot: the unit analysed, cached and handed to a worker."""

    bot: str
    label: str
    """How tables and messages name it: the file relative to the root, or for a multi-stream
    day `bot/mm-*.log.2026-01-02`."""
    files: tuple[str, ...]
    """Its files, relative to the root (posix separators)."""
    root: str

    def path(self, file: str) -> str:
        return os.path.join(self.root, file)


@dataclass(frozen=True)
class Bot:
    name: str
    pieces: tuple[Piece, ...]
    error: str | None = None
    """Why its folder could not be listed (or holds no log file); None when it could."""


@dataclass(frozen=True)
class Fleet:
    root: str
    bots: tuple[Bot, ...]
    skipped: tuple[str, ...]
    """Files directly under the root: a bot is a folder, so these are not read."""

    @property
    def pieces(self) -> tuple[Piece, ...]:
        return tuple(p for bot in self.bots for p in bot.pieces)


def discover(root: str | Path) -> Fleet:
    """The bots under `root` and their logs. A folder that cannot be listed, or holds no log
    file, is a bot with an error, never the end of the run."""
    base = Path(root)
    if not base.is_dir():
        what = "no such folder" if not base.exists() else "not a folder"
        raise InputError(f"cannot read fleet {shown(str(root))}: {what}")
    try:
        entries = sorted(base.iterdir())
    except OSError as exc:
        raise InputError(f"cannot read fleet {shown(str(root))}: {exc.strerror or exc}") from None
    bots: list[Bot] = []
    skipped: list[str] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            bots.append(_bot(base, entry))
        elif entry.is_file():
            skipped.append(shown(entry.name))
    return Fleet(str(base), tuple(bots), tuple(skipped))


def _bot(root: Path, folder: Path) -> Bot:
    name = shown(folder.name)
    try:
        sources = expand_paths([str(folder)])
    except InputError as exc:  # tables and messages name files relative to the root
        return Bot(name, (), str(exc).replace(shown(str(folder)), name))
    files = [_relative(root, source.path) for source in sources if source.path is not None]
    return Bot(name, _pieces(name, files, str(root)))


def _relative(root: Path, path: Path | None) -> str:
    assert path is not None
    return path.relative_to(root).as_posix()


def _pieces(bot: str, files: list[str], root: str) -> tuple[Piece, ...]:
    days: dict[tuple[str, str], list[str]] = {}
    pieces: list[Piece] = []
    for file in files:
        folder, _, name = file.rpartition("/")
        stream = _STREAM.match(name)
        if stream is None:
            pieces.append(Piece(bot, shown(file), (file,), root))
            continue
        day = _COMPRESSED.sub("", stream.group("rest"))
        days.setdefault((folder, day), []).append(file)
    for (folder, day), members in days.items():
        label = shown(f"{folder}/mm-*{day}")
        pieces.append(Piece(bot, label, tuple(sorted(members)), root))
    return tuple(sorted(pieces, key=lambda p: p.label))
