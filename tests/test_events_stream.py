"""`mmdiag events` streams: each table is written as it is read, and the output is the one the
whole event table gives (`load_events`)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from mmdiag.events import EventTables, in_time_order, load_events
from mmdiag.report import events as render
from tests.conftest import FIXTURES, shared_reference_dir

T0 = datetime(2026, 1, 2, tzinfo=UTC)


def _logs() -> list[Path]:
    found = [FIXTURES / "btc_237.json.log", FIXTURES / "ladder_bids_rejected.full.log"]
    shared = shared_reference_dir()
    if shared is not None:
        found += [shared / "logs" / "seed_237.multistream", shared / "logs" / "seed_237.pretty.log"]
    return found


@pytest.mark.parametrize("path", _logs(), ids=lambda p: p.name)
@pytest.mark.parametrize("kinds", [None, ["bids_filtered", "quote_cycle"]])
def test_streamed_output_is_the_whole_tables(path: Path, kinds: list[str] | None) -> None:
    whole = load_events([str(path)], kinds, min_level="INFO")
    tables = EventTables([str(path)], kinds, min_level="INFO")
    out = io.StringIO()
    render.write_json(tables, lambda: tables.inputs, out)
    written = json.loads(out.getvalue())
    assert written["events"] == list(render.event_records(whole.events))
    assert written["inputs"] == render.inputs_json(whole.inputs)

    tables = EventTables([str(path)], kinds, min_level="INFO")
    out = io.StringIO()
    render.write_csv(tables, lambda: tables.inputs, out)
    flat = render.flat_frame(whole.events).with_columns(
        pl.col("time").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
    )
    assert out.getvalue() == flat.write_csv()

    tables = EventTables([str(path)], kinds, min_level="INFO")
    binary = io.BytesIO()
    render.write_parquet(tables, lambda: tables.inputs, binary)
    assert_frame_equal(pl.read_parquet(binary.getvalue()), render.parquet_frame(whole.events))


def _table(seconds: list[int], first_line: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "time": [T0 + timedelta(seconds=s) for s in seconds],
            "line": list(range(first_line, first_line + len(seconds))),
        },
        schema={"time": pl.Datetime("us", "UTC"), "line": pl.Int64},
    ).sort("time", maintain_order=True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 40), min_size=0, max_size=12), min_size=1, max_size=6),
    st.integers(0, 30),
)
def test_tables_come_out_in_the_order_of_one_sort(parts: list[list[int]], step: int) -> None:
    """A clock that steps back across a table's edge (never past a whole table) is sorted as
    the whole table would be, ties in file order."""
    tables, line = [], 1
    for n, seconds in enumerate(parts):
        # each table starts at most `step` seconds before the previous one ended
        shifted = [s + n * 40 - min(step, 40) for s in seconds] if n else seconds
        tables.append(_table(shifted, line))
        line += len(seconds)
    whole = pl.concat(tables).sort("time", maintain_order=True)
    got = list(in_time_order(tables))
    assert_frame_equal(pl.concat(got) if got else whole.clear(), whole)


def test_each_table_is_written_before_the_next_is_read() -> None:
    out = io.StringIO()
    first = pl.DataFrame(load_events([str(FIXTURES / "btc_237.json.log")]).events.head(3))

    def tables() -> Iterator[pl.DataFrame]:
        yield first
        assert out.getvalue().count('"kind"') == 3  # already out when the next one is read
        yield first

    render.write_json(tables(), lambda: (), out)
    assert len(json.loads(out.getvalue())["events"]) == 6
