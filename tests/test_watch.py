"""`watch` on a log written as the test goes: the alerts come in order, as soon as a window
counts, and tell the incidents `analyze` finds in the whole file, through rotations,
truncations and padding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mmdiag.analysis import analyze
from mmdiag.config import Settings
from mmdiag.live import Alert, Watch
from mmdiag.report.alerts import ExecSink, JsonSink, alert_json
from tests.cli_helpers import run_process
from tests.conftest import FIXTURES, shared_reference_dir

ERA_LOGS = [
    FIXTURES / "orchestrator_reduce_only.json.log",
    FIXTURES / "ladder_bids_rejected.full.log",
    FIXTURES / "glft_position_limit.json.log",
    FIXTURES / "restart_mid_incident.json.log",
    FIXTURES / "btc_237.full.log",
]
MIN_WINDOW_S = Settings().min_window_s


class Writer:
    """Appends a log's lines to a file a few at a time, and rotates or truncates it."""

    def __init__(self, source: Path, target: Path) -> None:
        self.lines = source.read_bytes().splitlines(keepends=True)
        self.target = target
        self.done = 0

    def write(self, count: int) -> bool:
        part = self.lines[self.done : self.done + count]
        with self.target.open("ab") as out:
            out.write(b"".join(part))
        self.done += len(part)
        return self.done < len(self.lines)


def follow(
    writer: Writer, watch: Watch, step_lines: int, event: tuple[int, str] | None = None
) -> list[Alert]:
    """Write and poll until the whole log is written; `event` (at line, what) rotates,
    truncates or pads the file once."""
    alerts = watch.step()
    more = True
    while more:
        if event is not None and writer.done >= event[0]:
            _disturb(writer.target, event[1])
            event = None
        more = writer.write(step_lines)
        alerts += watch.step()
    alerts += watch.step() + watch.step()  # the quiet polls give out a held-back record
    return alerts + watch.end_of_log()


def _disturb(path: Path, how: str) -> None:
    if how == "rotate":
        path.rename(path.with_name(path.name + ".1"))
    elif how == "truncate":
        with path.open("r+b") as out:
            out.truncate(0)
    elif how == "pad":  # copytruncate, the writer keeping its offset (ahead of the reader)
        size = path.stat().st_size
        with path.open("r+b") as out:
            out.truncate(0)
            out.write(b"\x00" * (size + 4096))


def shape(incidents: object) -> list[tuple[object, ...]]:
    return [
        (i.session, i.side, i.cause, i.start, i.end, i.ended_by)  # type: ignore[attr-defined]
        for i in incidents  # type: ignore[attr-defined]
    ]


def check_against_analyze(source: Path, alerts: list[Alert], watch: Watch) -> None:
    expected = analyze([str(source)])
    assert shape(watch.incidents()) == shape(i.incident for i in expected.incidents)
    times = [a.log_time for a in alerts if a.log_time is not None and a.what != "watching"]
    assert times == sorted(times)
    for item in expected.incidents:
        opened = [
            a
            for a in alerts
            if a.what == "window_opened"
            and a.item is not None
            and a.item.incident.cause == item.incident.cause
            and set(a.item.incident.sides) <= set(item.incident.sides)
            and a.item.incident.start == item.incident.start
        ]
        assert opened, f"no opening alert for {item.incident}"
        first_evidence = item.incident.start
        for alert in opened:
            assert alert.log_time is not None
            late = (alert.log_time - first_evidence).total_seconds()
            limit = (Settings().startup_s if item.incident.at_startup else MIN_WINDOW_S) + 2
            assert late <= limit, (alert.message, late)


@pytest.mark.parametrize("source", ERA_LOGS, ids=[p.name for p in ERA_LOGS])
def test_alerts_tell_the_incidents_analyze_finds(tmp_path: Path, source: Path) -> None:
    target = tmp_path / "bot.log"
    target.touch()
    watch = Watch([str(target)], from_start=True)
    alerts = follow(Writer(source, target), watch, step_lines=7)
    check_against_analyze(source, alerts, watch)
    assert [a.what for a in alerts].count("session_started") == len(analyze([str(source)]).sessions)


@pytest.mark.parametrize("how", ["rotate", "truncate", "pad"])
def test_rotation_truncation_and_padding_lose_no_line(tmp_path: Path, how: str) -> None:
    source = FIXTURES / "orchestrator_reduce_only.json.log"
    target = tmp_path / "bot.log"
    target.touch()
    watch = Watch([str(target)], from_start=True)
    writer = Writer(source, target)
    middle = len(writer.lines) // 3  # the reduce-only window comes later
    alerts = follow(writer, watch, step_lines=11, event=(middle, how))
    notices = [a.message for a in alerts if a.what == "notice"]
    assert notices, "the rotation or truncation is said"
    assert shape(watch.incidents()) == [
        (1, "ask", "reduce_only", i.incident.start, i.incident.end, i.incident.ended_by)
        for i in analyze([str(source)]).incidents
    ]


