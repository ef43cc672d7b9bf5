"""Paths to logs: folders (sub-folders too), rotated files, and names polars would misread."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mmdiag.ingest import fastpath
from mmdiag.ingest.sources import expand_paths, log_groups
from mmdiag.parse.reader import read_events
from mmdiag.replay.versions import current_version
from tests.cli_helpers import FILTERED, STARTED, run
from tests.conftest import FIXTURES

SEED = FIXTURES / "btc_237.json.log"


def write(path: Path, *lines: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["run[1].log", "star*.log", "what?.log"])
def test_a_name_with_glob_characters_is_read_literally(tmp_path: Path, name: str) -> None:
    write(tmp_path / "run1.log", STARTED)
    write(tmp_path / "star_other.log", STARTED, STARTED, STARTED)
    write(tmp_path / "whatX.log", STARTED, STARTED)
    path = write(tmp_path / name, STARTED, FILTERED)
    assert fastpath.likely_header(path, "auto") == "json"  # the fast path reads it
    log = read_events([str(path)])
    assert log.events["kind"].to_list() == ["started", "bids_filtered"]
    assert log.inputs[0].lines == 2


def test_a_file_name_that_is_not_utf8_is_read(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xffname.log")
    path = write(tmp_path / name, STARTED, FILTERED)
    log = read_events([str(path)])
    assert log.events["kind"].to_list() == ["started", "bids_filtered"]
    assert log.inputs[0].source == str(tmp_path / "bad\ufffdname.log")
    folder = read_events([str(tmp_path)])
    assert folder.events.height == 2


def test_events_and_check_find_the_same_files_in_sub_folders(tmp_path: Path) -> None:
    write(tmp_path / "day1" / "mm-operational.log.2026-01-02", STARTED, FILTERED)
    write(tmp_path / "day2" / "bot.log", STARTED.replace("22:57:57", "23:57:57"))
    write(tmp_path / ".hidden" / "old.log", STARTED)
    found = [s.name for s in expand_paths([str(tmp_path)])]
    assert found == [
        str(tmp_path / "day1" / "mm-operational.log.2026-01-02"),
        str(tmp_path / "day2" / "bot.log"),
    ]
    grouped = [file for _, files in log_groups([str(tmp_path)]) for file in files]
    assert grouped == found
    assert read_events([str(tmp_path)]).events.height == 3


def test_rotated_files_of_one_log_are_one_group(tmp_path: Path) -> None:
    for name in ["bot.log", "bot.log.1", "bot.log.2.gz", "bot.log-20260101", "other.log"]:
        write(tmp_path / name, STARTED)
    write(tmp_path / "mm-errors.log.2026-01-02", STARTED)
    write(tmp_path / "mm-operational.log.2026-01-03", STARTED)
    write(tmp_path / "sub" / "app.log.2026-01-02", STARTED)
    write(tmp_path / "sub" / "app.log.2026-01-03", STARTED)
    groups = [
        (label, [Path(f).name for f in files]) for label, files in log_groups([str(tmp_path)])
    ]
    assert groups == [
        (str(tmp_path / "bot.log"), ["bot.log", "bot.log-20260101", "bot.log.1", "bot.log.2.gz"]),
        (str(tmp_path), ["mm-errors.log.2026-01-02", "mm-operational.log.2026-01-03"]),
        (str(tmp_path / "other.log"), ["other.log"]),
        (str(tmp_path / "sub" / "app.log"), ["app.log.2026-01-02", "app.log.2026-01-03"]),
    ]


def test_an_incident_across_a_rotation_is_one_incident(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = 700  # inside the incident (22:00:12 .. 22:03:42)
    (tmp_path / "bot.log.1").write_text("".join(lines[:cut]), encoding="utf-8")
    (tmp_path / "bot.log").write_text("".join(lines[cut:]), encoding="utf-8")
    result = run(capsys, "check", str(tmp_path))
    assert result.out.splitlines() == [
        f"{tmp_path / 'bot.log'}: ok, 1 incident(s), 0 fail 'unrecovered': both sizes_filtered "
        f"3m30s at 22:00:12 (current sizing {current_version().name}: quotes)"
    ]


def test_a_file_named_on_the_command_line_is_its_own_log(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "bot.log")
    shutil.copy(SEED, tmp_path / "bot.log.1")
    paths = [str(tmp_path / "bot.log"), str(tmp_path / "bot.log.1")]
    assert log_groups(paths) == [(p, [p]) for p in paths]
