"""What each side did over time, and the price and position beside it: what the pictures draw.

Fed, in log order, the observations the detector reads and the event tables they come from;
keeps only what a picture needs. Per side, spans of one state:

- `warmup`: a session started and its quote loop has not run yet (no plan); the detector
  counts this as warm-up too, whatever the log says.
- `startup`: the quote loop runs, but the side has had no order yet in this session.
- `quoting`: an order rests on the side (or, where the log shows no orders, a cycle planned
  levels on it: the detector's rule, `detect/__init__.py`).
- `no_order`: the side had orders in this session and has none now.
- `stopped`: after a shutdown or the kill switch, until the next start.
- `unknown`: nothing is known: before the first line about quoting of a log that starts
  mid-run, or a silence longer than the maximum gap while the loop ran.

And series of numbers the log gives (mid price, best bid and ask, position, its maximum),
thinned as they come to each bucket's lowest and highest: a picture cannot show more.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import polars as pl

from mmdiag import catalog
from mmdiag.observe import SIDES, Observation

SIDE_STATES = ("warmup", "startup", "quoting", "no_order", "stopped", "unknown")

# Series: name -> (unit, the fields that give it, in order of preference). The fields are the
# bot's own names (catalog.py): `mid` in the quote inputs, `mid_price` in the filtered-out
# warnings; `max_pos` per cycle, `max_position` at start-up and in the reduce-only warnings.
SERIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "mid": ("USD", ("mid", "mid_price")),
    "best_bid": ("USD", ("best_bid", "bid")),
    "best_ask": ("USD", ("best_ask", "ask")),
    "position": ("coins", ("position",)),
    "max_position": ("coins", ("max_pos", "max_position")),
}
_PLANS = ("plan_levels", "plan_quotes")
_SERIES_KINDS = {
    name: tuple(
        kind.name
        for kind in catalog.KINDS
        if (kind.role in _PLANS)
        or (not name.startswith("best_") and any(f.name in fields for f in kind.fields))
    )
    for name, (_, fields) in SERIES.items()
}
"""The kinds that give each series: a quote's price only from the plans (the single-quote
releases log it as `bid=Some((price, size))`, uncatalogued in the ladder's)."""
# A number as the log writes it: `90000.5`, or the first of `Some((90000.5, 0.01))`.
_NUMBER = r"(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"

BUCKETS = 20_000
"""Buckets a series keeps: a day at 5 s, a month at about 2 minutes (each keeps 2 points)."""
FIRST_BUCKET_S = 1.0


