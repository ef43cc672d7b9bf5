"""`mmdiag fleet`: bots found by folder, logs analysed once each and cached by content, the
table per bot and day, and the Parquet tables the engines read."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from mmdiag.analysis import analyze
from mmdiag.config import Settings
from mmdiag.fleet import discover, run_fleet, write_parquet
from mmdiag.fleet import work as fleet_work
from mmdiag.fleet.schema import TABLES
from tests.cli_helpers import run
from tests.conftest import FIXTURES, PROJECT_ROOT

README = PROJECT_ROOT / "README.md"

#: Three bots: two with one file a run (one of them also in Full layout), one multi-stream.
BOTS = {
    "hyna-btc": ["btc_237.json.log", "dust_unrecovered.json.log"],
    "main-btc": ["orchestrator_reduce_only.full.log", "glft_position_limit.json.log"],
}


def make_fleet(root: Path, streams: bool = True) -> Path:
    """A fleet folder of copies of the fixtures (a test may change them)."""
    for bot, names in BOTS.items():
        (root / bot).mkdir(parents=True)
        for name in names:
            shutil.copy(FIXTURES / name, root / bot / name)
    if streams:
        split_streams(FIXTURES / "back_to_back.json.log", root / "streams", "2026-02-07")
    return root


def split_streams(log: Path, folder: Path, day: str) -> None:
    """A JSON log as `--multi-stream-logs` writes it: every record in the operational stream,
    WARN and ERROR also in the errors stream."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    warnings = [line for line in lines if re.search(r'"level":"(?:WARN|ERROR)"', line)]
    (folder / f"mm-operational.log.{day}").write_text("".join(lines), encoding="utf-8")
    (folder / f"mm-errors.log.{day}").write_text("".join(warnings), encoding="utf-8")


def test_each_folder_is_a_bot_and_a_multi_stream_day_is_one_log(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "fleet")
    (root / "notes.log").write_text("not a bot\n")
    (root / ".hidden").mkdir()
    found = discover(root)
    assert [b.name for b in found.bots] == ["hyna-btc", "main-btc", "streams"]
    assert found.skipped == ("notes.log",)
    streams = found.bots[2].pieces
    assert [p.label for p in streams] == ["streams/mm-*.log.2026-02-07"]
    assert streams[0].files == (
        "streams/mm-errors.log.2026-02-07",
        "streams/mm-operational.log.2026-02-07",
    )
    assert [p.files for p in found.bots[0].pieces] == [
        ("hyna-btc/btc_237.json.log",),
        ("hyna-btc/dust_unrecovered.json.log",),
    ]


def test_the_tables_hold_what_analyze_says_of_each_log(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "fleet")
    result = run_fleet(root, jobs=0, cache=None)
    incidents = result.tables.incidents
    for bot, names in BOTS.items():
        for name in names:
            alone = analyze([str(root / bot / name)])
            mine = incidents.filter(pl.col("log") == f"{bot}/{name}")
            assert mine["cause"].to_list() == [i.incident.cause for i in alone.incidents]
            assert mine["fails_policy"].to_list() == [i in alone.failing for i in alone.incidents]
            assert mine["sentence"].to_list() == [
                i.verdict.sentence.replace(str(root) + "/", "") for i in alone.incidents
            ]
    # The multi-stream day is read as one log: each WARN counts once, as in the single file.
    single = analyze([str(FIXTURES / "back_to_back.json.log")])
    streams = incidents.filter(pl.col("bot") == "streams")
    assert streams["cause"].to_list() == [i.incident.cause for i in single.incidents]
    assert streams["filtered_warnings"].to_list() == [i.incident.warnings for i in single.incidents]
    dust = incidents.filter(pl.col("log") == "hyna-btc/dust_unrecovered.json.log").row(
        0, named=True
    )
    assert dust["asset"] == "hyna:BTC" and dust["dex"] == "hyna"
    assert dust["evidence"].startswith("hyna-btc/dust_unrecovered.json.log:")
    assert dust["current_quotes"] is False and dust["fails_policy"] is True
    assert dust["next_version"] == "2026-01-04"
    sessions = result.tables.sessions
    assert sessions.filter(pl.col("bot") == "main-btc")["dex"].to_list() == [None, None]
    assert result.errors == []


