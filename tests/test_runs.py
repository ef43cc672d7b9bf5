"""Runs, not events, reach Python: and the answer is the one reading every line gives.

The event path (`runs.ENABLED = False`: every line through the observer and the detector) is
the reference; the run path must give exactly its sessions, incidents (evidence counts, first
and last lines, logged values), timeline and input accounts, on every fixture, every reference
log in every layout, the bot's real logs and the late session, and on simulated runs whose
cycles come near every threshold the detector has."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmdiag import detect, runs
from mmdiag.analysis import Analysis, analyze
from mmdiag.config import Settings
from mmdiag.detect import Change, DetectOptions, Detector
from mmdiag.events import load_events
from mmdiag.observe import Observer, thin
from mmdiag.runs import RunReader
from mmdiag.runs.state import ATTRIBUTES
from mmdiag.simulate import Run, Scenario, Window, write
from mmdiag.timeline import SideRecorder
from tests.conftest import FIXTURES, shared_reference_dir


@contextmanager
def event_path() -> Iterator[None]:
    """Every line through the observer and the detector, as before runs."""
    runs.ENABLED = False
    try:
        yield
    finally:
        runs.ENABLED = True


def _logs() -> list[Path]:
    found = sorted(FIXTURES.glob("*.log"))
    shared = shared_reference_dir()
    if shared is not None:
        logs = shared / "logs"
        found += sorted(logs.glob("*.log")) + sorted(logs.glob("*.console"))
        found += [*sorted(logs.glob("*.gz")), logs / "seed_237.multistream"]
        found += sorted((shared / "real").glob("*.log"))
        found += sorted((shared / "late").glob("*.log"))
    return found


def answer(analysis: Analysis) -> tuple[Any, ...]:
    """Everything the analysis found: whole sessions and incidents (evidence, lines, logged
    values, details), verdicts, the timeline and how each input was read."""
    return (
        analysis.inputs,
        analysis.sessions,
        tuple(item.incident for item in analysis.incidents),
        tuple(item.verdict.sentence for item in analysis.incidents),
        analysis.timeline,
    )


@pytest.mark.parametrize("path", _logs(), ids=lambda p: p.name)
def test_the_run_path_answers_as_every_line_does(path: Path) -> None:
    with event_path():
        reference = answer(analyze([str(path)]))
    assert answer(analyze([str(path)])) == reference


@pytest.mark.parametrize("path", _logs()[:4], ids=lambda p: p.name)
def test_the_run_path_answers_as_every_line_does_in_small_tables(path: Path) -> None:
    """Runs cut by the stream's tables (97 events each) still add up."""
    with event_path():
        reference = answer(analyze([str(path)]))
    assert answer(analyze([str(path)], chunk_rows=97)) == reference


def _read(
    events: pl.DataFrame, options: DetectOptions, announce: bool = False, table_rows: int = 20_000
) -> tuple[Any, ...]:
    """What a reader fed `events` in tables of `table_rows` finds; with announcements (watch),
    told the time of every second of log too, as `watch` tells it, and what changed when."""
    observer, detector = Observer(), Detector(options, announce=announce)
    sides = SideRecorder(options.max_gap_s)
    reader = RunReader(observer, detector, sides)
    changes: list[Change] = []
    for start in range(0, events.height, table_rows):
        table = events.slice(start, table_rows)
        seconds = table["time"].dt.truncate("1s").unique(maintain_order=True).to_list()
        changes += reader.read(table, seconds if announce else ())
    changes += detector.finish()
    return (
        tuple(detector.sessions),
        tuple(detector.pieces),
        tuple(changes) if announce else (),
        sides.finish(),
        reader.rows_skipped,
    )


def _both(
    events: pl.DataFrame, options: DetectOptions, announce: bool = False, table_rows: int = 20_000
) -> tuple[tuple[Any, ...], int]:
    with event_path():
        *reference, _ = _read(events, options, announce, table_rows)
    *found, skipped = _read(events, options, announce, table_rows)
    assert found == reference
    return tuple(found), skipped


