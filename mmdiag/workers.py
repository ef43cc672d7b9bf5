"""Worker processes, each handed one task at a time: `mmdiag fleet --jobs N` (a log each) and
analyze's replays (a state each).

The standard library's process pools cannot say which task a dead worker held (every pending
task fails with `BrokenProcessPool`, or `multiprocessing.Pool.map` waits for ever); here each
worker holds one task, so a worker that dies (the kernel's out-of-memory killer, a crash in a
native library) is reported with that task, a new worker takes its place and the run goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class WorkerDied:
    """A worker ended while it held a task."""

    exitcode: int | None
    error: str | None = None
    """The exception the task's function raised, when it did (the worker lives on)."""

    @property
    def reason(self) -> str:
        if self.error is not None:
            return f"its worker failed ({self.error})"
        code = self.exitcode
        if code is not None and code < 0:
            name = _signal_name(-code)
            hint = " (often the kernel's out-of-memory killer)" if -code == signal.SIGKILL else ""
            return f"its worker was killed by {name}{hint}"
        return f"its worker died (exit code {code})"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _serve(conn: Connection, work: Callable[[Any], Any]) -> None:
    """A worker's loop: a task in, its result out, until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends the run on Ctrl-C
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone (killed): nothing more to do
            return
        if task is None:
            return
        try:
            result = work(task)
        except Exception as exc:  # one line in the task's row, not a traceback on stderr
            result = WorkerDied(None, f"{type(exc).__name__}: {exc}")
        conn.send(result)


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, work), daemon=True)
        self.process.start()
        child.close()
        self.task: Any = None
        self.busy = False

    def give(self, task: Any) -> None:
        self.task, self.busy = task, True
        self.conn.send(task)

    def stop(self) -> None:
        """Told to end when idle; killed when it still holds a task (the run was
        interrupted: Ctrl-C, or the caller stopped reading the results)."""
        if self.busy:
            self.process.kill()
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class WorkerPool(Generic[T, R]):
    """`jobs` processes running `work` (spawned: a module-level function, pickled by name).

    The fleet's workers are spawned, not forked: they run polars, and the parent may already
    run polars' threads, which a fork would leave in whatever state they held. `fork` is for
    work that never calls polars (the replays): it starts without the imports."""

    def __init__(self, work: Callable[[T], R], jobs: int, start: str = "spawn") -> None:
        self.work = work
        self.jobs = max(1, jobs)
        self.context = multiprocessing.get_context(start)

    def map(self, tasks: Sequence[T]) -> Iterator[tuple[T, R | WorkerDied]]:
        """Each task with its result, or how its worker died, as they finish."""
        pending = deque(tasks)
        workers: list[_Worker] = []
        try:
            while pending or any(w.busy for w in workers):
                workers = [w for w in workers if w.busy or w.process.is_alive()]
                idle = sum(1 for w in workers if not w.busy)
                while len(pending) > idle and len(workers) < self.jobs:
                    workers.append(_Worker(self.context, self.work))
                    idle += 1
                for worker in workers:
                    if not worker.busy and pending:
                        worker.give(pending.popleft())
                yield from self._collect(workers)
        finally:
            for worker in workers:
                worker.stop()

    def _collect(self, workers: list[_Worker]) -> Iterator[tuple[T, R | WorkerDied]]:
        busy = [w for w in workers if w.busy]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if not {worker.conn, worker.process.sentinel} & ready:
                continue
            task, result = worker.task, self._result(worker)
            worker.busy, worker.task = False, None
            yield task, result

    @staticmethod
    def _result(worker: _Worker) -> Any:
        """The worker's answer; if it died before giving one, how it died (it is then
        stopped, and replaced when there is work left)."""
        # EOFError: it died; OSError or an unpickling error: it was killed while sending.
        with contextlib.suppress(Exception):
            if worker.conn.poll():
                return worker.conn.recv()
        worker.process.join()
        died = WorkerDied(worker.process.exitcode)
        worker.stop()
        return died
