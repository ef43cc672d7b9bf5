"""Which lines continue a text record: only records that can hold a newline take any, and
output that is never a log line (banners, panics, cargo, NUL padding) never continues one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mmdiag.model import EventLog
from mmdiag.parse.reader import read_events
from tests.cli_helpers import one_line_error, run

TS = "2026-01-02T22:58:09.826507Z"
FILTERED = (
    f"{TS}  WARN quote_cycle{{asset=hyna:BTC}}: "
    "hyperliquid_rust_sdk::market_maker::strategy::ladder_strat: "
    "All bid levels filtered out (sizes too small) bids_before=5 available_margin=237.00 "
    "available_position=0.002633 min_notional=10.00 min_level_size=0.001000 mid_price=89958.52"
)
METRICS = (
    f"{TS}  INFO market_maker: Market maker metrics orders_placed=7 orders_cancelled=0 "
    "orders_filled=0 volume_bought=0.0 volume_sold=0.0 position=0.0 uptime_secs=60"
)
WS_ERROR = f"{TS}  WARN hyperliquid_rust_sdk::market_maker::infra::reconnection: WebSocket error"
PRETTY_FILTERED = (
    f"  {TS}  WARN hyperliquid_rust_sdk::market_maker::strategy::ladder_strat: "
    "All bid levels filtered out (sizes too small), bids_before: 5, available_margin: 237.00, "
    "available_position: 0.002633, min_notional: 10.00, min_level_size: 0.001000, "
    "mid_price: 89958.52"
)


def read(tmp_path: Path, *lines: str) -> EventLog:
    path = tmp_path / "bot.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_events([str(path)])


@pytest.mark.parametrize(
    "stray",
    [
        "Logging to file: logs/x.log (using JSON format for both stdout and file)",
        "thread 'main' panicked at src/main.rs:10:5:",
        "   Compiling hyperliquid_rust_sdk v0.6.0 (/home/user/hyper_make)",
        "\x00" * 64,
        "a line the bot did not write",
    ],
)
def test_a_line_after_a_one_line_record_is_not_part_of_it(tmp_path: Path, stray: str) -> None:
    log = read(tmp_path, FILTERED, stray, METRICS)
    assert log.events["fields"][0].endswith('"mid_price": "89958.52"}')
    summary = log.inputs[0]
    assert (summary.not_log_lines, summary.multiline_records) == (1, 0)
    assert [(n.line, n.reason) for n in summary.examples] == [(2, "not a log record")]


def test_strict_fails_on_a_banner_after_a_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bot.log"
    path.write_text(f"{FILTERED}\nLogging to file: logs/x.log\n{METRICS}\n", encoding="utf-8")
    line = one_line_error(run(capsys, "events", str(path), "--strict", "--kind", "bids_filtered"))
    assert line == f"mmdiag: {path}:2: not a log record (1 such lines; --strict allows none)"
    result = run(capsys, "events", str(path), "--kind", "bids_filtered", "--format", "json")
    event = json.loads(result.out)["events"][0]
    assert event["fields"]["mid_price"] == 89958.52


def test_a_message_that_may_hold_newlines_keeps_them_until_a_panic(tmp_path: Path) -> None:
    log = read(
        tmp_path,
        WS_ERROR,
        "caused by: connection reset",
        "thread 'main' panicked at src/main.rs:10:5:",
        "called `Option::unwrap()` on a `None` value",
        "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
        METRICS,
    )
    assert log.events["message"][0] == "WebSocket error\ncaused by: connection reset"
    summary = log.inputs[0]
    assert (summary.multiline_records, summary.continuation_lines) == (1, 1)
    assert [n.line for n in summary.examples] == [3, 4, 5]


def test_a_display_string_field_may_go_on_over_a_newline(tmp_path: Path) -> None:
    started = f"{TS}  INFO market_maker: Starting market maker asset=BTC strategy=Ladder note=a"
    log = read(tmp_path, started, "b", METRICS)
    assert json.loads(log.events["fields"][0])["note"] == "a\nb"
    assert log.inputs[0].not_log_lines == 0


def test_pretty_one_line_records_keep_their_indented_lines_only(tmp_path: Path) -> None:
    log = read(
        tmp_path,
        PRETTY_FILTERED,
        "    at src/strategy/ladder_strat.rs:120",
        "    in hyperliquid_rust_sdk::market_maker::quote_cycle with asset: hyna:BTC",
        "Logging to file: logs/x.log",
        "",
        f"  {WS_ERROR}",
        "caused by: connection reset",
        "    at src/main.rs:46",
        "",
    )
    assert log.events["span"].to_list() == ["quote_cycle{asset=hyna:BTC}", None]
    assert log.events["message"][1] == "WebSocket error\ncaused by: connection reset"
    summary = log.inputs[0]
    assert [n.line for n in summary.examples] == [4]
    assert summary.not_log_lines == 1
