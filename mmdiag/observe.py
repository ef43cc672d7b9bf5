"""Events of any release -> the same few observations, whatever the bot's wording.

Each catalogue row has a `role`; this module turns each role into era-independent
observations: a session started or stopped (and why), a side's plan for a cycle (levels, or
one quote or none), a side's resting orders (counted from the reconcile snapshots and the
resting, filled, rejected and cancelled order lines), a reason a side has no order (with its
numbers), a fact about the session (leverage, sz_decimals, asset). Detection reads only these,
so a new release of the bot is rows in the catalogue, never a change to `mmdiag/detect/`.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import polars as pl
import regex

from mmdiag import catalog
from mmdiag.parse.fields import typed_value
from mmdiag.parse.thin import cut_quiet_runs, plan_levels

SIDES = ("bid", "ask")


class Observation(NamedTuple):
    """One thing the log says about quoting, at one time and line.

    `what`: `start` (cause: the start line's kind), `stop`, `kill` (detail: reasons),
    `kill_condition`, `fact` (detail: leverage, sz_decimals, asset), `plan` (value: levels the
    cycle planned on `side`; detail: price; cause `intent` when the cycle's order lines follow
    it), `orders` (value: the side's resting orders),
    `reason` (cause: why `side`, or both sides when None, has no order; detail: its numbers),
    `bulk` (a batch reached the exchange), `metrics` (value: cumulative orders placed)."""

    time: datetime
    source: str
    line: int
    what: str
    side: str | None = None
    value: int = 0
    cause: str | None = None
    detail: Mapping[str, Any] | None = None
    kind: str = ""
    release: tuple[str, str] | None = None
    lines: int = 1
    """Lines this observation stands for: a quiet run of plans is thinned to its ends."""


# The event table's columns the observer reads, in this order.
COLUMNS = ("time", "source", "line", "kind", "side", "target", "message", "fields", "lines")
_SOME = regex.compile(r"Some\(\(\s*(?P<first>[^,()]+)\s*,\s*(?P<second>[^,()]+)")
_QUOTED = regex.compile(r'"((?:[^"\\]|\\.)*)"')
_DIGITS = regex.compile(r"\d+")
# How close to its maximum a position must be for a side with no quote to count as full.
POSITION_LIMIT_SHARE = 0.98


@dataclass
class _Book:
    """A side's resting orders as the log shows them: by oid where known, else only a count."""

    oids: set[str] = field(default_factory=set)
    unnamed: int = 0

    @property
    def count(self) -> int:
        return len(self.oids) + self.unnamed

    def resync(self, count: int, oids: Iterable[str] | None = None) -> None:
        if oids is not None:
            self.oids = set(oids)
            self.unnamed = max(0, count - len(self.oids))
        elif count != self.count:
            if count < len(self.oids):
                self.oids.clear()
            self.unnamed = count - len(self.oids)

    def remove(self, oid: str | None) -> bool:
        if oid is not None and oid in self.oids:
            self.oids.discard(oid)
            return True
        return False

    def clear(self) -> None:
        self.oids.clear()
        self.unnamed = 0


@dataclass
class _Placement:
    """A batch sent to the exchange, waiting for its result lines (one per order, in order)."""

    side: str | None
    """From the placement line; None for a count line no placement line named a side for."""
    count: int
    counted: bool = False
    """The executor's own count line was seen: it, not the levels planned, is what was sent."""
    answered: int = 0


class Observer:
    """Reads events in log order and says what each means for quoting. Stateful: a result
    line that names no side belongs to the placement it answers (the `Placing ladder levels`
    or `[PlaceBulk] Entering` line before it, which names the side), never to the side last
    reconciled."""

    def __init__(self) -> None:
        self.books = {side: _Book() for side in SIDES}
        self.queue: deque[_Placement] = deque()
        """Placements waiting for their results, oldest first."""
        self.unattributed: tuple[str, str] | None = None
        """A result line with no placement waiting (single-quote era): its side comes next."""
        self.inputs: tuple[float, float] | None = None
        self.stated: set[str] = set()
        """Sides a reason was given for since the last quote inputs (this cycle)."""
        self.found_since_plan = False

    def observe(self, row: tuple[Any, ...]) -> Iterator[Observation]:
        """The observations of one event row (columns as in `COLUMNS`)."""
        time, source, line, kind_name, side, target, message, fields_text, lines = row
        kind = catalog.BY_NAME.get(kind_name)
        if kind is None or (kind.role is None and kind_name not in ("bulk_placed", "metrics")):
            return
        fields = _decode(fields_text)
        release = _release(kind, target, message, fields)
        context = _Context(time, source, line, kind_name, release, lines)
        yield from self._dispatch(kind, side, fields, context)

    def _dispatch(
        self, kind: catalog.EventKind, side: str | None, fields: dict[str, Any], at: _Context
    ) -> Iterator[Observation]:
        role = kind.role
        if role == "start":
            yield from self._start(kind, fields, at)
        elif role == "stop":
            yield at.obs("stop", cause="shutdown")
        elif role == "kill":
            yield at.obs("kill", detail={"reasons": _reasons(fields)})
        elif role == "kill_condition":
            yield at.obs("kill_condition", detail={"condition": fields.get("condition")})
        elif role == "fact":
            facts = _facts(kind.name, fields)
            if facts:
                yield at.obs("fact", detail=facts)
        elif role == "mark":
            yield at.obs("mark", detail={"mark": kind.name})
        elif role in ("plan_levels", "plan_quotes"):
            yield from self._plan(kind, fields, at)
        elif role == "quote_inputs":
            self._inputs(fields)
        elif role == "reason":
            yield from self._reason(kind, side, fields, at)
        elif role == "warmup":
            yield at.obs("reason", cause="warmup", detail=_warmup_detail(fields))
        elif kind.name == "bulk_placed":
            self._summarised()
            yield at.obs("bulk")
        elif kind.name == "metrics":
            placed = _int(fields.get("orders_placed"))
            if placed is not None:
                yield at.obs("metrics", value=placed)
        else:
            yield from self._orders(role, side, fields, at)

    def _start(
        self, kind: catalog.EventKind, fields: dict[str, Any], at: _Context
    ) -> Iterator[Observation]:
        if not self.found_since_plan:
            for book in self.books.values():
                book.clear()
        self.queue.clear()
        self.unattributed = None
        self.inputs = None
        detail = {
            name: fields[name]
            for name in ("asset", "strategy", "leverage", "max_position")
            if fields.get(name) is not None
        }
        yield at.obs("start", cause=kind.name, detail=detail)
        for side, book in self.books.items():
            if book.count:
                yield at.obs("orders", side=side, value=book.count)

    def _plan(
        self, kind: catalog.EventKind, fields: dict[str, Any], at: _Context
    ) -> Iterator[Observation]:
        self.found_since_plan = False
        role = kind.role
        intent = "intent" if kind.precedes_orders else None
        for side in SIDES:
            if role == "plan_levels":
                levels = _int(fields.get(f"{side}_levels"))
                price = _price(fields.get(f"best_{side}"))
            else:
                quote = fields.get(side)
                if not isinstance(quote, str):
                    continue
                levels = 0 if quote.strip() == "None" else 1
                price = _price(quote)
            if levels is None:
                continue
            yield at.obs("plan", side=side, value=levels, cause=intent, detail={"price": price})
            if levels == 0:
                limit = self._position_limit(side)
                if limit is not None:
                    yield at.obs("reason", side=side, cause="position_limit", detail=limit)

    def _inputs(self, fields: dict[str, Any]) -> None:
        position = _float(fields.get("position"))
        maximum = _float(fields.get("max_pos"))
        if maximum is None:
            maximum = _float(fields.get("effective_max_pos"))
        self.inputs = (position, maximum) if position is not None and maximum else None
        self.stated.clear()

    def _position_limit(self, side: str) -> dict[str, Any] | None:
        """The quote inputs' position at its maximum on `side` (nothing left to buy or sell),
        when the cycle gave no other reason for the side."""
        if self.inputs is None or side in self.stated:
            return None
        position, maximum = self.inputs
        signed = position if side == "bid" else -position
        if signed >= POSITION_LIMIT_SHARE * maximum:
            return {"position": position, "max_position": maximum}
        return None

    def _reason(
        self, kind: catalog.EventKind, side: str | None, fields: dict[str, Any], at: _Context
    ) -> Iterator[Observation]:
        sides = [side] if side in SIDES else list(SIDES)
        detail = {k: v for k, v in fields.items() if v is not None}
        for one in sides:
            self.stated.add(one)
        yield at.obs(
            "reason", side=side if side in SIDES else None, cause=kind.cause, detail=detail
        )

    def _orders(
        self, role: str | None, side: str | None, fields: dict[str, Any], at: _Context
    ) -> Iterator[Observation]:
        if role == "reconcile":
            yield from self._reconcile(side, fields, at)
        elif role == "placing":
            levels = _int(fields.get("levels"))
            if levels is None:
                levels = _int(fields.get("input_orders"))
            if side in SIDES and levels:
                self._placing(side, levels)
        elif role == "placing_count":
            self._placing_count(_int(fields.get("count")))
        elif role == "placement_failed":
            self._placement_failed()
        elif role in ("resting", "filled_now"):
            index = _int(fields.get("order_index"))
            yield from self._result(role, _text(fields.get("oid")), index, at)
        elif role == "side_resting":
            yield from self._side_resting(side, at)
        elif role in ("rejected", "batch_rejected"):
            yield self._rejected(role, side, fields, at)
        elif role in ("cancelled", "gone"):
            yield from self._cancelled(side, _text(fields.get("oid")), at, role == "cancelled")
        elif role == "found_resting" and side in SIDES:
            self.found_since_plan = True
            oid = _text(fields.get("oid"))
            book = self.books[side]
            if oid is not None:
                book.oids.add(oid)
            else:
                book.unnamed += 1
            yield at.obs("orders", side=side, value=book.count)

    def _rejected(
        self, role: str, side: str | None, fields: dict[str, Any], at: _Context
    ) -> Observation:
        """An exchange rejection, on the side it names (or the placement it answers)."""
        detail: dict[str, Any]
        if role == "rejected":
            placed = self._take(_int(fields.get("order_index")))
            error = _text(fields.get("error"))
            detail = {"error": error, "sz": _text(fields.get("sz"))}
            rejected = side if side in SIDES else placed
        else:  # a whole batch, for the placement waiting
            error = _text(fields.get("sample_error"))
            count = _int(fields.get("rejected_count"))
            detail = {"error": error, "count": count}
            rejected = self._batch_rejected(count, _int(fields.get("total_count")))
        return at.obs("reason", side=rejected, cause=catalog.rejection_cause(error), detail=detail)

    def _reconcile(
        self, side: str | None, fields: dict[str, Any], at: _Context
    ) -> Iterator[Observation]:
        if side not in SIDES:
            return
        book = self.books[side]
        current = _int(fields.get("current_count"))
        oids = _oids(fields.get("current_oids"))
        if current is None:  # the first single-quote release: `current` is Some((oid, ..))
            shown = fields.get("current")
            if not isinstance(shown, str):
                return
            found = _SOME.search(shown)
            oids = [found.group("first").strip()] if found else []
            current = len(oids)
        book.resync(current, oids)
        yield at.obs("orders", side=side, value=book.count)
        wanted = _int(fields.get("new_levels"))
        if wanted is None:
            new = fields.get("new")
            wanted = 0 if isinstance(new, str) and new.strip() == "None" else None
        if wanted == 0 and book.count:
            book.clear()  # every resting order on the side is cancelled
            yield at.obs("orders", side=side, value=0)

    def _placing(self, side: str, levels: int) -> None:
        """A side's batch on its way. The bot sends one batch a side at a time: an earlier one
        of the side still waiting will get no more results (filtered out, or answered by a
        summary line only)."""
        self.queue = deque(p for p in self.queue if p.side != side)
        self.queue.append(_Placement(side, levels))

    def _placing_count(self, count: int | None) -> None:
        """The executor's `Placing N orders in bulk`: the count of the newest batch not yet
        counted (what was sent, after the bot's own filters); a placement before it that got
        no count line was never sent. With no placement line before it (a release or path
        that names no side), the batch's results are counted out but given to no side."""
        if not count:
            return
        for n in range(len(self.queue) - 1, -1, -1):
            placement = self.queue[n]
            if not placement.counted:
                placement.count, placement.counted = count, True
                earlier = [p for p in list(self.queue)[:n] if p.counted]
                self.queue = deque([*earlier, *list(self.queue)[n:]])
                return
        self.queue = deque(p for p in self.queue if p.side is not None or p.answered)
        self.queue.append(_Placement(None, count, counted=True))

    def _placement_failed(self) -> None:
        """`Bulk order request failed`: the newest batch sent gets no result line."""
        for n in range(len(self.queue) - 1, -1, -1):
            placement = self.queue[n]
            if placement.counted and not placement.answered:
                del self.queue[n]
                return

    def _batch_rejected(self, rejected: int | None, total: int | None) -> str | None:
        """`[PlaceBulk] Batch rejected: N/M`: the summary of the oldest batch waiting (these
        releases log no line per order); when only some failed, `Bulk order placed` ends it."""
        if not self.queue:
            return None
        placement = self.queue[0]
        if rejected is None or total is None or rejected >= total:
            self.queue.popleft()
        return placement.side

    def _summarised(self) -> None:
        """`Bulk order placed`: the summary of the oldest batch, when no line per order answered
        it (releases from 2026-01-01 log only the summary)."""
        if self.queue and self.queue[0].counted and not self.queue[0].answered:
            self.queue.popleft()

    def _take(self, index: int | None = None) -> str | None:
        """The side of the next order result: the oldest placement still waiting. A result
        numbered 0 (`Bulk order 0 ...`) starts a batch: one already answered in part is over."""
        while self.queue:
            placement = self.queue[0]
            if index == 0 and placement.answered:
                self.queue.popleft()
                continue
            placement.answered += 1
            if placement.answered >= placement.count:
                self.queue.popleft()
            return placement.side
        return None

    def _result(
        self, role: str, oid: str | None, index: int | None, at: _Context
    ) -> Iterator[Observation]:
        side = self._take(index)
        if side is None:
            self.unattributed = (role, oid) if oid is not None else None
            return
        if role == "resting" and oid is not None:
            book = self.books[side]
            book.oids.add(oid)
            yield at.obs("orders", side=side, value=book.count)

    def _side_resting(self, side: str | None, at: _Context) -> Iterator[Observation]:
        if self.unattributed is None or side not in SIDES:
            return
        role, oid = self.unattributed
        self.unattributed = None
        if role == "resting":
            book = self.books[side]
            book.oids.add(oid)
            yield at.obs("orders", side=side, value=book.count)

    def _cancelled(
        self, side: str | None, oid: str | None, at: _Context, cancelled: bool = True
    ) -> Iterator[Observation]:
        """An order gone (its cancel confirmed, also one to be replaced, or filled): from the
        side holding its oid, or one of the side's unnamed ones. The side's window starts
        here if it was its last order, whatever the replacement's fate. A fill takes only an
        order known by its oid: most fills are of orders that never rested."""
        sides = [side] if side in SIDES else [s for s in SIDES if oid in self.books[s].oids]
        for one in sides:
            book = self.books[one]
            if book.remove(oid):
                yield at.obs("orders", side=one, value=book.count)
            elif cancelled and book.unnamed:
                book.unnamed -= 1
                yield at.obs("orders", side=one, value=book.count)


@dataclass(frozen=True, slots=True)
class _Context:
    time: datetime
    source: str
    line: int
    kind: str
    release: tuple[str, str] | None
    lines: int = 1

    def obs(
        self,
        what: str,
        side: str | None = None,
        value: int = 0,
        cause: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> Observation:
        return Observation(
            self.time,
            self.source,
            self.line,
            what,
            side,
            value,
            cause,
            detail,
            self.kind,
            self.release,
            self.lines,
        )


def observations(events: pl.DataFrame, observer: Observer | None = None) -> Iterator[Observation]:
    """Every observation of an event table, in its order (tables of one log, one after the
    other, share an observer)."""
    observer = observer or Observer()
    for row in thin(events).select(COLUMNS).iter_rows():
        yield from observer.observe(row)


# Kinds whose lines, while every side quotes, say nothing new: in a run of them with nothing
# else between, only the ends matter (and how many there were). Most of a log is such runs.
_PLAN_KINDS = tuple(k.name for k in catalog.KINDS if k.role == "plan_levels")
_QUIET_CONTEXT = ("bulk_placed", "metrics")
_MARK_KINDS = tuple(catalog.MARKS)
_START_KINDS = tuple(k.name for k in catalog.KINDS if k.role == "start")


def thin(events: pl.DataFrame) -> pl.DataFrame:
    """The event table with a `lines` column, and each run of quiet lines (plans quoting both
    sides, with batch, metrics and sizing-mark lines between them) cut to its first and last
    plan and mark of each kind and its last batch and metrics lines; a kept last plan counts
    the lines it stands for.

    Vectorised: the level counts are read in polars, the lines dropped never reach Python."""
    kind = pl.col("kind")
    levels = [pl.lit(plan_levels(events, _PLAN_KINDS, side)) for side in SIDES]
    is_plan, is_mark = kind.is_in(_PLAN_KINDS), kind.is_in(_MARK_KINDS)
    quiet = (is_plan & (levels[0] > 0) & (levels[1] > 0)) | kind.is_in(_QUIET_CONTEXT) | is_mark
    marked = events.with_columns(
        quiet=pl.when(kind.is_in([*_PLAN_KINDS, *_QUIET_CONTEXT, *_MARK_KINDS]))
        .then(quiet)
        .otherwise(False)
    )
    if "lines" not in marked.columns:
        marked = marked.with_columns(lines=pl.lit(1, pl.Int64))
    thinned = cut_quiet_runs(marked, "kind", is_plan, keep_first=is_mark)
    return _first_marks(thinned.drop("quiet"))


def _first_marks(events: pl.DataFrame) -> pl.DataFrame:
    """A sizing path's lines repeat every cycle; the first of each kind after each start line
    says all they can (which path ran, and its dates)."""
    kind = pl.col("kind")
    is_mark = kind.is_in(_MARK_KINDS)
    segment = kind.is_in(_START_KINDS).cast(pl.Int64).cum_sum().alias("segment")
    first = pl.struct(kind, segment).is_first_distinct()
    return events.filter(~is_mark | first)


_WORDED = catalog.worded_kinds()


def _release(
    kind: catalog.EventKind, target: str | None, message: str, fields: Mapping[str, Any]
) -> tuple[str, str] | None:
    if not kind.variants:
        return None
    text = message if kind.name in _WORDED else None
    return catalog.release_range(kind.name, target, text, frozenset(fields))


def _decode(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(typed_value(str(value), "str"))
    return text or None


def _int(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, str):
        number = typed_value(value, "float")
        return float(number) if isinstance(number, int | float) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _price(value: Any) -> float | None:
    """A price as the plan logs it: `90000.5` (Quote cycle complete) or `Some((90000.5, 0.01))`."""
    if not isinstance(value, str):
        return None
    found = _SOME.search(value)
    if found is not None:
        return _float(found.group("first").strip())
    number = _float(value)
    return number if number else None


def _oids(value: Any) -> list[str] | None:
    if not isinstance(value, str) or not value.strip().startswith("["):
        return None
    return _DIGITS.findall(value)


def _reasons(fields: Mapping[str, Any]) -> list[str]:
    """The kill switch's reasons: its Debug list of strings, unescaped."""
    text = fields.get("reasons")
    if isinstance(text, str):
        quoted = [json.loads(f'"{item}"') for item in _QUOTED.findall(text)]
        return quoted or [text]
    return []


def _facts(kind_name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    if kind_name == "leverage":
        return _present(leverage=_float(fields.get("using_leverage")))
    if kind_name == "precision":
        return _present(sz_decimals=_int(fields.get("sz_decimals")), asset=fields.get("asset"))
    if kind_name == "asset_prefixed":
        return _present(asset=fields.get("prefixed"))
    return {}


def _present(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _warmup_detail(fields: Mapping[str, Any]) -> dict[str, Any]:
    progress = fields.get("progress")
    if isinstance(progress, str):
        return {"progress": progress}
    ticks, needed = fields.get("volume_ticks"), fields.get("volume_ticks_required")
    trades, trades_needed = (
        fields.get("trade_observations"),
        fields.get("trade_observations_required"),
    )
    if ticks is not None and needed is not None:
        text = f"{ticks}/{needed} volume ticks"
        if trades is not None and trades_needed is not None:
            text += f", {trades}/{trades_needed} trade observations"
        return {"progress": text}
    return {}
