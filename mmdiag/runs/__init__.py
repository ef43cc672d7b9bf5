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
import re
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import polars as pl

from mmdiag.detect import Change, Detector
from mmdiag.detect.detector import CHECK_EVERY
from mmdiag.observe import COLUMNS, Observation, Observer, thin
from mmdiag.runs.plan import Run, plan
from mmdiag.runs.state import Snapshot, skip, snapshot, steady
from mmdiag.timeline import SideRecorder

__all__ = ["ENABLED", "RunReader"]

ENABLED = True
"""Off only in the tests that compare the run path with reading every line."""
_DIGITS = re.compile(r"\d+")
T = TypeVar("T")


def _untimed(stage: str, call: Callable[..., T], *args: Any) -> T:
    return call(*args)


class RunReader:
    """Feeds event tables, in log order, to an observer, a detector and (for the pictures) a
    side recorder: every line but the skipped cycles of steady runs. For `watch`, the times
    of the lines of any kind (`ticks`) go to the detector between the observations, as log
    time moves on, and `read` returns what changed."""

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
        self._ticks: deque[datetime] = deque()
        self._changes: list[Change] = []
        self._silent = 0
        """Rows of the latest feed that said nothing (no observation)."""
        self._quiet_batches: dict[tuple[Any, str], bool] = {}

    def read(self, events: pl.DataFrame, ticks: Iterable[datetime] = ()) -> list[Change]:
        self._ticks = deque(ticks)
        self._changes = []
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
        while self._ticks:
            self._changes += self.detector.tick(self._ticks.popleft())
        return self._changes

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

    def _snapshot(self) -> Snapshot:
        return self.timed("runs", snapshot, self.observer, self.detector, self.sides)  # type: ignore[no-any-return]

    def _skipped(self, rows: pl.DataFrame, run: Run, before: Snapshot, after: Snapshot) -> bool:
        detector = self.detector
        session = detector.session
        if session is None or session.stopped is not None or not steady(before, after):
            return False
        # Watch: a window told of inside the run, the last cycle included (until it is read,
        # the last lines, values and times the skip leaves are those of the second cycle).
        end = rows["time"][run.last[1] - 1]
        if detector.announce and (self._silent or detector.would_tell(end)):
            return False
        if run.batch is not None and not self._batch_is_quiet(rows, run, after):
            return False
        checked = {side: s.window.checked for side, s in session.sides.items() if s.window}
        if not skip(run, before, after):
            return False
        if detector.announce:
            self._tell_skipped(rows, run, checked)
        return True

    def _tell_skipped(
        self, rows: pl.DataFrame, run: Run, checked: dict[str, datetime | None]
    ) -> None:
        """Watch: the skipped lines' and ticks' log times, as the detector would have been
        told them: when each window was last looked at (every `CHECK_EVERY`). The ticks are
        all before the last skipped line, the latest time the detector keeps."""
        start, end = run.skipped
        times = rows["time"].slice(start, end - start).to_list()
        ticks = []
        while self._ticks and self._ticks[0] <= run.until:
            ticks.append(self._ticks.popleft())
        session = self.detector.session
        assert session is not None
        calls = sorted([*times, *ticks])
        for side, last in checked.items():
            window = session.sides[side].window
            assert window is not None
            for now in calls:
                if last is None or now - last >= CHECK_EVERY:
                    last = now
            window.checked = last

    def _batch_is_quiet(self, rows: pl.DataFrame, run: Run, after: Snapshot) -> bool:
        """A batch line changes nothing the observer keeps (no placement waits for it): the
        first skipped one is tried on a copy of the observer (the others do as it does: the
        observer reads a batch line's kind, not its numbers). Answers are kept by the
        observer's state and the line's shape (its digits aside)."""
        assert run.batch_row is not None
        line = rows.row(run.batch_row)
        key = (after[0].value, _DIGITS.sub("#", str(line[7])))
        known = self._quiet_batches.get(key)
        if known is None:
            if len(self._quiet_batches) > 1000:
                self._quiet_batches.clear()
            probe = copy.deepcopy(self.observer)
            list(probe.observe(line))
            known = self._quiet_batches[key] = bool(snapshot(probe)[0] == after[0])
        return known

    def _feed(self, rows: pl.DataFrame, start: int, end: int) -> None:
        if end <= start:
            return
        self.rows_read += end - start
        batch, self._silent = self.timed(
            "observe", _observed, self.observer, rows.slice(start, end - start)
        )
        if self.see is not None:
            self.see(batch)
        if self._ticks:
            self.timed("detect", self._with_ticks, batch)
        else:
            self._changes += self.timed("detect", self.detector.feed, batch)
        if self.sides is not None:
            self.timed("timeline", self.sides.see, batch)

    def _with_ticks(self, batch: list[Observation]) -> None:
        """Each tick before the observations at or after it (as `heapq.merge` orders them)."""
        done = 0
        for n, obs in enumerate(batch):
            if self._ticks and self._ticks[0] <= obs.time:
                self._changes += self.detector.feed(batch[done:n])
                done = n
                while self._ticks and self._ticks[0] <= obs.time:
                    self._changes += self.detector.tick(self._ticks.popleft())
        self._changes += self.detector.feed(batch[done:])


def _observed(observer: Observer, rows: pl.DataFrame) -> tuple[list[Observation], int]:
    """The rows' observations, and how many rows gave none."""
    found: list[Observation] = []
    silent = 0
    for row in rows.iter_rows():
        before = len(found)
        found.extend(observer.observe(row))
        silent += len(found) == before
    return found, silent