@dataclass(frozen=True)
class StateSpan:
    state: str
    start: datetime
    end: datetime

    @property
    def duration_s(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class Series:
    """A number the log gave over time: each bucket's lowest and highest, in time order."""

    name: str
    unit: str
    times: tuple[datetime, ...]
    values: tuple[float, ...]
    bucket_s: float


@dataclass(frozen=True)
class Timeline:
    sides: Mapping[str, tuple[StateSpan, ...]] = field(default_factory=dict)
    series: tuple[Series, ...] = ()

    def spans(self, side: str, start: datetime, end: datetime) -> list[StateSpan]:
        """The side's spans within [start, end], cut to it."""
        return [
            StateSpan(span.state, max(span.start, start), min(span.end, end))
            for span in self.sides.get(side, ())
            if span.end > start and span.start < end
        ]

    def series_named(self, name: str) -> Series | None:
        return next((s for s in self.series if s.name == name), None)


MAX_SPANS = 40_000
"""Spans a side keeps: past this, runs of short spans merge (a month of a bot that empties a
side for a second at every requote would hold millions)."""


def merge_short(spans: list[StateSpan], shortest: timedelta) -> list[StateSpan]:
    """Runs of spans shorter than `shortest` become one, of the state that held longest in
    the run; longer spans stay as they are."""
    found: list[StateSpan] = []
    run: list[StateSpan] = []

    def close_run() -> None:
        if not run:
            return
        held: dict[str, timedelta] = {}
        for one in run:
            held[one.state] = held.get(one.state, timedelta()) + (one.end - one.start)
        state = max(held, key=lambda name: held[name])
        if found and found[-1].state == state and found[-1].end == run[0].start:
            found[-1] = StateSpan(state, found[-1].start, run[-1].end)
        else:
            found.append(StateSpan(state, run[0].start, run[-1].end))
        run.clear()

    for span in spans:
        if span.end - span.start >= shortest and not run:
            found.append(span)
            continue
        run.append(span)
        if run[-1].end - run[0].start >= shortest:
            close_run()
    close_run()
    return found


class _Side:
    def __init__(self) -> None:
        self.shortest = timedelta(seconds=1)
        self.spans: list[StateSpan] = []
        self.state = "unknown"
        self.since: datetime | None = None
        self.plan: int | None = None
        self.count = 0
        self.had_order = False
        self.pending: Observation | None = None

    def set(self, state: str, at: datetime) -> None:
        if state != self.state:
            self._flush(at)
            self.state, self.since = state, at

    def _flush(self, at: datetime) -> None:
        """The current state's span, up to `at`, joined to the last one if it is the same."""
        if self.since is None or at <= self.since:
            return
        last = self.spans[-1] if self.spans else None
        if last is not None and last.state == self.state and last.end == self.since:
            self.spans[-1] = StateSpan(self.state, last.start, at)
        else:
            self.spans.append(StateSpan(self.state, self.since, at))
            while len(self.spans) > MAX_SPANS:
                self.spans = merge_short(self.spans, self.shortest)
                self.shortest *= 2

    def close(self, at: datetime) -> tuple[StateSpan, ...]:
        self._flush(at)
        self.since = at
        return tuple(self.spans)


class SideRecorder:
    """Each side's states, from observations in log order (the detector's rule for whether a
    side has an order: its resting orders where the log shows them, else its plan)."""

    def __init__(self, max_gap_s: float = 120.0) -> None:
        self.sides = {side: _Side() for side in SIDES}
        self.gap = timedelta(seconds=max_gap_s)
        self.tracked = False
        self.planned = False
        self.started = False
        self.last_time: datetime | None = None

    def see(self, batch: Iterable[Observation]) -> None:
        for obs in batch:
            self._one(obs)

    def _one(self, obs: Observation) -> None:
        last = self.last_time
        if last is not None and obs.time - last > self.gap:
            self._silence(last, obs.time)
        self.last_time = obs.time if self.last_time is None else max(self.last_time, obs.time)
        if obs.what != "orders":
            self._settle(obs)
        what = obs.what
        if what == "start":
            self._start(obs.time)
        elif what in ("stop", "kill"):
            for side in self.sides.values():
                side.pending = None
                side.set("stopped", obs.time)
        elif what == "plan" and obs.side in self.sides:
            self._plan(obs)
        elif what == "orders" and obs.side in self.sides:
            if not self.tracked:
                self.tracked = True
                for side in self.sides.values():
                    side.pending = None
            self.sides[obs.side].count = obs.value
            for name in SIDES:
                self._status(name, obs.time)

    def _start(self, at: datetime) -> None:
        self.tracked = self.planned = False
        self.started = True
        for side in self.sides.values():
            side.plan, side.count, side.had_order, side.pending = None, 0, False, None
            side.set("warmup", at)

    def _plan(self, obs: Observation) -> None:
        assert obs.side is not None
        if not self.planned:
            self.planned = True
            for side in self.sides.values():
                if side.state == "warmup":
                    side.set("startup", obs.time)
        side = self.sides[obs.side]
        side.plan = obs.value
        if obs.cause == "intent" and obs.value > 0 and not self.tracked:
            side.pending = obs  # its order lines, if any follow, decide (as the detector does)
        elif not self.tracked:
            self._status(obs.side, obs.time)

    def _settle(self, obs: Observation) -> None:
        for name, side in self.sides.items():
            pending = side.pending
            if pending is not None and (pending.source, pending.line) != (obs.source, obs.line):
                side.pending = None
                self._status(name, pending.time)

    def _status(self, name: str, at: datetime) -> None:
        side = self.sides[name]
        if side.state == "stopped":
            return
        has = side.count > 0 if self.tracked else (side.plan or 0) > 0
        if has:
            side.had_order = True
            side.set("quoting", at)
        elif side.had_order or side.state in ("unknown", "quoting"):
            side.set("no_order", at)

    def _silence(self, last: datetime, now: datetime) -> None:
        """Nothing logged for longer than the maximum gap: the bot's state is not known. The
        warm-up is quiet, and a stopped bot says nothing: both go on. While both sides quote,
        the reader cuts quiet runs of plans to their ends (parse/thin.py): a gap then is no
        silence (the detector, which has no window open, cannot tell either)."""
        if self.started and not self.planned:
            return
        if all(side.state == "quoting" for side in self.sides.values()):
            return
        for side in self.sides.values():
            if side.state in ("warmup", "stopped"):
                continue
            state = side.state
            side.set("unknown", last)
            side.set(state, now)

    def finish(self) -> dict[str, tuple[StateSpan, ...]]:
        end = self.last_time
        if end is None:
            return {name: () for name in SIDES}
        return {name: side.close(end) for name, side in self.sides.items()}


class _Buckets:
    """A series thinned as it comes: per bucket of time, its lowest and highest point. When
    there are too many buckets, each two become one."""

    def __init__(self, width_s: float = FIRST_BUCKET_S, cap: int = BUCKETS) -> None:
        self.width = width_s
        self.cap = cap
        self.buckets: dict[int, list[float]] = {}
        """bucket -> [time of the lowest, lowest, time of the highest, highest]."""

    def add(self, t_low: float, low: float, t_high: float, high: float) -> None:
        key = math.floor(t_low / self.width)
        found = self.buckets.get(key)
        if found is None:
            self.buckets[key] = [t_low, low, t_high, high]
            if len(self.buckets) > self.cap:
                self._coarsen()
            return
        if low < found[1]:
            found[0], found[1] = t_low, low
        if high > found[3]:
            found[2], found[3] = t_high, high

    def _coarsen(self) -> None:
        self.width *= 2
        old, self.buckets = self.buckets, {}
        for t_low, low, t_high, high in old.values():
            self.add(t_low, low, t_high, high)

    def points(self) -> list[tuple[float, float]]:
        found: list[tuple[float, float]] = []
        for key in sorted(self.buckets):
            t_low, low, t_high, high = self.buckets[key]
            pair = sorted({(t_low, low), (t_high, high)})
            found.extend(pair)
        return found


_ANY_SERIES_KIND = tuple(sorted({k for kinds in _SERIES_KINDS.values() for k in kinds}))
_FIELDS = pl.Struct({f: pl.String for _, fields in SERIES.values() for f in fields})
"""The fields a series reads, decoded once per event (each field's text as logged)."""


def _value(name: str) -> pl.Expr:
    """The series' number in an event's fields; a price of 0 (a side with no level) is none."""
    unit, fields = SERIES[name]
    text = pl.coalesce([pl.col("fields").struct.field(f) for f in fields])
    number = text.str.extract(_NUMBER, 1).cast(pl.Float64, strict=False)
    valid = number.is_finite() & ((number > 0) if unit == "USD" else pl.lit(True))
    return pl.when(valid).then(number)


class SeriesRecorder:
    """The numbers the log gives of the market and the position, from the event tables."""

    def __init__(self) -> None:
        self.buckets = {name: _Buckets() for name in SERIES}

    def read(self, table: pl.DataFrame) -> None:
        rows = table.filter(pl.col("kind").is_in(_ANY_SERIES_KIND))
        if rows.is_empty():
            return
        kind = pl.col("kind")
        values = rows.with_columns(pl.col("fields").str.json_decode(_FIELDS)).select(
            t=pl.col("time").dt.epoch("us").cast(pl.Float64) / 1e6,
            **{
                name: pl.when(kind.is_in(_SERIES_KINDS[name])).then(_value(name)) for name in SERIES
            },
        )
        for name, buckets in self.buckets.items():
            found = values.select("t", v=pl.col(name)).drop_nulls()
            if found.is_empty():
                continue
            grouped = (
                found.with_columns(key=(pl.col("t") / buckets.width).floor())
                .group_by("key", maintain_order=True)
                .agg(
                    t_low=pl.col("t").sort_by("v").first(),
                    low=pl.col("v").min(),
                    t_high=pl.col("t").sort_by("v").last(),
                    high=pl.col("v").max(),
                )
            )
            for _, t_low, low, t_high, high in grouped.iter_rows():
                buckets.add(t_low, low, t_high, high)

    def finish(self) -> tuple[Series, ...]:
        found = []
        for name, buckets in self.buckets.items():
            points = buckets.points()
            if not points:
                continue
            unit = SERIES[name][0]
            times = tuple(datetime.fromtimestamp(t, UTC) for t, _ in points)
            found.append(Series(name, unit, times, tuple(v for _, v in points), buckets.width))
        return tuple(found)


class TimelineRecorder:
    """Both recorders, fed as the analysis reads."""

    def __init__(self, max_gap_s: float = 120.0) -> None:
        self.sides = SideRecorder(max_gap_s)
        self.series = SeriesRecorder()

    def read(self, table: pl.DataFrame) -> None:
        self.series.read(table)

    def see(self, batch: Iterable[Observation]) -> None:
        self.sides.see(batch)

    def finish(self) -> Timeline:
        return Timeline(self.sides.finish(), self.series.finish())
