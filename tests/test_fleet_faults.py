"""`mmdiag fleet`'s faults: a file that cannot be read is a row with its error, a worker that
dies is reported with the log it held, and the run exits 2 only when nothing could be read."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
from pathlib import Path

import polars as pl
import pytest

from mmdiag.fleet import run_fleet
from mmdiag.fleet import work as fleet_work
from mmdiag.fleet.work import Outcome, Task
from mmdiag.workers import WorkerPool
from tests.cli_helpers import run
from tests.conftest import FIXTURES
from tests.test_fleet import make_fleet, split_streams


def crash_on_doomed(task: Task) -> Outcome:
    """A worker's function that dies, as a worker killed by the kernel does, on a log whose
    name says `doomed` (module-level: a worker process imports it by name)."""
    if any("doomed" in file for file in task.piece.files):
        os.kill(os.getpid(), signal.SIGKILL)
    return fleet_work.run(task)


def raise_on_doomed(task: Task) -> Outcome:
    if any("doomed" in file for file in task.piece.files):
        raise RuntimeError("a bug in the worker's own code")
    return fleet_work.run(task)


def _bad_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    whole = gzip.compress((FIXTURES / "btc_237.json.log").read_bytes())
    (folder / "cut.log.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "empty.log").write_bytes(b"")
    (folder / "noise.log").write_text("cargo build\nFinished release\n")


def test_an_unreadable_file_is_a_row_with_its_error_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    _bad_files(root / "hyna-btc")
    result = run_fleet(root, jobs=0, cache=None)
    logs = result.tables.logs
    errors = dict(logs.filter(pl.col("error").is_not_null()).select("path", "error").iter_rows())
    assert set(errors) == {"hyna-btc/cut.log.gz", "hyna-btc/empty.log", "hyna-btc/noise.log"}
    assert "truncated gzip stream" in errors["hyna-btc/cut.log.gz"]
    assert "hyna-btc/empty.log" in errors["hyna-btc/empty.log"]
    assert all("\n" not in e and "Traceback" not in e for e in errors.values())
    assert result.tables.incidents.height == 4  # the good files' incidents are all there
    done = run(capsys, "fleet", str(root), "--no-cache", "--jobs", "1")
    assert done.code == 0
    lines = [line for line in done.err.splitlines() if line.startswith("mmdiag: ")]
    assert len(lines) == 3 and all("hyna-btc/" in line for line in lines)
    assert "Traceback" not in done.err
    assert "3 unreadable" in done.err


def test_nothing_readable_exits_2_and_still_lists_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "fleet"
    _bad_files(root / "a")
    (root / "b").mkdir(parents=True)  # a bot folder with no log file
    out = tmp_path / "tables"
    done = run(capsys, "fleet", str(root), "--no-cache", "--format", "parquet", "-o", str(out))
    assert done.code == 2
    assert "no log could be read" in done.err
    logs = pl.read_parquet(out / "logs", hive_partitioning=True)
    assert logs.height == 4 and logs["error"].null_count() == 0
    assert logs["day"].null_count() == 4  # under day=__HIVE_DEFAULT_PARTITION__


def test_a_bad_stream_of_a_multi_stream_day_leaves_the_other_readable(tmp_path: Path) -> None:
    root = tmp_path / "fleet"
    split_streams(FIXTURES / "back_to_back.json.log", root / "streams", "2026-02-07")
    (root / "streams" / "mm-errors.log.2026-02-07").write_bytes(b"\x1f\x8b\x08\x00broken")
    result = run_fleet(root, jobs=0, cache=None)
    logs = {r["path"]: r for r in result.tables.logs.iter_rows(named=True)}
    assert "gzip" in logs["streams/mm-errors.log.2026-02-07"]["error"]
    assert logs["streams/mm-operational.log.2026-02-07"]["error"] is None
    assert result.tables.incidents.height == 2


def test_a_bug_on_one_log_is_its_row_not_the_end_of_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    real = fleet_work.analyze

    def buggy(paths: list[str], *args: object, **kwargs: object) -> object:
        if any("dust" in p for p in paths):
            raise KeyError("side")
        return real(paths, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fleet_work, "analyze", buggy)
    result = run_fleet(root, jobs=0, cache=tmp_path / "cache")
    [error] = result.errors
    assert error.startswith("hyna-btc/dust_unrecovered.json.log: internal error (KeyError")
    assert result.tables.incidents.height == 3


def test_a_worker_that_dies_is_reported_with_the_log_it_held(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    shutil.copy(FIXTURES / "edges.json.log", root / "main-btc" / "doomed.log")
    result = run_fleet(root, jobs=2, cache=tmp_path / "cache", worker=crash_on_doomed)
    [error] = result.errors
    assert error.startswith("main-btc/doomed.log: its worker was killed by SIGKILL")
    doomed = result.tables.logs.filter(pl.col("path") == "main-btc/doomed.log")
    assert doomed["error"][0] == error
    # Every other log was analysed, by the workers that took the dead one's place.
    assert result.tables.logs["error"].null_count() == 4
    assert result.tables.incidents.height == 4
    # Nothing was cached for it: the next run tries it again.
    again = run_fleet(root, jobs=1, cache=tmp_path / "cache")
    assert again.cached == 4 and again.errors == []


def test_a_worker_function_that_raises_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    shutil.copy(FIXTURES / "edges.json.log", root / "main-btc" / "doomed.log")
    result = run_fleet(root, jobs=1, cache=None, worker=raise_on_doomed)
    assert result.errors == [
        "main-btc/doomed.log: its worker failed (RuntimeError: a bug in the worker's own code) "
        "while analysing it; nothing kept, the next run tries again"
    ]


def test_the_pool_gives_every_task_an_answer_whatever_dies() -> None:
    tasks = [0, 1, -1, 2, -1, 3]
    answers = list(WorkerPool(_square_or_die, 2).map(tasks))
    assert sorted(task for task, _ in answers) == sorted(tasks)
    results = [result for _, result in answers]
    assert sorted(r for r in results if isinstance(r, int)) == [0, 1, 4, 9]
    died = [r for r in results if not isinstance(r, int)]
    assert len(died) == 2 and all("SIGKILL" in d.reason for d in died)  # type: ignore[union-attr]


def _square_or_die(n: int) -> int:
    if n < 0:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n
