"""Replays spread over processes and the reader run ahead in a thread give the answers the
one-process, one-thread analysis gives."""

from __future__ import annotations

import io
import os
import signal
import threading
from collections.abc import Iterator

import pytest

from mmdiag import analysis, parallel
from mmdiag.analysis import analyze
from mmdiag.report.analysis import write_json
from tests.cli_helpers import one_line_error, run
from tests.conftest import FIXTURES

# Two sessions, each with a sizing incident of its own state: two replays to spread.
TWO_STATES = FIXTURES / "restart_mid_incident.json.log"


def _pid_and_square(value: int) -> tuple[int, int]:
    return os.getpid(), value * value


def _fails_on_three(value: int) -> int:
    if value == 3:
        raise ValueError("three")
    return value


def test_forked_map_runs_in_children_and_keeps_the_order() -> None:
    if not parallel.can_fork():
        pytest.skip("no fork on this system")
    found = parallel.forked_map(_pid_and_square, [(n,) for n in range(6)], jobs=2)
    assert [square for _, square in found] == [n * n for n in range(6)]
    assert os.getpid() not in {pid for pid, _ in found}


def _ignores_ctrl_c(_: int) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_forked_children_leave_ctrl_c_to_the_parent() -> None:
    if not parallel.can_fork():
        pytest.skip("no fork on this system")
    assert parallel.forked_map(_ignores_ctrl_c, [(n,) for n in range(2)], jobs=2) == [True, True]
    assert not _ignores_ctrl_c(0)  # the parent still takes it


def test_forked_map_stays_in_process_for_one_job_or_one_task() -> None:
    for jobs, tasks in ((1, 4), (4, 1)):
        found = parallel.forked_map(_pid_and_square, [(n,) for n in range(tasks)], jobs)
        assert {pid for pid, _ in found} == {os.getpid()}


PARENT = os.getpid()


def _dies_in_a_child_on_two(value: int) -> int:
    if value == 2 and os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return value


def test_a_task_whose_child_died_is_done_here() -> None:
    if not parallel.can_fork():
        pytest.skip("no fork on this system")
    found = parallel.forked_map(_dies_in_a_child_on_two, [(n,) for n in range(5)], jobs=2)
    assert found == list(range(5))


def test_forked_map_raises_what_a_task_raised() -> None:
    with pytest.raises(ValueError, match="three"):
        parallel.forked_map(_fails_on_three, [(n,) for n in range(5)], jobs=2)


def test_read_ahead_gives_every_item_in_order_from_another_thread() -> None:
    threads: list[int] = []

    def items() -> Iterator[int]:
        for n in range(50):
            threads.append(threading.get_ident())
            yield n

    assert list(parallel.read_ahead(items(), depth=2)) == list(range(50))
    assert set(threads) and threading.get_ident() not in threads


def test_read_ahead_raises_the_producers_error_after_what_came_before() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise OSError("disk gone")

    got = []
    with pytest.raises(OSError, match="disk gone"):
        for item in parallel.read_ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_read_ahead_stops_the_producer_when_the_caller_stops() -> None:
    made: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            made.append(n)
            yield n
            n += 1

    ahead = parallel.read_ahead(endless(), depth=2)
    assert next(ahead) == 0
    ahead.close()
    before = len(made)
    threading.Event().wait(0.2)
    assert len(made) == before <= 5  # stopped: no more items made, a few at most ahead


def _json(**options: object) -> str:
    out = io.StringIO()
    write_json(analyze([str(TWO_STATES)], **options), out)  # type: ignore[arg-type]
    return out.getvalue()


def test_replays_in_processes_give_the_one_process_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spread: list[tuple[int, int]] = []
    forked_map = parallel.forked_map

    def watched(function, arguments, jobs):  # type: ignore[no-untyped-def]
        spread.append((len(arguments), jobs))
        return forked_map(function, arguments, jobs)

    monkeypatch.setattr(analysis, "forked_map", watched)
    alone = _json(jobs=1)
    together = _json(jobs=2, tables=True)
    assert spread == [(2, 1), (2, 2)]  # two distinct states: both ways had two to replay
    assert together == alone
    assert '"incidents": [' in alone and '"verdict"' in alone


def test_jobs_option_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("analyze", "check"):
        result = run(capsys, command, str(TWO_STATES), "--jobs", "0")
        assert result.code == 2
        assert "--jobs must be from 1 to 256, got 0" in one_line_error(result)
    assert run(capsys, "analyze", str(TWO_STATES), "--jobs", "1", "--format", "json").code == 0
