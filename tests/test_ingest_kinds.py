"""`--kind` narrows what is kept, never what `--strict` checks, and the summary says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmdiag.ingest import fastpath
from mmdiag.parse.reader import read_events
from tests.cli_helpers import FILTERED, FULL_CYCLE, STARTED, one_line_error, run

BAD_JSON = '{"timestamp":"2026-01-02T22:58:00Z","level":"INFO","fields":{"message":"Quote'
BAD_TIME = STARTED.replace("2026-01-02T22:57:57.412000Z", "yesterday")


@pytest.fixture(params=[True, False], ids=["fast path", "general reader"])
def fast(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setattr(fastpath, "ENABLED", request.param)
    return bool(request.param)


@pytest.mark.parametrize(
    ("bad", "reason"), [(BAD_JSON, "not valid JSON"), (BAD_TIME, "unreadable timestamp")]
)
def test_strict_checks_records_of_kinds_not_asked_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fast: bool, bad: str, reason: str
) -> None:
    path = tmp_path / "bot.log"
    path.write_text(f"{STARTED}\n{bad}\n{FILTERED}\n", encoding="utf-8")
    result = run(capsys, "events", str(path), "--kind", "bids_filtered", "--format", "json")
    assert result.code == 0
    line = one_line_error(run(capsys, "events", str(path), "--strict", "--kind", "bids_filtered"))
    assert line == f"mmdiag: {path}:2: {reason} (1 such lines; --strict allows none)"


def test_strict_keeps_only_the_kinds_asked_for(tmp_path: Path, fast: bool) -> None:
    path = tmp_path / "bot.log"
    path.write_text(f"{STARTED}\n{FILTERED}\n{FULL_CYCLE}\n", encoding="utf-8")
    narrowed = read_events([str(path)], kinds=["bids_filtered", "quote_cycle"])
    strict = read_events([str(path)], kinds=["bids_filtered", "quote_cycle"], strict=True)
    assert strict.events["kind"].to_list() == ["quote_cycle", "bids_filtered"]
    assert strict.events.equals(narrowed.events)
    assert strict.inputs == narrowed.inputs


def test_the_summary_says_what_narrowing_left_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bot.log"
    path.write_text(f"{STARTED}\n{FILTERED}\n", encoding="utf-8")
    err = run(capsys, "events", str(path), "--kind", "started").err
    assert "1 events of the kinds asked for, " in err
    assert "records of other kinds counted, not parsed (--strict checks them)" in err
    err = run(capsys, "events", str(path), "--kind", "started", "--strict").err
    assert "records of other kinds parsed and checked, not kept" in err
    err = run(capsys, "events", str(path)).err
    assert "other kinds" not in err