def test_the_summary_counts_incidents_minutes_and_failures_per_bot_and_day(
    tmp_path: Path,
) -> None:
    result = run_fleet(make_fleet(tmp_path / "fleet"), jobs=0, cache=None)
    rows = {(r["bot"], str(r["day"])): r for r in result.summary.iter_rows(named=True)}
    dust = rows[("hyna-btc", "2026-02-03")]
    assert dust["sessions"] == 1 and dust["failing"] == 1
    assert dust["causes"] == ["sizes_filtered 1"]
    assert dust["bid_min"] == pytest.approx(dust["ask_min"])  # a both-sides incident
    reduce_only = rows[("main-btc", "2026-02-03")]
    assert reduce_only["bid_min"] == 0 and reduce_only["ask_min"] > 1
    incidents = result.tables.incidents
    assert sum(r["incidents"] for r in rows.values()) == incidents.height
    assert sum(r["failing"] for r in rows.values()) == incidents["fails_policy"].sum()


def test_a_rerun_reads_only_new_or_changed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_fleet(tmp_path / "fleet")
    _age(root)
    cache = tmp_path / "cache"
    first = run_fleet(root, jobs=0, cache=cache)
    assert first.cached == 0
    opened: list[str] = []
    analysed: list[list[str]] = []
    digest = fleet_work.file_digest
    monkeypatch.setattr(fleet_work, "file_digest", lambda p: opened.append(p) or digest(p))
    real = fleet_work.analyze
    monkeypatch.setattr(
        fleet_work, "analyze", lambda paths, *a, **k: analysed.append(paths) or real(paths, *a, **k)
    )
    again = run_fleet(root, jobs=0, cache=cache)
    assert (opened, analysed) == ([], [])
    assert again.cached == len(again.outcomes) == 5
    assert again.tables.incidents.equals(first.tables.incidents)
    # A new day's file, and a file that grew: only they are read.
    shutil.copy(FIXTURES / "fallback_under_10.json.log", root / "hyna-btc")
    grown = root / "main-btc" / "glft_position_limit.json.log"
    grown.write_text(grown.read_text() + (FIXTURES / "glft_position_limit.json.log").read_text())
    third = run_fleet(root, jobs=0, cache=cache)
    assert sorted(Path(p).name for p in opened) == [
        "fallback_under_10.json.log",
        "glft_position_limit.json.log",
    ]
    assert len(analysed) == 2 and third.cached == 4


def _age(root: Path) -> None:
    """Files written this second may change again within their mtime: the index trusts a
    hash only for a file older than that, as a team's yesterday's logs are."""
    for file in root.rglob("*.log*"):
        os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns - 10**10))


