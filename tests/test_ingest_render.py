"""The event table as `mmdiag events` renders it: cut cells in the table, whole text elsewhere."""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console

from mmdiag.model import EventLog
from mmdiag.parse.reader import read_events
from mmdiag.report.events import render_table
from tests.cli_helpers import FILTERED, FULL_CYCLE, STARTED, run

BIG = 1 << 20


def wide_table(log: EventLog) -> str:
    out = io.StringIO()
    render_table(log, Console(file=out, width=2000, highlight=False, soft_wrap=False), None)
    return out.getvalue()


def big_record() -> str:
    record = json.loads(STARTED)
    record["fields"]["message"] = "Big " + "y" * BIG
    return json.dumps(record)


def test_the_table_cuts_a_huge_message_and_says_how_long_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bot.log"
    path.write_text(big_record() + "\n", encoding="utf-8")
    result = run(capsys, "events", str(path), "-q")
    assert result.code == 0, result.err
    assert len(result.out) < 20_000
    table = wide_table(read_events([str(path)]))
    assert f"{'y' * 200}… ({BIG + 4:,} chars; --format json shows all)" in table


def test_json_keeps_a_huge_message_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bot.log"
    path.write_text(big_record() + "\n", encoding="utf-8")
    result = run(capsys, "events", str(path), "--format", "json")
    assert len(json.loads(result.out)["events"][0]["message"]) == BIG + 4


def test_the_table_shows_target_and_span(tmp_path: Path) -> None:
    path = tmp_path / "bot.log"
    path.write_text(FULL_CYCLE + "\n", encoding="utf-8")
    lines = wide_table(read_events([str(path)])).splitlines()
    assert [c.strip() for c in lines[1].split("┃")[5:7]] == ["target", "span"]
    assert [c.strip() for c in lines[3].split("│")[5:7]] == [
        "hyperliquid_rust_sdk::market_maker",
        "quote_cycle{asset=hyna:BTC}",
    ]


def test_parquet_has_a_typed_column_per_catalogued_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bot.log"
    path.write_text(f"{STARTED}\n{FILTERED}\n", encoding="utf-8")
    out = tmp_path / "events.parquet"
    assert run(capsys, "events", str(path), "--format", "parquet", "-o", str(out)).code == 0
    frame = pl.read_parquet(out)
    assert frame.schema["field_mid_price"] == pl.Float64
    assert frame.schema["field_bids_before"] == pl.Int64
    assert frame.schema["field_dry_run"] == pl.Boolean
    assert frame["field_mid_price"].to_list() == [None, 89958.52]
    assert frame["field_asset"].to_list() == ["hyna:BTC", None]
    assert json.loads(frame["fields"][1])["mid_price"] == 89958.52
