"""mmdiag.timeline: each side's states from observations, and the series' thinning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import polars as pl

from mmdiag.model import EVENT_SCHEMA
from mmdiag.observe import Observation
from mmdiag.timeline import MAX_SPANS, SeriesRecorder, SideRecorder, StateSpan, merge_short

T0 = datetime(2026, 3, 1, 10, tzinfo=UTC)


def obs(
    second: float, what: str, side: str | None = None, value: int = 0, line: int = 0
) -> Observation:
    return Observation(T0 + timedelta(seconds=second), "x.log", line, what, side, value)


def states(recorder: SideRecorder, side: str) -> list[tuple[str, float, float]]:
    return [
        (s.state, (s.start - T0).total_seconds(), (s.end - T0).total_seconds())
        for s in recorder.finish()[side]
    ]


def test_a_side_quotes_only_while_an_order_rests() -> None:
    recorder = SideRecorder(max_gap_s=120)
    recorder.see(
        [
            obs(0, "start"),
            obs(40, "plan", "bid", 5, line=1),
            obs(40, "plan", "ask", 0, line=1),
            obs(41, "orders", "bid", 5),
            obs(41, "orders", "ask", 0),
            obs(60, "orders", "bid", 0),
            obs(61, "orders", "bid", 3),
            obs(70, "orders", "ask", 2),
            obs(90, "stop"),
            obs(92, "orders", "bid", 0),  # after the stop: still stopped
        ]
    )
    assert states(recorder, "bid") == [
        ("warmup", 0, 40),  # before the session's first plan
        ("quoting", 40, 60),
        ("no_order", 60, 61),
        ("quoting", 61, 90),
        ("stopped", 90, 92),
    ]
    recorder = SideRecorder(max_gap_s=120)
    recorder.see(
        [
            obs(0, "start"),
            obs(40, "plan", "ask", 0, line=1),
            obs(41, "orders", "ask", 0),
            obs(70, "orders", "ask", 2),
            obs(90, "stop"),
        ]
    )
    assert states(recorder, "ask") == [
        ("warmup", 0, 40),
        ("startup", 40, 70),  # never an order before: not `no_order`
        ("quoting", 70, 90),
    ]


def test_plans_decide_where_the_log_shows_no_orders_and_a_silence_is_unknown() -> None:
    recorder = SideRecorder(max_gap_s=120)
    recorder.see(
        [
            obs(0, "start"),
            obs(5, "plan", "bid", 5, line=1),
            obs(5, "plan", "ask", 5, line=1),
            obs(6, "plan", "bid", 0, line=2),
            obs(6, "plan", "ask", 5, line=2),
            obs(400, "plan", "bid", 5, line=3),  # 394 s of nothing while the bid was empty
        ]
    )
    expected = [("warmup", 0, 5), ("quoting", 5, 6), ("unknown", 6, 400)]
    assert states(recorder, "bid") == expected
    assert states(recorder, "ask") == expected
    # While both sides quote, the reader cuts quiet runs of plans to their ends: a gap then is
    # no silence.
    recorder = SideRecorder(max_gap_s=120)
    recorder.see(
        [
            obs(0, "start"),
            obs(5, "plan", "bid", 5, line=1),
            obs(5, "plan", "ask", 5, line=1),
            obs(400, "plan", "bid", 5, line=3),
            obs(400, "plan", "ask", 5, line=3),
        ]
    )
    assert states(recorder, "bid") == [("warmup", 0, 5), ("quoting", 5, 400)]


def test_a_side_keeps_a_bounded_number_of_spans() -> None:
    recorder = SideRecorder()
    batch = [obs(0, "start")]
    for n in range(60_000):  # a requote that empties the bid for half a second every 7 s
        batch += [obs(7 * n + 1, "orders", "bid", 0), obs(7 * n + 1.5, "orders", "bid", 5)]
    recorder.see(batch)
    spans = recorder.finish()["bid"]
    assert len(spans) <= MAX_SPANS
    assert spans[0].start == T0 and spans[-1].end == T0 + timedelta(seconds=7 * 59_999 + 1.5)
    for before, after in pairwise(spans):
        assert before.end == after.start


def test_short_runs_merge_into_the_state_that_held_longest() -> None:
    at = [T0 + timedelta(seconds=s) for s in (0, 1, 1.2, 2.5, 2.6, 30)]
    spans = [
        StateSpan("quoting", at[0], at[1]),
        StateSpan("no_order", at[1], at[2]),
        StateSpan("quoting", at[2], at[3]),
        StateSpan("no_order", at[3], at[4]),
        StateSpan("quoting", at[4], at[5]),
    ]
    merged = merge_short(spans, timedelta(seconds=2))
    assert [s.state for s in merged] == ["quoting"]
    assert merged[0].start == at[0] and merged[-1].end == at[5]


def test_series_keep_each_buckets_lowest_and_highest() -> None:
    rows = []
    for n in range(1000):
        fields = f'{{"mid":"{90000 + (n % 7)}","position":"{n / 1000}","max_pos":"0.05"}}'
        rows.append(
            {
                "time": T0 + timedelta(milliseconds=100 * n),
                "kind": "quote_inputs",
                "fields": fields,
            }
        )
    table = pl.DataFrame(rows).with_columns(
        pl.col("time").cast(EVENT_SCHEMA["time"]),
    )
    recorder = SeriesRecorder()
    recorder.read(table)
    series = {s.name: s for s in recorder.finish()}
    mid = series["mid"]
    assert mid.unit == "USD" and len(mid.values) <= 2 * 100  # 100 s, 1 s buckets
    assert min(mid.values) == 90000 and max(mid.values) == 90006
    assert series["max_position"].values[0] == 0.05
    assert series["position"].values[-1] == 0.999