def test_runs_are_skipped_where_an_incident_repeats_its_lines() -> None:
    """Not a vacuous property: in the seed's incident most lines are skipped."""
    events = load_events([str(FIXTURES / "btc_237.json.log")], detect.ANALYSIS_KINDS).events
    (_, pieces, *_), skipped = _both(events, DetectOptions())
    assert pieces and skipped > thin(events).height * 3 // 4


START = datetime(2026, 4, 1, tzinfo=UTC)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Runs of the simulated bot with windows of each cause, back to back, one-sided or not,
    across restarts."""
    t = draw(st.floats(5, 40))
    windows = []
    causes = ["sizes_filtered", "ladder_empty", "margin_rejected", "reduce_only"]
    for _ in range(draw(st.integers(1, 4))):
        cause = draw(st.sampled_from(causes))
        sides = draw(st.sampled_from([("bid",), ("ask",), ("bid", "ask")]))
        length = draw(st.floats(10, 150))
        windows.append(Window(t, t + length, cause, sides=sides, capacity=0.0001, margin=3.0))
        t += length + draw(st.floats(0, 60))
    end = t + draw(st.floats(5, 30))
    restart = draw(st.one_of(st.none(), st.floats(min(20, end / 2), end - 5)))
    parts = (Run(0, end),) if restart is None else (Run(0, restart), Run(restart + 3, end))
    seed = draw(st.integers(0, 10_000))
    return Scenario("runs", START, parts, tuple(windows), seed=seed, debug=False)


@st.composite
def options(draw: st.DrawFn) -> DetectOptions:
    """Thresholds from the defaults down to a cycle's length, where runs stop being steady."""
    return DetectOptions(
        min_window_s=draw(st.sampled_from([0.0, 2.0, 30.0])),
        max_gap_s=draw(st.sampled_from([1.5, 3.0, 120.0])),
        cause_change_s=draw(st.sampled_from([1.0, 4.0, 30.0])),
        startup_s=draw(st.sampled_from([0.0, 120.0])),
    )


def _events(scenario: Scenario, layout: str = "json") -> pl.DataFrame:
    text = io.StringIO()
    write(scenario, layout, text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.log"
        path.write_text(text.getvalue(), encoding="utf-8")
        return load_events([str(path)], detect.ANALYSIS_KINDS).events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), thresholds=options(), table_rows=st.sampled_from([50, 20_000]))
def test_simulated_runs_answer_as_every_line_does(
    scenario: Scenario, thresholds: DetectOptions, table_rows: int
) -> None:
    _both(_events(scenario), thresholds, table_rows=table_rows)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
def test_watch_is_told_what_every_line_tells_it(scenario: Scenario) -> None:
    """With announcements (watch), the changes and their times are those of every line."""
    _both(_events(scenario), DetectOptions(), announce=True)


def test_every_attribute_of_the_state_is_classified() -> None:
    """A new attribute in the observer, the detector or the timeline's recorder must be looked
    at: may a cycle change it (then say how, in runs/state.py), or must it hold?"""
    events = load_events([str(FIXTURES / "back_to_back.json.log")], detect.ANALYSIS_KINDS).events
    seen: dict[str, set[str]] = {}
    observer, detector = Observer(), Detector()
    sides = SideRecorder()
    reader = RunReader(observer, detector, sides)
    with event_path():
        reader.read(events.head(events.height // 2))  # a window is open, with its segments
    stack: list[Any] = [detector, sides]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            name = f"{type(value).__module__}.{type(value).__qualname__}"
            if name.startswith(("mmdiag.detect.", "mmdiag.timeline.")):
                seen.setdefault(name, set()).update(vars(value))
                stack.extend(vars(value).values())
    values = ("mmdiag.detect.options.DetectOptions", "mmdiag.timeline.StateSpan")
    for name, attributes in seen.items():
        if name in values:  # frozen: compared whole
            continue
        assert name in ATTRIBUTES, name
        assert attributes <= set(ATTRIBUTES[name]), (name, attributes - set(ATTRIBUTES[name]))


def test_analyze_settings_reach_the_run_bound() -> None:
    """Runs are no longer than a third of the shortest gap the detector tells apart."""
    log = FIXTURES / "btc_237.json.log"
    tight = Settings(max_gap_s=2.0)
    with event_path():
        reference = answer(analyze([str(log)], tight))
    assert answer(analyze([str(log)], tight)) == reference
