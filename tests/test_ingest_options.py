"""`mmdiag events` options and outputs: bad values and unwritable places are one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import FILTERED, STARTED, one_line_error, run


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return write(tmp_path / "bot.log", STARTED, FILTERED)


def test_a_negative_limit_is_refused(capsys: pytest.CaptureFixture[str], log: Path) -> None:
    line = one_line_error(run(capsys, "events", str(log), "--limit", "-1"))
    assert line == "mmdiag: --limit -1: give a number of events, or 0 for all"


@pytest.mark.parametrize("value", ["", "started,", ",", " "])
def test_an_empty_kind_is_refused(
    capsys: pytest.CaptureFixture[str], log: Path, value: str
) -> None:
    line = one_line_error(run(capsys, "events", str(log), "--kind", value))
    assert line.startswith(f"mmdiag: --kind {value!r} names an empty kind: choose from started")


def test_kinds_comma_separated_and_repeated(capsys: pytest.CaptureFixture[str], log: Path) -> None:
    result = run(capsys, "events", str(log), "--kind", "started, metrics", "--kind", "warmup")
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("since", "until"),
    [("2026-01-02T23:00:00Z", "2026-01-02T22:00:00Z"), ("2026-01-02", "2026-01-02T00:00:00Z")],
)
def test_since_not_before_until_is_refused(
    capsys: pytest.CaptureFixture[str], log: Path, since: str, until: str
) -> None:
    line = one_line_error(run(capsys, "events", str(log), "--since", since, "--until", until))
    assert line == (
        f"mmdiag: --since {since} is not before --until {until}: no event can be in between"
    )


def test_a_time_without_offset_is_utc(capsys: pytest.CaptureFixture[str], log: Path) -> None:
    result = run(capsys, "events", str(log), "--since", "2026-01-02T22:58", "--format", "json")
    assert [e["kind"] for e in json.loads(result.out)["events"]] == ["bids_filtered"]
    assert "no offset: UTC" in run(capsys, "events", "--help").out


def test_output_that_is_an_input_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, log: Path
) -> None:
    before = log.read_bytes()
    line = one_line_error(run(capsys, "events", str(log), "-o", str(log)))
    assert line == f"mmdiag: --output {log} is one of the inputs"
    (tmp_path / "alias.log").symlink_to(log)
    line = one_line_error(run(capsys, "events", str(tmp_path), "-o", str(tmp_path / "alias.log")))
    assert line == f"mmdiag: --output {tmp_path / 'alias.log'} is one of the inputs"
    assert log.read_bytes() == before


def test_output_beside_the_inputs_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, log: Path
) -> None:
    out = tmp_path / "events.json"
    assert run(capsys, "events", str(log), "-o", str(out), "--format", "json").code == 0
    assert len(json.loads(out.read_text())["events"]) == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output_format", ["csv", "json", "table", "parquet"])
def test_a_full_disk_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], log: Path, output_format: str
) -> None:
    result = run(capsys, "events", str(log), "-o", "/dev/full", "--format", output_format)
    line = one_line_error(result)
    assert line == "mmdiag: cannot write /dev/full: No space left on device"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_is_a_one_line_error(log: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "mmdiag", "events", str(log), "--format", "csv"],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "mmdiag: cannot write standard output: No space left on device"
    ]
