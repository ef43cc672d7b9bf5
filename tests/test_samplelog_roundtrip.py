"""Parsing an event rendered in any layout gives the event back (property tests)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmdiag.parse.reader import read_events
from mmdiag.parse.record import render_span
from mmdiag.samplelog import LAYOUTS, SampleEvent, SampleField, SampleSpan, render

_WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=1,
    max_size=8,
)
_MESSAGE_LINE = st.lists(
    st.one_of(_WORD, st.sampled_from(["[bold]", "[/bold]", "(x)", "{y}", "<script>", "✓"])),
    min_size=1,
    max_size=6,
).map(" ".join)
_MESSAGE = (
    st.lists(_MESSAGE_LINE, min_size=1, max_size=2)
    .map("\n".join)
    .filter(lambda m: not m[0].isdigit() and not m.split(" ")[0].islower())
)
_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_VALUE = st.one_of(
    st.integers(-(10**9), 10**9).map(lambda n: SampleField("", str(n), "num")),
    st.floats(0, 1e6, allow_nan=False).map(lambda x: SampleField("", f"{x:.6f}", "str")),
    st.booleans().map(lambda b: SampleField("", "true" if b else "false", "bool")),
    _WORD.map(lambda w: SampleField("", w, "str")),
    st.lists(_WORD, min_size=1, max_size=3).map(
        lambda ws: SampleField("", '"' + " ".join(ws) + '"', "str")
    ),
)


QUOTE_CYCLE = SampleSpan(
    "quote_cycle", "hyperliquid_rust_sdk::market_maker", (SampleField("asset", "hyna:BTC"),)
)


@st.composite
def sample_events(draw: st.DrawFn) -> SampleEvent:
    names = draw(st.lists(_NAME, max_size=4, unique=True))
    fields = tuple(
        SampleField(n, v.text, v.json_kind)
        for n, v in zip(
            names, draw(st.lists(_VALUE, min_size=len(names), max_size=len(names))), strict=True
        )
    )
    # The bot's one span; Compact cannot mark an unknown span's fields (see catalog).
    span = draw(st.sampled_from([None, QUOTE_CYCLE]))
    return SampleEvent(
        time=datetime(2026, 1, 2, tzinfo=UTC)
        + timedelta(microseconds=draw(st.integers(0, 10**12))),
        level=draw(st.sampled_from(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"])),
        target=draw(st.sampled_from(["market_maker", "hyperliquid_rust_sdk::market_maker::infra"])),
        message=draw(_MESSAGE),
        fields=fields,
        span=span,
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(event=sample_events(), layout=st.sampled_from(LAYOUTS))
def test_rendered_event_parses_back(tmp_path: Path, event: SampleEvent, layout: str) -> None:
    path = tmp_path / f"one.{layout}.log"
    path.write_text(render(event, layout) + "\n", encoding="utf-8")
    log = read_events([str(path)])
    assert log.inputs[0].unparsed_lines == 0
    (row,) = log.events.iter_rows(named=True)
    assert row["time"] == event.time
    assert row["level"] == event.level
    assert row["message"] == event.message
    assert row["target"] == (None if layout == "console" else event.target)
    expected_span = (
        render_span(event.span.name, [(f.name, f.text) for f in event.span.fields])
        if event.span
        else None
    )
    assert row["span"] == expected_span
    assert json.loads(row["fields"]) == {f.name: f.text for f in event.fields}
