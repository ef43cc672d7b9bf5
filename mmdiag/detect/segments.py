"""Windows and their segments: runs of points of one label, their evidence and logged values,
and the cause a piece's segments give."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from mmdiag import catalog
from mmdiag.detect.options import SIZING_FIELDS
from mmdiag.model import CAUSES, Evidence
from mmdiag.observe import Observation

_RANK = {cause: n for n, cause in enumerate(CAUSES)}
_WEAK = frozenset({"warmup_default", "ladder_empty", "unknown"})


@dataclass
class _Tally:
    """Evidence lines of one kind in a segment: how many, the first and the last."""

    what: str
    count: int
    first_time: datetime
    first_where: tuple[str, int]
    last_time: datetime
    last_where: tuple[str, int]

    def add(self, other: _Tally) -> None:
        self.count += other.count
        if other.first_time < self.first_time:
            self.first_time, self.first_where = other.first_time, other.first_where
        if other.last_time >= self.last_time:
            self.last_time, self.last_where = other.last_time, other.last_where

    def evidence(self) -> Evidence:
        return Evidence(
            what=self.what,
            count=self.count,
            first_time=self.first_time,
            last_time=self.last_time,
            source=self.first_where[0],
            line=self.first_where[1],
            last_source=self.last_where[0],
            last_line=self.last_where[1],
        )


@dataclass
class _Drift:
    first: float
    last: float
    low: float
    high: float
    where: str

    def add(self, value: float) -> None:
        self.last = value
        self.low = min(self.low, value)
        self.high = max(self.high, value)

    def merge(self, later: _Drift) -> None:
        self.last = later.last
        self.low = min(self.low, later.low)
        self.high = max(self.high, later.high)


@dataclass
class _Segment:
    """A run of points of one label within a window."""

    label: str
    start: datetime
    last: datetime
    tallies: dict[str, _Tally] = field(default_factory=dict)
    detail_first: Mapping[str, Any] | None = None
    detail_last: Observation | None = None
    """The last reason line of the segment (its detail: `_with_where`)."""
    values: dict[str, _Drift] = field(default_factory=dict)
    warnings: int = 0
    bulk_first: datetime | None = None
    """When the first `Bulk order placed` of the segment was logged."""
    metrics: list[tuple[int, datetime, tuple[str, int]]] = field(default_factory=list)

    @property
    def strong(self) -> bool:
        return self.label not in _WEAK

    def absorb(self, other: _Segment) -> None:
        """Take a later segment's lines into this one (`other` is left as it was: a piece told
        while its window is open merges the window's segments into a new one)."""
        self.last = max(self.last, other.last)
        for what, tally in other.tallies.items():
            mine = self.tallies.get(what)
            if mine is None:
                self.tallies[what] = replace(tally)
            else:
                mine.add(tally)
        if _cause(other.label) == _cause(self.label):
            if self.detail_first is None:
                self.detail_first = other.detail_first
            if other.detail_last is not None:
                self.detail_last = other.detail_last
        for name, drift in other.values.items():
            mine_drift = self.values.get(name)
            if mine_drift is None:
                self.values[name] = replace(drift)
            else:
                mine_drift.merge(drift)
        self.warnings += other.warnings
        if other.bulk_first is not None and (
            self.bulk_first is None or other.bulk_first < self.bulk_first
        ):
            self.bulk_first = other.bulk_first
        self.metrics.extend(other.metrics)


@dataclass
class _Window:
    side: str
    session: int
    start: datetime
    at_startup: bool
    segments: list[_Segment] = field(default_factory=list)
    last_time: datetime | None = None
    bulk_before: tuple[datetime, tuple[str, int]] | None = None
    """The session's last `Bulk order placed` before the window opened."""
    announced: set[tuple[datetime, str]] = field(default_factory=set)
    """(start, cause) of the pieces `watch` was told of."""
    checked: datetime | None = None


def _cause(label: str) -> str:
    return "warmup" if label == "warmup_default" else label


def _cause_of(group: list[tuple[_Segment, float]]) -> str:
    """The cause that held longest over a piece's segments (ties: the stronger evidence)."""
    held: dict[str, float] = defaultdict(float)
    for segment, span in group:
        held[_cause(segment.label)] += span
    return min(held, key=lambda c: (-held[c], _RANK.get(c, len(_RANK))))


# The sizing warnings an incident counts, and the field each logs a sizing value under where
# it is not the filtered-out warning's name: the concentrated ladder's `microprice` is what the
# filtered-out warning calls `mid_price` (both are market_params.microprice).
_SIZING_WARNINGS: dict[str, dict[str, str]] = {
    "bids_filtered": {},
    "asks_filtered": {},
    "concentrated_empty": {"mid_price": "microprice"},
}


# The evidence of the sizing warnings that name no side: one line counts for both sides.
BOTH_SIDES_WARNINGS = frozenset(
    catalog.evidence_text(name, "sizes_filtered", "bid")
    for name in _SIZING_WARNINGS
    if catalog.BY_NAME[name].side is None and catalog.BY_NAME[name].side_field is None
)


def _record(segment: _Segment, obs: Observation, side: str) -> None:
    """What a point adds to its segment's evidence, details and logged values."""
    if obs.what == "plan" and obs.value > 0:
        return
    if obs.what == "orders" and obs.value > 0:
        return
    what = catalog.evidence_text(obs.kind, obs.cause, side)
    where = (obs.source, obs.line)
    tally = segment.tallies.get(what)
    if tally is None:
        segment.tallies[what] = _Tally(what, 1, obs.time, where, obs.time, where)
    else:
        tally.count += 1
        tally.last_time, tally.last_where = obs.time, where
    if obs.what != "reason" or not obs.detail:
        return
    if segment.detail_first is None:
        segment.detail_first = _with_where(obs)
    segment.detail_last = obs  # its detail is built only if the piece keeps it
    aliases = _SIZING_WARNINGS.get(obs.kind) if obs.cause == "sizes_filtered" else None
    if aliases is not None:
        segment.warnings += 1
        for name in SIZING_FIELDS:
            value = catalog.number(obs.detail.get(aliases.get(name, name)))
            if value is None:
                continue
            drift = segment.values.get(name)
            if drift is None:
                at = f"{obs.source}:{obs.line}"
                segment.values[name] = _Drift(value, value, value, value, at)
            else:
                drift.add(value)


def _with_where(obs: Observation) -> dict[str, Any]:
    return {**(obs.detail or {}), "where": f"{obs.source}:{obs.line}"}
    return None
