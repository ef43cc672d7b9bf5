"""Whether the observer's and the detector's state holds steady over a run's cycles, and the
state after the skipped ones, written without reading them.

A snapshot walks the state of the observer, the detector and the timeline's side recorder.
Each attribute is one of:

- `SAME`: must be equal after the first and after the second cycle (plans, books, labels,
  segment starts, windows, a pending plan or a reason waiting to open a window). Anything not
  named below is `SAME`: state nobody has classified can only stop a skip, never falsify one.
- `SUM`: a count that grows by as much each cycle (tallies, warnings, cycles per kind): it
  grows by the second cycle's growth once per skipped cycle.
- `NOW`: the time of the latest line: the last skipped line's.
- `TIME`: a log time each cycle sets again (a window's and segment's last line): moved on by the
  run's `shift`, so that the silence and cause-change tests of the last cycle see what they
  would have seen; the last cycle then sets it exactly.
- `LAST`: a value each cycle sets again (the last reason line, the last quote's price): the
  last cycle sets it.
- `RANGE`: a sizing number's least and most: widened by the skipped warnings' range.
- `BATCH`: what a batch line sets (the session's last batch, a segment's first): set from the
  skipped batch lines.
- `LEN`: a list that must not grow (closed sessions and incidents).
- `TAIL`: a list that only grows at its end, compared by its length and last item (a side's
  spans in the timeline: a long log holds thousands).

Why the skip is exact: the skipped cycles log lines of the same signature as the second
(`runs.plan`), the state the second left is the state the first left but for counts, times and
last values, and no time in the run comes near a threshold; so each skipped cycle does what
the second did, and the last cycle, read line by line, ends where reading them all would.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import deque
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from mmdiag.runs.plan import Run

SAME, SUM, NOW, TIME, LAST, RANGE, BATCH, LEN, TAIL = (
    "same",
    "sum",
    "now",
    "time",
    "last",
    "range",
    "batch",
    "len",
    "tail",
)

# Per class (module.qualname): how each attribute behaves over a steady cycle. Attributes not
# named are SAME; `tests/test_runs.py` fails when a class gains one nobody has looked at.
ATTRIBUTES: dict[str, dict[str, str]] = {
    "mmdiag.detect.detector.Detector": {
        "options": SAME,
        "announce": SAME,
        "sessions": LEN,
        "pieces": LEN,
        "session": SAME,
        "before_start": LEN,
        "last_time": NOW,
        "_gap": SAME,
        "_changes": LEN,
        "_now": NOW,
    },
    "mmdiag.detect.state._SessionState": {
        "index": SAME,
        "start": SAME,
        "started_line": SAME,
        "roles": SAME,
        "last_time": NOW,
        "asset": SAME,
        "facts": SAME,
        "planned": SAME,
        "stopped": SAME,
        "stopped_line": SAME,
        "stop_time": SAME,
        "kill_reasons": SAME,
        "kill_condition": SAME,
        "cycles": SUM,
        "last_bulk": BATCH,
        "orders_placed": SAME,
        "release_low": SAME,
        "release_high": SAME,
        "observed_orders": SAME,
        "marks": SAME,
        "sides": SAME,
    },
    "mmdiag.detect.state._SideState": {
        "plan": SAME,
        "tracked": SAME,
        "count": SAME,
        "pending": SAME,
        "window": SAME,
        "first_order": SAME,
        "last_quoting": LAST,
        "recent": SAME,
    },
    "mmdiag.detect.segments._Window": {
        "side": SAME,
        "session": SAME,
        "start": SAME,
        "at_startup": SAME,
        "segments": SAME,
        "last_time": TIME,
        "bulk_before": SAME,
        "announced": SAME,
        "checked": TIME,
    },
    "mmdiag.detect.segments._Segment": {
        "label": SAME,
        "start": SAME,
        "last": TIME,
        "tallies": SAME,
        "detail_first": SAME,
        "detail_last": LAST,
        "values": SAME,
        "warnings": SUM,
        "bulk_first": BATCH,
        "metrics": SAME,
    },
    "mmdiag.detect.segments._Tally": {
        "what": SAME,
        "count": SUM,
        "first_time": SAME,
        "first_where": SAME,
        "last_time": TIME,
        "last_where": LAST,
    },
    "mmdiag.detect.segments._Drift": {
        "first": SAME,
        "last": LAST,
        "low": RANGE,
        "high": RANGE,
        "where": SAME,
    },
    "mmdiag.timeline.SideRecorder": {
        "sides": SAME,
        "gap": SAME,
        "tracked": SAME,
        "planned": SAME,
        "started": SAME,
        "last_time": NOW,
    },
    "mmdiag.timeline._Side": {
        "shortest": SAME,
        "spans": TAIL,
        "state": SAME,
        "since": SAME,
        "plan": SAME,
        "count": SAME,
        "had_order": SAME,
        "pending": SAME,
    },
}


@dataclasses.dataclass(slots=True)
class _Leaf:
    how: str
    value: Any
    owner: Any = None
    """The live object (or dict) holding the value, and its attribute (or key)."""
    key: Any = None
    side: str | None = None
    """For range and batch leaves: the side whose window holds them (None: the session's)."""
    current: bool = False
    """For range and batch leaves: in the window's last segment, the one its lines go to."""
    field: Any = None
    """For range leaves: the sizing field (the key of the segment's values) they are of."""


class Snapshot(list[_Leaf]):
    """The state's leaves, in the order of a walk: two snapshots of one structure line up."""


_BY_TYPE: dict[type, dict[str, str] | None] = {}


def _attributes(value: object) -> dict[str, str] | None:
    """The class's entry in `ATTRIBUTES` (None: a value compared whole)."""
    kind = type(value)
    found = _BY_TYPE.get(kind, _BY_TYPE)
    if found is _BY_TYPE:
        found = ATTRIBUTES.get(f"{kind.__module__}.{kind.__qualname__}")
        _BY_TYPE[kind] = found
    return found  # type: ignore[return-value]


def snapshot(*roots: object) -> Snapshot:
    """Every leaf of the state under `roots`."""
    leaves = Snapshot()
    for root in roots:
        _walk(root, leaves, None, False, None)
    return leaves


def _walk(value: Any, leaves: Snapshot, side: str | None, current: bool, field: Any) -> None:
    attributes = _attributes(value)
    if attributes is None:
        if isinstance(value, dict) and any(_attributes(v) is not None for v in value.values()):
            leaves.append(_Leaf(SAME, tuple(value)))
            for key, item in value.items():
                if key in ("bid", "ask"):
                    _walk(item, leaves, key, current, field)
                else:
                    _walk(item, leaves, side, current, key)
        elif isinstance(value, list) and any(_attributes(v) is not None for v in value):
            leaves.append(_Leaf(SAME, len(value)))
            last = len(value) - 1
            for n, item in enumerate(value):
                _walk(item, leaves, side, n == last, field)
        else:
            leaves.append(_Leaf(SAME, _frozen(value)))
        return
    for name, item in vars(value).items():
        how = attributes.get(name, SAME)
        if how == SAME:
            _walk(item, leaves, side, current, field)
        elif how == LEN:
            leaves.append(_Leaf(SAME, len(item)))
        elif how == TAIL:
            leaves.append(_Leaf(SAME, (len(item), _frozen(item[-1:]))))
        elif how == SUM and isinstance(item, dict):
            leaves.append(_Leaf(SAME, tuple(item)))
            leaves.extend(_Leaf(SUM, count, item, key) for key, count in item.items())
        else:
            leaves.append(_Leaf(how, item, value, name, side, current, field))


_ATOMS = frozenset({str, int, float, bool, type(None), datetime, timedelta})


def _frozen(value: Any) -> Any:
    """A copy that later changes to the live state cannot reach, comparable with `==`."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is dict:
        return tuple((k, _frozen(v)) for k, v in value.items())
    if kind is list or kind is tuple or kind is deque:
        return (kind, tuple(_frozen(v) for v in value))
    if kind is set or kind is frozenset:
        return frozenset(_frozen(v) for v in value)
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None and params.frozen:  # immutable, compared as it is
        return value
    if isinstance(value, Mapping):
        return tuple((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, Iterable):
        return (kind, tuple(_frozen(v) for v in value))
    if hasattr(value, "__dict__"):
        return (kind, _frozen(vars(value)))
    return copy.deepcopy(value)


def steady(before: Snapshot, after: Snapshot) -> bool:
    """The state after the second cycle is the state after the first, but for the leaves a
    cycle moves on."""
    return len(before) == len(after) and all(
        a.how == b.how and (a.how != SAME or a.value == b.value)
        for a, b in zip(before, after, strict=True)
    )


def skip(run: Run, before: Snapshot, after: Snapshot) -> bool:
    """Move the live state (as `after` shows it) over the run's skipped cycles; False (and
    nothing changed) when it cannot be done exactly."""
    widen = [
        (leaf, run.drift[_drift_key(leaf)])
        for leaf in after
        if leaf.how == RANGE and leaf.current and _drift_key(leaf) in run.drift
    ]
    if {_drift_key(leaf) for leaf, _ in widen} != set(run.drift):
        return False  # a side's warnings have no current segment to go to
    for old, leaf in zip(before, after, strict=True):
        if leaf.how == SUM:
            _set(leaf, leaf.value + (leaf.value - old.value) * run.cycles)
        elif leaf.how == NOW:
            _set(leaf, run.until)
        elif leaf.how == TIME and leaf.value is not None and leaf.value != old.value:
            _set(leaf, leaf.value + run.shift)
    for leaf, (low, high) in widen:
        _set(leaf, min(leaf.value, low) if leaf.key == "low" else max(leaf.value, high))
    if run.batch is not None:
        first, last, source, line = run.batch
        for leaf in after:
            if leaf.how != BATCH:
                continue
            if leaf.key == "last_bulk":
                _set(leaf, (last, (source, line)))
            elif leaf.current and leaf.value is None:
                _set(leaf, first)
    return True


def _set(leaf: _Leaf, value: Any) -> None:
    if isinstance(leaf.owner, dict):
        leaf.owner[leaf.key] = value
    else:
        setattr(leaf.owner, leaf.key, value)


def _drift_key(leaf: _Leaf) -> tuple[str, str]:
    return str(leaf.side), str(leaf.field)