def test_a_file_that_does_not_exist_yet_is_waited_for_and_said_once(tmp_path: Path) -> None:
    target = tmp_path / "later.log"
    watch = Watch([str(target)], from_start=True)
    first = watch.step() + watch.step()
    assert [a.message for a in first if a.what == "notice"] == [
        f"{target} does not exist yet: waiting for it"
    ]
    target.write_bytes((FIXTURES / "btc_237.json.log").read_bytes())
    later = watch.step()
    assert any(a.what == "window_opened" for a in later)


def test_a_partial_last_line_waits_for_its_newline(tmp_path: Path) -> None:
    line = (FIXTURES / "orchestrator_reduce_only.json.log").read_bytes().splitlines(True)[0]
    target = tmp_path / "bot.log"
    target.write_bytes(line[:40])
    watch = Watch([str(target)], from_start=True)
    assert not [a for a in watch.step() if a.what == "session_started"]
    with target.open("ab") as out:
        out.write(line[40:])
    assert [a.what for a in watch.step() if a.what == "session_started"] == ["session_started"]


def test_a_silent_log_with_no_stop_is_said_once_then_its_return(tmp_path: Path) -> None:
    now = [0.0]
    target = tmp_path / "bot.log"
    lines = (FIXTURES / "btc_237.json.log").read_bytes().splitlines(True)
    target.write_bytes(b"".join(lines[:300]))
    watch = Watch([str(target)], Settings(max_gap_s=120), from_start=True, monotonic=lambda: now[0])
    watch.step()
    now[0] = 100.0
    assert not [a for a in watch.step() if a.what == "silence"]
    now[0] = 130.0
    assert [a.what for a in watch.step() if a.what == "silence"] == ["silence"]
    now[0] = 200.0
    assert not [a for a in watch.step() if a.what == "silence"]
    with target.open("ab") as out:
        out.write(lines[300])
    assert [a.what for a in watch.step() if a.what == "resumed"] == ["resumed"]


def test_by_default_watch_begins_at_the_current_session(tmp_path: Path) -> None:
    target = tmp_path / "bot.log"
    target.write_bytes((FIXTURES / "restart_mid_incident.json.log").read_bytes())
    alerts = Watch([str(target)]).step()
    started = [a.session.index for a in alerts if a.what == "session_started" and a.session]
    assert len(started) == 1
    assert all(a.replayed for a in alerts if a.what != "watching")
    lines = [a.item.incident.evidence[0].line for a in alerts if a.item is not None]
    second_start = (FIXTURES / "restart_mid_incident.json.log").read_text().count("\n")
    assert lines and min(lines) > 1 and max(lines) <= second_start


def test_json_alerts_and_exec_carry_the_analyze_incident(tmp_path: Path) -> None:
    target = tmp_path / "bot.log"
    target.write_bytes((FIXTURES / "dust_unrecovered.json.log").read_bytes())
    watch = Watch([str(target)], from_start=True)
    alerts = watch.step()
    opened = next(a for a in alerts if a.what == "window_opened")
    payload = alert_json(opened)
    assert payload["schema"] == "mmdiag.watch/1" and payload["fails_policy"] is True
    assert payload["incident"]["cause"] == "sizes_filtered"
    assert payload["incident"]["verdict"]["fixed_quotes"] is False
    out = tmp_path / "alerts.jsonl"
    got = tmp_path / "exec.jsonl"
    with out.open("w") as stream:
        JsonSink(stream).send(opened)
    notes: list[Alert] = []

    class Notes:
        def send(self, alert: Alert) -> None:
            notes.append(alert)

        def close(self) -> None:
            return None

    ExecSink(f"cat >> {got}", 5.0, Notes()).send(opened)
    ExecSink("exit 3", 5.0, Notes()).send(opened)
    ExecSink("sleep 5", 0.2, Notes()).send(opened)
    assert json.loads(out.read_text()) == json.loads(got.read_text())
    assert [n.message.split(" alert ")[1] for n in notes] == [
        "exited 3",
        "took longer than 0.2 s and was stopped",
    ]


