"""Work spread over the machine's cores: pure computations in forked processes, a reader
in a thread of its own.

A fork is used, not a spawn: a spawned child would pay the imports (a quarter of a second)
before its first task. What runs in a child is pure Python (the replays never call polars), so
the parent's idle polars threads, which a fork does not copy, are never waited on there.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any, TypeVar

from mmdiag.workers import WorkerDied, WorkerPool

R = TypeVar("R")
T = TypeVar("T")


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_WORK: tuple[Callable[..., Any], Sequence[tuple[Any, ...]]] | None = None
"""The function and its argument tuples, set in the parent before the fork: a child reads
them from its copy of the parent's memory, and only an index and a result cross the pipe."""


def _call(index: int) -> Any:
    assert _WORK is not None
    function, arguments = _WORK
    return function(*arguments[index])


def can_fork() -> bool:
    """A fork is possible here: the system has it, and this process may have children (a
    daemonic process, such as a worker of `mmdiag fleet`, may not)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return not multiprocessing.current_process().daemon


def forked_map(
    function: Callable[..., R], arguments: Sequence[tuple[Any, ...]], jobs: int
) -> list[R]:
    """`function(*args)` for each tuple of `arguments`, in order: in `jobs` forked processes
    when there are two tasks or more and a fork is possible, else here. A task whose process
    failed or died (the out-of-memory killer) is done again here, so an exception it raises is
    raised here, as it would be in process. The children leave Ctrl-C to the parent."""
    global _WORK
    jobs = min(jobs, len(arguments))
    if jobs < 2 or not can_fork():
        return [function(*args) for args in arguments]
    found: dict[int, Any] = {}
    _WORK = (function, arguments)
    # The parent's objects out of the collector's reach while the children live: a child's
    # collection would write to every page holding one, and copy it.
    gc.freeze()
    try:
        for index, result in WorkerPool(_call, jobs, "fork").map(range(len(arguments))):
            if not isinstance(result, WorkerDied):
                found[index] = result
    except OSError:  # no process could be started (a limit): what is left is done here
        pass
    finally:
        _WORK = None
        gc.unfreeze()
    return [found[n] if n in found else function(*args) for n, args in enumerate(arguments)]


_END = object()


def read_ahead(items: Iterator[T], depth: int = 2) -> Generator[T, None, None]:
    """`items`, produced in a thread of their own up to `depth` ahead of the caller: a
    reader whose work is mostly polars' (which releases the GIL) runs while the caller's
    Python works on what it gave. An exception the producer raises is raised here, in
    order; a caller that stops early stops the producer at its next item."""
    waiting: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if not _put(waiting, item, stop):
                    return
            _put(waiting, _END, stop)
        except BaseException as exc:  # raised in the caller's thread instead
            _put(waiting, _Raised(exc), stop)

    worker = threading.Thread(target=produce, daemon=True)
    worker.start()
    try:
        while (item := waiting.get()) is not _END:
            if isinstance(item, _Raised):
                raise item.exc
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # let it see the stop (it may wait on a full queue)
            with contextlib.suppress(queue.Empty):
                waiting.get_nowait()
            worker.join(timeout=0.05)


class _Raised:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def _put(waiting: queue.Queue[Any], item: Any, stop: threading.Event) -> bool:
    """Put `item` once there is room; False when the caller stopped first."""
    while not stop.is_set():
        try:
            waiting.put(item, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False
