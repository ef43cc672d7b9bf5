"""Bad input: a one-line error naming the file (exit 2), or a counted line, never a traceback."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import zstandard

from mmdiag.parse.reader import read_events
from tests.cli_helpers import FILTERED, FULL_CYCLE, STARTED, one_line_error, run, run_process


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = one_line_error(run(capsys, "events", str(tmp_path / "nope.log")))
    assert line == f"mmdiag: cannot read {tmp_path / 'nope.log'}: no such file or folder"


def test_folder_without_logs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    line = one_line_error(run(capsys, "events", str(tmp_path)))
    assert f"{tmp_path}: no log files in this folder" in line


def test_folder_whose_logs_hold_no_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path / "a.log", "hello")
    write(tmp_path / "b.log", "world")
    line = one_line_error(run(capsys, "events", str(tmp_path)))
    assert line == f"mmdiag: {tmp_path}: no log records in any of its 2 log files"


def test_folder_given_as_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = write(tmp_path / "bot.log", STARTED)
    line = one_line_error(run(capsys, "events", str(log), "--output", str(tmp_path)))
    assert line == f"mmdiag: --output {tmp_path} is a folder: give a file name"


def test_truncated_gzip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = gzip.compress(("\n".join([STARTED, FILTERED] * 200) + "\n").encode())
    path = tmp_path / "bot.log.gz"
    path.write_bytes(data[: len(data) // 2])
    line = one_line_error(run(capsys, "events", str(path)))
    assert line.startswith(f"mmdiag: cannot read {path}: truncated gzip stream at byte ")


def test_truncated_zstd(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = zstandard.ZstdCompressor().compress(("\n".join([STARTED, FILTERED] * 200)).encode())
    path = tmp_path / "bot.log.zst"
    path.write_bytes(data[: len(data) // 2])
    line = one_line_error(run(capsys, "events", str(path)))
    assert line.startswith(f"mmdiag: cannot read {path}: truncated zstd stream")


def test_zstd_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bot.log.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(f"{STARTED}\n{FILTERED}\n".encode()))
    log = read_events([str(path)])
    assert log.events["kind"].to_list() == ["started", "bids_filtered"]
    assert log.inputs[0].compression == "zstd"


def test_binary_garbage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "garbage.log"
    path.write_bytes(bytes(range(256)) * 64)
    line = one_line_error(run(capsys, "events", str(path)))
    assert line.startswith(f"mmdiag: {path}: no log records in ")


def test_binary_garbage_inside_a_log_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "bot.log"
    path.write_bytes(f"{STARTED}\n".encode() + b"\x00\xff\xfe garbage\n" + f"{FILTERED}\n".encode())
    summary = read_events([str(path)]).inputs[0]
    assert (summary.events, summary.not_log_lines) == (2, 1)
    assert [(n.line, n.reason) for n in summary.examples] == [(2, "not a log record")]
    assert summary.invalid_utf8_lines == 1


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.log"
    path.write_bytes(b"")
    line = one_line_error(run(capsys, "events", str(path)))
    assert line == f"mmdiag: {path}: the file is empty (no log records)"


def test_ten_megabyte_line_is_counted_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "bot.log"
    path.write_text(f"{STARTED}\n{'x' * (10 << 20)}\n{FILTERED}\n", encoding="utf-8")
    summary = read_events([str(path)]).inputs[0]
    assert summary.events == 2
    assert [n.line for n in summary.examples] == [2]


def test_ten_megabyte_json_record_is_parsed(tmp_path: Path) -> None:
    record = json.loads(STARTED)
    record["fields"]["note"] = "y" * (10 << 20)
    path = write(tmp_path / "bot.log", json.dumps(record))
    log = read_events([str(path)])
    assert log.events["kind"].to_list() == ["started"]


def test_invalid_utf8_is_replaced_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "bot.log"
    bad = FILTERED.replace("sizes too small", "sizes \xff too small").encode("latin-1")
    path.write_bytes(f"{STARTED}\n".encode() + bad + b"\n")
    log = read_events([str(path)])
    assert log.inputs[0].invalid_utf8_lines == 1
    assert len(log.events) == 2


@pytest.mark.parametrize(
    ("line", "counted_as"),
    [
        ("[1, 2, 3]", "not a log record"),
        ('"just a string"', "not a log record"),
        ('{"hello": "world"}', "a JSON object without timestamp and level"),
        ('{"timestamp": "2026-01-02T22:58:00Z", "level": "INFO", "fields": 3}', None),
        ("{not json at all", "not a log record"),
        ('{"timestamp": "2026-01-02T22:58:00Z", "level": "INFO", "fields"', "not valid JSON"),
    ],
)
def test_json_lines_that_are_not_records(tmp_path: Path, line: str, counted_as: str | None) -> None:
    path = write(tmp_path / "bot.log", STARTED, line, FILTERED)
    summary = read_events([str(path)]).inputs[0]
    assert summary.events == 2
    assert summary.unparsed_lines == 1
    assert summary.examples[0].line == 2
    if counted_as is not None:
        assert summary.examples[0].reason == counted_as


def test_timestamps_in_another_offset_are_converted_to_utc(tmp_path: Path) -> None:
    shifted = FILTERED.replace("2026-01-02T22:58:09.826507Z", "2026-01-02T23:58:09.826507+01:00")
    log = read_events([str(write(tmp_path / "bot.log", STARTED, shifted))])
    times = [t.isoformat() for t in log.events["time"].to_list()]
    assert times == ["2026-01-02T22:57:57.412000+00:00", "2026-01-02T22:58:09.826507+00:00"]


def test_timestamps_out_of_order_are_sorted_and_counted(tmp_path: Path) -> None:
    log = read_events([str(write(tmp_path / "bot.log", FILTERED, STARTED))])
    assert log.events["kind"].to_list() == ["started", "bids_filtered"]
    assert log.inputs[0].out_of_order == 1
    assert log.events["line"].to_list() == [2, 1]


def test_unreadable_timestamp_is_counted(tmp_path: Path) -> None:
    bad = STARTED.replace("2026-01-02T22:57:57.412000Z", "yesterday")
    summary = read_events([str(write(tmp_path / "bot.log", bad, FILTERED))]).inputs[0]
    assert summary.events == 1
    assert [(n.line, n.reason) for n in summary.examples] == [(1, "unreadable timestamp")]


def test_strict_fails_on_a_line_that_is_not_a_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "bot.log", STARTED, "   Compiling foo v0.1.0", FILTERED)
    assert run(capsys, "events", str(path), "--format", "json").code == 0
    line = one_line_error(run(capsys, "events", str(path), "--strict"))
    assert line == (f"mmdiag: {path}:2: not a log record (1 such lines; --strict allows none)")


def test_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "bot.log", STARTED)
    line = one_line_error(run(capsys, "events", str(path), "--kind", "nonsense"))
    assert line.startswith("mmdiag: unknown kind 'nonsense': choose from started, ")


def test_bad_since_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "bot.log", STARTED)
    line = one_line_error(run(capsys, "events", str(path), "--since", "last tuesday"))
    assert "--since 'last tuesday' is not a time" in line


def test_standard_input(tmp_path: Path) -> None:
    data = f"{STARTED}\n{FULL_CYCLE}\n".encode()
    result = run_process("events", "-", "--format", "json", stdin=data)
    assert result.code == 0, result.err
    parsed = json.loads(result.out)
    assert [e["kind"] for e in parsed["events"]] == ["started", "quote_cycle"]
    assert parsed["inputs"][0]["source"] == "-"
    assert parsed["inputs"][0]["layouts"] == ["full", "json"]


def test_gzip_on_standard_input() -> None:
    data = gzip.compress(f"{STARTED}\n{FILTERED}\n".encode())
    result = run_process("events", "-", "--format", "json", stdin=data)
    assert result.code == 0, result.err
    assert json.loads(result.out)["inputs"][0]["compression"] == "gzip"


def test_lines_that_begin_like_a_compressed_stream_are_lines() -> None:
    """polars inflates bytes that begin like gzip or zstd: a batch of lines must not be."""
    from mmdiag.ingest.lines import line_batch

    for start in (b"\x1f\x8b", b"\x28\xb5\x2f\xfd", b"\x78\x9c"):
        batch = line_batch(start + b" garbage\n" + b'{"timestamp":"x"}\n', 7)
        assert batch.frame["n"].to_list() == [7, 8]
        assert batch.frame["line"][1] == '{"timestamp":"x"}'
