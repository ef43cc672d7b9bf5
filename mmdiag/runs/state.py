"""Whether the observer's and the detector's state holds steady over a run's cycles, and the
state after the skipped ones, written without reading them.

A snapshot walks the state of the observer, the detector and the timeline's side recorder.
Each attribute is one of:

- `SAME`: must be equal after the first and after the second cycle (plans, books, labels,
  segment starts, windows, a pending plan or a reason waiting to open a window). Anything not
  named below is `SAME`: state nobody has classified can only stop a skip, never falsify one.
- `SUM`: a count that grows by as much each cycle (tallies, warnings, cycles per kind): it
  grows by the second cycle's growth once per skipped cycle.
- `TIME`: a log time each cycle sets again (last times, a segment's last line): moved on by the
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
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from mmdiag.runs.plan import Run

SAME, SUM, TIME, LAST, RANGE, BATCH, LEN, TAIL = (
    "same",
    "sum",
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
        "last_time": TIME,
        "_gap": SAME,
        "_changes": LEN,
        "_now": TIME,
    },
    "mmdiag.detect.state._SessionState": {
        "index": SAME,
        "start": SAME,
        "started_line": SAME,
        "roles": SAME,
        "last_time": TIME,
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
        "last_time": TIME,
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

Path = tuple[Any, ...]


@dataclasses.dataclass
class _Leaf:
    how: str
    value: Any
    owner: Any
    """The live object (or dict) holding the value, and its attribute (or key)."""
    key: Any


_BY_TYPE: dict[type, dict[str, str] | None] = {}


def _attributes(value: object) -> dict[str, str] | None:
    """The class's entry in `ATTRIBUTES` (None: a value compared whole)."""
    kind = type(value)
    found = _BY_TYPE.get(kind, _BY_TYPE)
    if found is _BY_TYPE:
        found = ATTRIBUTES.get(f"{kind.__module__}.{kind.__qualname__}")
        _BY_TYPE[kind] = found
    return found  # type: ignore[return-value]


def snapshot(*roots: object) -> dict[Path, _Leaf]:
    """Every leaf of the state under `roots`, by its path."""
    leaves: dict[Path, _Leaf] = {}
    for n, root in enumerate(roots):
        _walk(root, (n,), leaves)
    return leaves


def _walk(value: Any, path: Path, leaves: dict[Path, _Leaf]) -> None:
    attributes = _attributes(value)
    if attributes is None:
        if isinstance(value, dict) and any(_attributes(v) is not None for v in value.values()):
            leaves[(*path, "keys")] = _Leaf(SAME, tuple(value), None, None)
            for key, item in value.items():
                _walk(item, (*path, key), leaves)
        elif isinstance(value, list) and any(_attributes(v) is not None for v in value):
            leaves[(*path, "len")] = _Leaf(SAME, len(value), None, None)
            for n, item in enumerate(value):
                _walk(item, (*path, n), leaves)
        else:
            leaves[path] = _Leaf(SAME, _frozen(value), None, None)
        return
    for name, item in vars(value).items():
        how = attributes.get(name, SAME)
        where = (*path, name)
        if how == LEN:
            leaves[where] = _Leaf(SAME, len(item), None, None)
        elif how == TAIL:
            leaves[where] = _Leaf(SAME, (len(item), _frozen(item[-1:])), None, None)
        elif how == SUM and isinstance(item, dict):
            leaves[(*where, "keys")] = _Leaf(SAME, tuple(item), None, None)
            for key, count in item.items():
                leaves[(*where, key)] = _Leaf(SUM, count, item, key)
        elif how == SAME:
            _walk(item, where, leaves)
        else:
            leaves[where] = _Leaf(how, item, value, name)


def _frozen(value: Any) -> Any:
    """A copy that later changes to the live state cannot reach, comparable with `==`."""
    if isinstance(value, str | int | float | bool | datetime | type(None)):
        return value
    if isinstance(value, set | frozenset):
        return frozenset(_frozen(v) for v in value)
    if isinstance(value, Mapping):
        return tuple((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, Iterable):
        return (type(value).__name__, tuple(_frozen(v) for v in value))
    if hasattr(value, "__dict__"):
        return (type(value), _frozen(vars(value)))
    return copy.deepcopy(value)


def steady(before: dict[Path, _Leaf], after: dict[Path, _Leaf]) -> bool:
    """The state after the second cycle is the state after the first, but for the leaves a
    cycle moves on."""
    if before.keys() != after.keys():
        return False
    return all(leaf.how != SAME or leaf.value == before[path].value for path, leaf in after.items())


def skip(run: Run, before: dict[Path, _Leaf], after: dict[Path, _Leaf]) -> bool:
    """Move the live state (as `after` shows it) over the run's skipped cycles; False (and
    nothing changed) when it cannot be done exactly."""
    widen = _ranges(run, after)
    if widen is None:
        return False
    batch = _batch_holders(after) if run.batch is not None else []
    for path, leaf in after.items():
        if leaf.how == SUM:
            _set(leaf, leaf.value + (leaf.value - before[path].value) * run.cycles)
        elif leaf.how == TIME and leaf.value is not None and leaf.value != before[path].value:
            _set(leaf, leaf.value + run.shift)
    for leaf, (low, high) in widen:
        _set(leaf, min(leaf.value, low) if leaf.key == "low" else max(leaf.value, high))
    if run.batch is not None:
        first, last, source, line = run.batch
        for leaf in batch:
            if leaf.key == "last_bulk":
                _set(leaf, (last, (source, line)))
            elif leaf.value is None:
                _set(leaf, first)
    return True


def _set(leaf: _Leaf, value: Any) -> None:
    if isinstance(leaf.owner, dict):
        leaf.owner[leaf.key] = value
    else:
        setattr(leaf.owner, leaf.key, value)


def _ranges(run: Run, after: dict[Path, _Leaf]) -> list[tuple[_Leaf, tuple[float, float]]] | None:
    """The range leaves the skipped warnings widen: those of each side's current segment (the
    one its warnings went to). None when a side's warnings have no such segment."""
    found: list[tuple[_Leaf, tuple[float, float]]] = []
    reached: set[tuple[str, str]] = set()
    for path, leaf in after.items():
        if leaf.how != RANGE or not _current_segment(path, after):
            continue
        key = (str(path[path.index("sides") + 1]), str(path[path.index("values") + 1]))
        if key in run.drift:
            found.append((leaf, run.drift[key]))
            reached.add(key)
    return found if reached == set(run.drift) else None


def _batch_holders(after: dict[Path, _Leaf]) -> list[_Leaf]:
    """What the skipped batch lines set: the session's last batch and the first batch of each
    window's current segment."""
    return [
        leaf
        for path, leaf in after.items()
        if leaf.how == BATCH and (leaf.key == "last_bulk" or _current_segment(path, after))
    ]


def _current_segment(path: Path, after: dict[Path, _Leaf]) -> bool:
    """Whether the path leads through a window's last segment."""
    if "segments" not in path:
        return False
    at = path.index("segments")
    count = after.get((*path[: at + 1], "len"))
    return count is not None and path[at + 1] == count.value - 1
