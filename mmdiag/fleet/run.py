"""`mmdiag fleet`: every bot's logs analysed on all cores, each log's result cached, the rows
gathered into three tables and a summary per bot and day."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from mmdiag.config import Settings
from mmdiag.fleet import rows, work
from mmdiag.fleet.cache import FileIndex
from mmdiag.fleet.tables import Tables, summary, tables
from mmdiag.fleet.tree import Fleet, discover
from mmdiag.fleet.work import Outcome, Task
from mmdiag.parallel import usable_cores
from mmdiag.workers import WorkerDied, WorkerPool

OnDone = Callable[[Outcome, int, int], None]
"""Told of each log as it is done: its outcome, how many are done, how many in all."""


@dataclass(frozen=True)
class FleetResult:
    fleet: Fleet
    tables: Tables
    summary: pl.DataFrame
    seconds: float
    jobs: int
    settings: Settings = field(default_factory=Settings)
    outcomes: tuple[Outcome, ...] = field(default=(), repr=False)

    @property
    def errors(self) -> list[str]:
        """One line per file that could not be read, naming it."""
        return [str(e) for e in self.tables.logs["error"].drop_nulls()]

    @property
    def read_any(self) -> bool:
        return self.tables.logs.filter(pl.col("error").is_null()).height > 0

    @property
    def cached(self) -> int:
        return sum(1 for o in self.outcomes if o.cached)


def default_jobs() -> int:
    return usable_cores()


def fleet_tasks(
    fleet: Fleet,
    settings: Settings,
    layout: str = "auto",
    strict: bool = False,
    cache: str | None = None,
    index: FileIndex | None = None,
) -> list[Task]:
    """A task per log, the largest first (the longest work starts early: fewer idle cores
    at the end)."""
    found = []
    for piece in fleet.pieces:
        known = tuple(index.known(piece.path(f)) for f in piece.files) if index else ()
        found.append(Task(piece, settings, layout, strict, cache, known))
    return sorted(found, key=lambda t: -_size(t))


def _size(task: Task) -> int:
    total = 0
    for file in task.piece.files:
        with contextlib.suppress(OSError):
            total += os.path.getsize(task.piece.path(file))
    return total


def run_fleet(
    root: str | Path,
    settings: Settings | None = None,
    jobs: int | None = None,
    cache: str | Path | None = None,
    layout: str = "auto",
    strict: bool = False,
    on_done: OnDone | None = None,
    worker: Callable[[Task], Outcome] = work.run,
) -> FleetResult:
    """Analyse every bot's logs under `root`. `jobs`: worker processes (default: the cores
    this process may use; 0: in this process). `cache`: the cache folder, or None for none.
    `worker` is the function a worker runs on each log (a test swaps it)."""
    started = time.perf_counter()
    settings = settings or Settings()
    jobs = default_jobs() if jobs is None else jobs
    fleet = discover(root)
    index = FileIndex(cache) if cache is not None else None
    tasks = fleet_tasks(fleet, settings, layout, strict, str(cache) if cache else None, index)
    outcomes: list[Outcome] = []
    remaining: list[Task] = []
    for task in tasks:
        hit = work.cached(task)
        if hit is None:
            remaining.append(task)
        else:
            outcomes.append(hit)
            if on_done:
                on_done(hit, len(outcomes), len(tasks))
    for outcome in execute(remaining, jobs, worker):
        outcomes.append(outcome)
        if index is not None:
            _remember(index, outcome)
        if on_done:
            on_done(outcome, len(outcomes), len(tasks))
    if index is not None:
        index.save()
    return collect(fleet, outcomes, settings, time.perf_counter() - started, jobs)


def execute(
    tasks: list[Task], jobs: int, worker: Callable[[Task], Outcome] = work.run
) -> Iterator[Outcome]:
    """Each task's outcome as it finishes: in this process (`jobs` 0) or in `jobs` workers."""
    if not tasks:
        return
    if jobs == 0:
        yield from (worker(task) for task in tasks)
        return
    for task, result in WorkerPool(worker, jobs).map(tasks):
        yield work.died(task, result.reason) if isinstance(result, WorkerDied) else result


def _remember(index: FileIndex, outcome: Outcome) -> None:
    piece = outcome.piece
    for file, hashed in zip(piece.files, outcome.hashed, strict=False):
        if hashed is not None:
            stat, digest = hashed
            index.remember(piece.path(file), stat.size, stat.mtime_ns, stat.inode, digest)


def collect(
    fleet: Fleet,
    outcomes: Iterable[Outcome],
    settings: Settings | None = None,
    seconds: float = 0.0,
    jobs: int = 0,
) -> FleetResult:
    """The outcomes of every log (and the bots whose folder could not be read) as tables."""
    done = tuple(outcomes)
    logs = [row for o in done for row in o.logs]
    for bot in fleet.bots:
        if bot.error is not None:
            row = rows.log_row(bot.name, bot.name, bot.name, None, None)
            logs.append({**row, "error": bot.error})
    found = tables(
        logs,
        [row for o in done for row in o.sessions],
        [row for o in done for row in o.incidents],
    )
    return FleetResult(fleet, found, summary(found), seconds, jobs, settings or Settings(), done)
