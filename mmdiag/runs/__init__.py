"""Runs, not events, reach Python: the observer and the detector read a log's changes.

Inside an incident the bot logs the same few lines every cycle (a warning, a plan with an
empty side, now and then a batch line), hundreds of times. `plan` finds, in polars, runs of
cycles whose lines say the same thing; `RunReader` reads each run's first two cycles line by
line, and when the state they leave holds steady (`state.steady`) writes the state after the
skipped cycles at once (`state.skip`) and reads the last cycle line by line. The answer is the
one reading every line gives (`tests/test_runs.py` checks it on every fixture and reference
log); the work grows with the runs, which are the incidents' edges.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl

from mmdiag.detect import Detector
from mmdiag.observe import COLUMNS, Observation, Observer, thin
from mmdiag.runs.plan import Run, plan
from mmdiag.runs.state import skip, snapshot, steady
from mmdiag.timeline import SideRecorder

__all__ = ["ENABLED", "RunReader"]

ENABLED = True
"""Off only in the tests that compare the run path with reading every line."""
T = TypeVar("T")


def _untimed(stage: str, call: Callable[..., T], *args: Any) -> T:
    return call(*args)


class RunReader:
    """Feeds event tables, in log order, to an observer, a detector and (for the pictures) a
    side recorder: every line but the skipped cycles of steady runs."""

    def __init__(
        self,
        observer: Observer,
        detector: Detector,
        sides: SideRecorder | None = None,
        see: Callable[[list[Observation]], None] | None = None,
        timed: Callable[..., Any] = _untimed,
    ) -> None:
        self.observer, self.detector, self.sides = observer, detector, sides
        self.see = see
        self.timed = timed
        options = detector.options
        self.bound_s = min(options.cause_change_s, options.max_gap_s) / 3
        self.rows_read = 0
        self.rows_skipped = 0

    def read(self, events: pl.DataFrame) -> None:
        thinned = self.timed("observe", thin, events)
        rows = thinned.select(COLUMNS)
        if ENABLED:
            steps = self.timed("runs", plan, thinned, self.bound_s)
        else:
            steps = [(0, rows.height)] if rows.height else []
        for step in steps:
            if isinstance(step, Run):
                self._run(rows, step)
            else:
                self._feed(rows, *step)

    def _run(self, rows: pl.DataFrame, run: Run) -> None:
        self._feed(rows, *run.first)
        before = self._snapshot()
        self._feed(rows, *run.second)
        after = self._snapshot()
        if self.timed("runs", self._skipped, rows, run, before, after):
            self.rows_skipped += run.skipped[1] - run.skipped[0]
        else:
            self._feed(rows, *run.skipped)
        self._feed(rows, *run.last)

    def _snapshot(self) -> Any:
        return self.timed("runs", snapshot, self.observer, self.detector, self.sides)

    def _skipped(self, rows: pl.DataFrame, run: Run, before: Any, after: Any) -> bool:
        session = self.detector.session
        if session is None or session.stopped is not None or not steady(before, after):
            return False
        if self.detector.announce:  # watch: a window is told of as soon as it counts
            return False
        if run.batch is not None and not self._batch_is_quiet(rows, run, after):
            return False
        return skip(run, before, after)

    def _batch_is_quiet(self, rows: pl.DataFrame, run: Run, after: Any) -> bool:
        """A batch line changes nothing the observer keeps (no placement waits for it)."""
        assert run.batch_row is not None
        line = rows.row(run.batch_row)
        probe = copy.deepcopy(self.observer)
        list(probe.observe(line))
        return bool(snapshot(probe)[0] == after[0])

    def _feed(self, rows: pl.DataFrame, start: int, end: int) -> None:
        if end <= start:
            return
        self.rows_read += end - start
        batch: list[Observation] = self.timed(
            "observe", _observed, self.observer, rows.slice(start, end - start)
        )
        if self.see is not None:
            self.see(batch)
        self.timed("detect", self.detector.feed, batch)
        if self.sides is not None:
            self.timed("timeline", self.sides.see, batch)


def _observed(observer: Observer, rows: pl.DataFrame) -> list[Observation]:
    return [obs for row in rows.iter_rows() for obs in observer.observe(row)]