def test_watch_on_standard_input_ends_with_the_log(tmp_path: Path) -> None:
    log = (FIXTURES / "ladder_bids_rejected.json.log").read_text()
    done = run_process("watch", "-", "--format", "json", "--poll", "0.05", stdin=log.encode())
    assert done.code == 0, done.err
    alerts = [json.loads(line) for line in done.out.splitlines()]
    whats = [a["alert"] for a in alerts]
    assert whats.count("window_opened") == 1 and whats.count("window_closed") == 1
    stop = next(a for a in alerts if a["alert"] == "session_ended")
    assert stop["session"]["ended_by"] == "kill_switch"
    assert "stopped after" in done.err


def test_exit_on_fail_stops_at_the_first_failing_incident(tmp_path: Path) -> None:
    target = tmp_path / "bot.log"
    target.write_bytes((FIXTURES / "dust_unrecovered.json.log").read_bytes())
    done = run_process("watch", str(target), "--exit-on", "fail", "--from-start", "--poll", "0.05")
    assert done.code == 1, done.err
    assert "NO ORDERS" in done.out and "stopped after" in done.err


def test_the_real_logs_alert_what_analyze_finds(tmp_path: Path) -> None:
    shared = shared_reference_dir()
    if shared is None:
        pytest.skip("../shared/reference is absent (fresh clone)")
    for source in (
        shared / "real" / "2025-12-28_max_position_rejected.json.log",
        shared / "real" / "2025-12-30_reduce_only.json.log",
        shared / "late" / "late_filtered.full.log",
    ):
        target = tmp_path / source.name
        target.touch()
        watch = Watch([str(target)], from_start=True)
        alerts = follow(Writer(source, target), watch, step_lines=53)
        check_against_analyze(source, alerts, watch)


def test_a_folder_gains_a_file_and_it_is_followed(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    lines = (FIXTURES / "orchestrator_reduce_only.json.log").read_bytes().splitlines(True)
    first = folder / "mm-operational.log.2026-02-03"
    first.write_bytes(b"".join(lines[:600]))
    watch = Watch([str(folder)], from_start=True)
    alerts = watch.step()
    (folder / "mm-operational.log.2026-02-04").write_bytes(b"".join(lines[600:]))
    alerts += watch.step() + watch.step() + watch.step()
    notes = [a.message for a in alerts if a.what == "notice"]
    assert any("mm-operational.log.2026-02-04 appeared" in n for n in notes)
    assert [i.cause for i in watch.incidents()] == ["reduce_only"]


def test_a_file_deleted_while_watched_is_waited_for(tmp_path: Path) -> None:
    lines = (FIXTURES / "orchestrator_reduce_only.json.log").read_bytes().splitlines(True)
    target = tmp_path / "bot.log"
    target.write_bytes(b"".join(lines[:600]))
    watch = Watch([str(target)], from_start=True)
    watch.step()
    target.unlink()
    gone = watch.step() + watch.step()
    assert [a.message for a in gone if a.what == "notice"] == [
        f"{target} was removed: waiting for it to come back"
    ]
    target.write_bytes(b"".join(lines[600:]))
    watch.step()
    watch.step()
    assert [i.cause for i in watch.incidents()] == ["reduce_only"]


def test_sigterm_ends_a_watch_with_its_summary(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "bot.log"
    target.write_bytes((FIXTURES / "btc_237.json.log").read_bytes())
    process = subprocess.Popen(
        [sys.executable, "-m", "mmdiag", "watch", str(target), "--poll", "0.05"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "WATCH" in out and err.strip().startswith("mmdiag watch: stopped after")
    assert "Traceback" not in err


def test_the_progress_bar_is_for_a_person_at_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from mmdiag.report import progress

    big = tmp_path / "big.log"
    with big.open("wb") as out:
        out.truncate(progress.MIN_BYTES + 1)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert progress.progress_bar([str(big)], quiet=False).shown
    assert not progress.progress_bar([str(big)], quiet=True).shown
    assert not progress.progress_bar([str(FIXTURES / "btc_237.json.log")], quiet=False).shown
    monkeypatch.setenv("CI", "true")
    assert not progress.progress_bar([str(big)], quiet=False).shown
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    monkeypatch.delenv("CI")
    assert not progress.progress_bar([str(big)], quiet=False).shown


def test_a_compressed_file_cannot_be_followed_and_says_so_in_one_line(tmp_path: Path) -> None:
    import gzip

    from tests.cli_helpers import one_line_error

    target = tmp_path / "bot.log.gz"
    target.write_bytes(gzip.compress((FIXTURES / "btc_237.json.log").read_bytes()))
    line = one_line_error(run_process("watch", str(target), "--once"))
    assert "cannot follow" in line and "gzip-compressed" in line
