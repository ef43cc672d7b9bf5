"""Telling `watch` of an open window changes nothing the window keeps: the incidents it
closes are those a detector that tells nothing finds."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from mmdiag import detect
from mmdiag.detect import Detector
from mmdiag.events import load_events
from mmdiag.observe import observations
from mmdiag.simulate import Run, Scenario, Window, write


def test_a_window_told_while_open_keeps_its_evidence_counts() -> None:
    # A one-sided window of warnings and empty cycles: each look at the open window (at every
    # second of log, as watch ticks) merged its later segments' counts into its first's.
    window = Window(5.0, 34.0, "sizes_filtered", sides=("bid",), capacity=0.0001, margin=3.0)
    start = datetime(2026, 4, 1, tzinfo=UTC)
    scenario = Scenario("told", start, (Run(0, 39.0),), (window,), seed=1, debug=False)
    text = io.StringIO()
    write(scenario, "json", text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.log"
        path.write_text(text.getvalue(), encoding="utf-8")
        events = load_events([str(path)], detect.ANALYSIS_KINDS).events
    found = []
    for announce in (False, True):
        detector = Detector(announce=announce)
        second = None
        for obs in observations(events):
            if obs.time.replace(microsecond=0) != second:
                second = obs.time.replace(microsecond=0)
                detector.tick(second)
            detector.feed([obs])
        detector.finish()
        found.append(detector.pieces)
    quiet, told = found
    assert told == quiet
    counts = {e.what: e.count for e in quiet[0].evidence}  # a warning and an empty plan a cycle
    assert (
        counts["quote cycles with no bid level"] == counts["All bid levels filtered out warnings"]
    )
