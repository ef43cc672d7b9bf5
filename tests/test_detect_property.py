"""Property: whatever windows a simulated run has, detection finds exactly those windows."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmdiag import detect
from mmdiag.events import load_events
from mmdiag.simulate import Run, Scenario, Window, write

START = datetime(2026, 4, 1, tzinfo=UTC)
TOLERANCE_S = 3.0


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    t = draw(st.floats(8, 40))
    windows = []
    for _ in range(draw(st.integers(1, 3))):
        cause = draw(st.sampled_from(["sizes_filtered", "ladder_empty", "margin_rejected"]))
        sides = ("bid", "ask")
        if cause != "margin_rejected":
            sides = draw(st.sampled_from([("bid",), ("ask",), ("bid", "ask")]))
        length = draw(st.floats(40, 150))
        windows.append(Window(t, t + length, cause, sides=sides, capacity=0.0001, margin=3.0))
        t += length + draw(st.floats(15, 60))
    end = t + draw(st.floats(10, 30))
    seed = draw(st.integers(0, 10_000))
    return Scenario("prop", START, (Run(0, end),), tuple(windows), seed=seed, debug=False)


def _at(scenario: Scenario, offset: float) -> datetime:
    return scenario.start + timedelta(seconds=offset)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
def test_detection_finds_each_simulated_window(scenario: Scenario) -> None:
    text = io.StringIO()
    write(scenario, "json", text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.log"
        path.write_text(text.getvalue(), encoding="utf-8")
        events = load_events([str(path)], detect.ANALYSIS_KINDS).events
    found = detect.incidents(events)
    assert len(found) == len(scenario.windows), (found, scenario.windows)
    for window, incident in zip(scenario.windows, found, strict=True):
        assert incident.cause == window.cause
        assert set(incident.sides) == set(window.sides)
        assert abs((incident.start - _at(scenario, window.start_s)).total_seconds()) <= TOLERANCE_S
        assert abs((incident.end - _at(scenario, window.end_s)).total_seconds()) <= TOLERANCE_S