def test_a_renamed_file_is_found_in_the_cache_under_its_new_name(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    cache = tmp_path / "cache"
    run_fleet(root, jobs=0, cache=cache)
    (root / "hyna-btc" / "btc_237.json.log").rename(root / "hyna-btc" / "bot.log.1")
    again = run_fleet(root, jobs=0, cache=cache)
    assert again.cached == 4
    renamed = again.tables.incidents.filter(pl.col("log") == "hyna-btc/bot.log.1")
    assert renamed.height == 1
    assert renamed["evidence"][0].startswith("hyna-btc/bot.log.1:")
    assert "btc_237" not in renamed["sentence"][0]


def test_a_result_from_another_mmdiag_or_other_settings_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    cache = tmp_path / "cache"
    run_fleet(root, jobs=0, cache=cache)
    assert run_fleet(root, jobs=0, cache=cache).cached == 4
    stricter = run_fleet(root, Settings(min_window_s=60.0), jobs=0, cache=cache)
    assert stricter.cached == 0
    monkeypatch.setattr(fleet_work, "code_fingerprint", lambda: "another mmdiag")
    assert run_fleet(root, jobs=0, cache=cache).cached == 0


def test_a_corrupt_cache_entry_is_computed_again(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    cache = tmp_path / "cache"
    first = run_fleet(root, jobs=0, cache=cache)
    for entry in cache.rglob("results/*/*.json"):
        entry.write_text("{ truncated")
    again = run_fleet(root, jobs=0, cache=cache)
    assert again.cached == 0
    assert again.tables.incidents.equals(first.tables.incidents)


def test_parquet_tables_are_typed_partitioned_and_read_back_by_polars(tmp_path: Path) -> None:
    result = run_fleet(make_fleet(tmp_path / "fleet"), jobs=0, cache=None)
    out = tmp_path / "tables"
    written = write_parquet(result.tables, out)
    assert written == {name: t.height for name, t in result.tables.items()}
    days = {p.parent.name for p in (out / "incidents").rglob("*.parquet")}
    assert "day=2026-02-03" in days
    for name, table in result.tables.items():
        back = pl.read_parquet(out / name, hive_partitioning=True)
        assert set(back.columns) == {c.name for c in TABLES[name]}
        back = back.select(table.columns).sort(["bot", "day", "log"], maintain_order=True)
        assert back.schema == table.schema, name
        assert back.equals(table.sort(["bot", "day", "log"], maintain_order=True)), name
    # Written again, the tables replace the earlier ones; other files in the folder stay.
    (out / "mine.txt").write_text("keep")
    write_parquet(result.tables, out)
    assert pl.read_parquet(out / "incidents", hive_partitioning=True).height == written["incidents"]
    assert (out / "mine.txt").read_text() == "keep"


def test_parquet_refuses_a_folder_that_holds_something_else(tmp_path: Path) -> None:
    result = run_fleet(make_fleet(tmp_path / "fleet", streams=False), jobs=0, cache=None)
    out = tmp_path / "tables"
    (out / "sessions").mkdir(parents=True)
    (out / "sessions" / "important.csv").write_text("x")
    with pytest.raises(Exception, match="not a table mmdiag fleet wrote"):
        write_parquet(result.tables, out)
    assert (out / "sessions" / "important.csv").exists()


def test_the_cli_prints_the_table_and_writes_the_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_fleet(tmp_path / "fleet")
    out = tmp_path / "tables"
    cache = tmp_path / "cache"
    args = ["--cache", str(cache), "--jobs", "1"]
    done = run(capsys, "fleet", str(root), "--format", "parquet", "-o", str(out), *args)
    assert done.code == 0, done.err
    assert "hyna-btc" in done.out and "2026-02-03" in done.out and "sizes_filtered 1" in done.out
    assert "wrote" in done.err and "0 unreadable" in done.err
    assert {p.name for p in out.iterdir()} == {"logs", "sessions", "incidents"}
    again = run(capsys, "fleet", str(root), *args)
    assert again.out == done.out
    assert "5 from the cache" in again.err


def test_the_cli_refuses_an_output_or_cache_inside_the_fleet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    inside = str(root / "hyna-btc" / "x")
    for args in (["--cache", inside], ["--format", "parquet", "-o", inside]):
        done = run(capsys, "fleet", str(root), *args)
        assert done.code == 2
        assert "inside the fleet's folder" in done.err
        assert len(done.err.strip().splitlines()) == 1


def test_the_cli_says_a_folder_without_bots_is_not_a_fleet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "flat").mkdir()
    shutil.copy(FIXTURES / "btc_237.json.log", tmp_path / "flat")
    done = run(capsys, "fleet", str(tmp_path / "flat"), "--no-cache")
    assert done.code == 2
    assert "no bot folders" in done.err
    missing = run(capsys, "fleet", str(tmp_path / "nowhere"), "--no-cache")
    assert missing.code == 2 and "no such folder" in missing.err


def test_the_cache_key_covers_the_settings_that_change_an_answer() -> None:
    from mmdiag.fleet.cache import settings_key

    base = settings_key(Settings(), "auto", False)
    assert settings_key(Settings(fail_on="any"), "auto", False) != base
    assert settings_key(Settings(overrides={"leverage": 5.0}), "auto", False) != base
    assert settings_key(Settings(), "json", False) != base
    assert settings_key(Settings(source="elsewhere.toml"), "auto", False) == base
    assert json.loads(base)["min_window_s"] == 30.0


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path: Path) -> None:
    bot = tmp_path / "fleet" / "bot"
    bot.mkdir(parents=True)
    name = os.fsdecode(b"caf\xe9.log")
    shutil.copy(FIXTURES / "btc_237.json.log", bot / name)
    cache = tmp_path / "cache"
    for cached in (0, 1):
        result = run_fleet(tmp_path / "fleet", jobs=0, cache=cache)
        assert result.cached == cached
        assert result.tables.logs["path"].to_list() == ["bot/caf\ufffd.log"]
        assert result.tables.incidents["evidence"][0].startswith("bot/caf\ufffd.log:")
    write_parquet(result.tables, tmp_path / "tables")
