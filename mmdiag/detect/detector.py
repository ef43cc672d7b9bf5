"""The `Detector`: sessions and zero-order windows from observations fed in log order, and the
`Change`s it tells `watch` of."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from mmdiag import catalog
from mmdiag.detect.options import DetectOptions
from mmdiag.detect.segments import (
    _cause_of,
    _record,
    _Segment,
    _Tally,
    _Window,
    _with_where,
)
from mmdiag.detect.state import _SessionState, _SideState
from mmdiag.model import Evidence, Incident, IncidentLog, Logged, Session
from mmdiag.observe import SIDES, Observation

CHECK_EVERY = timedelta(seconds=0.5)
_CYCLE_CAUSES = frozenset({"sizes_filtered"})
"""Reasons only a quote cycle states, before its plan: its sizing's warnings (reduce-only is
also stated by the safety sync, which runs during the warm-up)."""
"""How often, in log time, `watch` looks whether an open window has become an incident."""

_Part = tuple[list[tuple["_Segment", float]], datetime, datetime, bool]


@dataclass(frozen=True)
class Change:
    """Something `watch` announces: a session began or ended, a window opened or closed."""

    what: str
    """`session_started`, `session_ended` (with `session`), `window_opened` (an open window
    became an incident: `incident` ends now, `ended_by` `open`), `window_closed`."""
    time: datetime
    session: Session | None = None
    incident: Incident | None = None


class Detector:
    """Sessions and zero-order windows, from observations fed in log order."""

    def __init__(self, options: DetectOptions | None = None, announce: bool = False) -> None:
        self.options = options or DetectOptions()
        self.announce = announce
        """Say when an open window becomes an incident (`watch`), not only when it closes."""
        self.sessions: list[Session] = []
        self.pieces: list[Incident] = []
        """Every side's zero-order windows long enough to count, as they closed."""
        self.session: _SessionState | None = None
        self.before_start: list[Observation] = []
        """Order and fact lines logged before a start line: they belong to the session it opens."""
        self.last_time: datetime | None = None
        self._gap = timedelta(seconds=self.options.max_gap_s)
        self._changes: list[Change] = []
        self._now: datetime | None = None
        """The latest log time seen: a change known only now (a restart ends the session before
        it) is told at this time, so that changes come in log order."""

    # --- feeding ------------------------------------------------------------------------------

    def feed(self, batch: Iterable[Observation]) -> list[Change]:
        """Take observations in log order; return what changed (for `watch`)."""
        for obs in batch:
            self._one(obs)
        changes, self._changes = self._changes, []
        return changes

    def tick(self, now: datetime) -> list[Change]:
        """Log time moved on (a line of any kind was written): a window that has become an
        incident by now is announced, even if no line about quoting came since."""
        self._now = now if self._now is None else max(self._now, now)
        session = self.session
        if self.announce and session is not None and session.stopped is None:
            self._announce(session, now)
        changes, self._changes = self._changes, []
        return changes

    def finish(self) -> list[Change]:
        """The log ended: close what is open."""
        if self.session is not None:
            self._end_session(self.session.stopped or "log_end")
        changes, self._changes = self._changes, []
        return changes

    def _one(self, obs: Observation) -> None:
        self._now = obs.time if self._now is None else max(self._now, obs.time)
        session = self.session
        last = session.last_time if session is not None else None
        if session is not None and last is not None and obs.time - last > self._gap:
            self._silence(session, obs.time)
        if obs.what == "start":
            self._start(obs)
            return
        if session is None or session.stopped is not None:
            if obs.what in ("orders", "fact", "kill_condition", "metrics", "bulk", "mark"):
                self.before_start.append(obs)
                return
            if session is None:
                self._open_session(obs, started=False)
                session = self.session
                assert session is not None
        self._apply(session, obs)

    def _apply(self, session: _SessionState, obs: Observation) -> None:
        if obs.what == "mark":
            # A sizing path's line: it dates the session and says which path ran; it changes
            # nothing about the sides (it falls between a cycle's plan and its order lines).
            session.marks.add(str((obs.detail or {}).get("mark")))
            if obs.release is not None:
                session.date(obs.release)
            return
        if obs.what == "orders" and not session.observed_orders:
            session.observed_orders = True  # order lines: they decide, for every side
            for state in session.sides.values():
                state.tracked, state.pending = True, None
        elif obs.what != "orders":
            self._settle(session, (obs.source, obs.line))
        session.last_time = obs.time
        self.last_time = obs.time
        if obs.release is not None:
            session.date(obs.release)
        what = obs.what
        if what == "plan":
            self._plan(session, obs)
        elif what == "orders":
            self._orders(session, obs)
        elif what == "reason":
            self._reason(session, obs)
        elif what == "stop":
            self._stop(session, obs, "kill_switch" if session.kill_reasons else "shutdown")
        elif what == "kill":
            reasons = tuple(obs.detail.get("reasons", ())) if obs.detail else ()
            if not reasons and session.kill_condition:
                reasons = (session.kill_condition,)
            session.kill_reasons = reasons or ("(no reason logged)",)
            self._stop(session, obs, "kill_switch", replace_shutdown=True)
        elif what == "kill_condition":
            condition = obs.detail.get("condition") if obs.detail else None
            session.kill_condition = str(condition) if condition else None
        elif what == "fact":
            self._fact(session, obs)
        elif what == "bulk":
            session.last_bulk = (obs.time, (obs.source, obs.line))
            for side in session.sides.values():
                if side.window is not None and side.window.segments:
                    last = side.window.segments[-1]
                    if last.bulk_first is None:
                        last.bulk_first = obs.time
        elif what == "metrics":
            session.orders_placed = obs.value
            where = (obs.source, obs.line)
            for side in session.sides.values():
                if side.window is not None and side.window.segments:
                    side.window.segments[-1].metrics.append((obs.value, obs.time, where))
        if self.announce and self.session is session:
            self._announce(session, obs.time)

    def _when(self, at: datetime) -> datetime:
        return at if self._now is None else max(at, self._now)

    def _settle(self, session: _SessionState, line: tuple[str, int] | None = None) -> None:
        """A plan waiting for its order lines got none (another line came): it ends the window."""
        for state in session.sides.values():
            pending = state.pending
            if pending is not None and (pending.source, pending.line) != line:
                state.pending = None
                self._status(session, state, pending)

    # --- sessions -----------------------------------------------------------------------------

    def _start(self, obs: Observation) -> None:
        session = self.session
        role = obs.cause or "start"
        same = (
            session is not None
            and session.started_line is not None
            and session.stopped is None
            and not session.planned
            and role not in session.roles
        )
        if session is not None and same:
            session.roles.add(role)
            self._start_details(session, obs)
            session.last_time = obs.time
            return
        if session is not None:
            self._end_session("restart" if session.stopped is None else session.stopped)
        self._open_session(obs, started=True)

    def _open_session(self, obs: Observation, started: bool) -> None:
        index = (self.sessions[-1].index + 1) if self.sessions else (1 if started else 0)
        where = (obs.source, obs.line) if started else None
        session = _SessionState(index=index, start=obs.time, started_line=where)
        self.session = session
        session.last_time = obs.time
        if started:
            session.roles.add(obs.cause or "start")
            self._start_details(session, obs)
            for side, state in session.sides.items():
                state.window = _Window(side, index, obs.time, at_startup=True)
        earlier_lines, self.before_start = self.before_start, []
        for earlier in earlier_lines:
            self._apply(session, earlier._replace(time=max(earlier.time, obs.time)))
        if started:
            self._changes.append(Change("session_started", obs.time, self._session(session)))

    def _start_details(self, session: _SessionState, obs: Observation) -> None:
        detail = obs.detail or {}
        where = f"{obs.source}:{obs.line}"
        if obs.release is not None:
            session.date(obs.release)
        asset = detail.get("asset")
        if isinstance(asset, str) and asset and session.asset is None:
            session.asset = asset
            session.facts.setdefault("asset", (asset, where))
        leverage = catalog.number(detail.get("leverage"))
        if leverage is not None:
            session.facts.setdefault("leverage", (leverage, where))

    def _fact(self, session: _SessionState, obs: Observation) -> None:
        where = f"{obs.source}:{obs.line}"
        for name, value in (obs.detail or {}).items():
            if name == "asset":
                if session.asset is None:
                    session.asset = str(value)
                session.facts.setdefault("asset", (value, where))
            else:
                session.facts[name] = (value, where)

    def _stop(
        self, session: _SessionState, obs: Observation, how: str, replace_shutdown: bool = False
    ) -> None:
        if session.stopped is not None:
            if replace_shutdown and session.stopped == "shutdown":
                session.stopped = how
            return
        session.stopped = how
        session.stopped_line = (obs.source, obs.line)
        session.stop_time = obs.time
        for side in session.sides.values():
            self._close(side, obs.time, how)
        self._changes.append(Change("session_ended", obs.time, self._session(session, how)))

    def _end_session(self, ended_by: str) -> None:
        session = self.session
        assert session is not None
        self._settle(session)
        end = session.last_time or session.start
        for side in session.sides.values():
            self._close(side, end, ended_by if session.stopped is None else session.stopped)
        finished = self._session(session, ended_by)
        self.sessions.append(finished)
        if session.stopped is None:  # a stop was announced when it was logged
            self._changes.append(Change("session_ended", self._when(end), finished))
        self.session = None

    def _session(self, session: _SessionState, ended_by: str = "log_end") -> Session:
        first_order = tuple(
            (state.first_order - session.start).total_seconds()
            if state.first_order is not None
            else None
            for state in session.sides.values()
        )
        release = None
        if session.release_low is not None and session.release_high is not None:
            release = (session.release_low, session.release_high)
        return Session(
            index=session.index,
            start=session.start,
            end=session.last_time or session.start,
            started_line=session.started_line,
            asset=session.asset,
            quote_cycles=max(session.cycles.values(), default=0),
            orders_placed=session.orders_placed,
            ended_by=ended_by,
            stopped_line=session.stopped_line,
            stop_time=session.stop_time,
            kill_reasons=session.kill_reasons,
            release=release,
            first_order_s=(first_order[0], first_order[1]),
            observed_orders=session.observed_orders,
            sizing_marks=tuple(sorted(session.marks)),
        )

    def _silence(self, session: _SessionState, now: datetime) -> None:
        """No line for longer than the maximum gap: nothing is known in between. A window of
        the warm-up (before the session's first plan) goes on: the warm-up is quiet."""
        last = session.last_time
        assert last is not None
        if session.started_line is not None and not session.planned:
            return
        for side in session.sides.values():
            window = side.window
            if window is not None:
                self._close(side, last, "silence")
                if session.stopped is None:
                    side.window = _Window(window.side, session.index, now, at_startup=False)

    # --- sides --------------------------------------------------------------------------------

    def _side_of(self, session: _SessionState, obs: Observation) -> list[_SideState]:
        if obs.side in SIDES:
            return [session.sides[obs.side]]
        return list(session.sides.values())

    def _plan(self, session: _SessionState, obs: Observation) -> None:
        side = obs.side
        if side not in SIDES:
            return
        state = session.sides[side]
        if side == "bid":
            session.cycles[obs.kind] = session.cycles.get(obs.kind, 0) + obs.lines
        session.planned = True
        state.plan = obs.value
        if obs.cause == "intent" and obs.value > 0 and not state.tracked:
            state.pending = obs
        else:
            self._status(session, state, obs)
        if obs.value > 0:  # after the status: an incident it ends keeps the plan before it
            price = obs.detail.get("price") if obs.detail else None
            state.last_quoting = (price, obs.value, f"{obs.source}:{obs.line}")

    def _orders(self, session: _SessionState, obs: Observation) -> None:
        if obs.side not in SIDES:
            return
        state = session.sides[obs.side]
        state.count = obs.value
        self._status(session, state, obs)

    def _reason(self, session: _SessionState, obs: Observation) -> None:
        for state in self._side_of(session, obs):
            if state.window is not None:
                self._point(session, state, obs)
            else:
                state.recent.append(obs)

    def _status(self, session: _SessionState, state: _SideState, obs: Observation) -> None:
        if obs.what == "plan" and obs.value > 0:
            state.recent.clear()  # the cycle plans the side: earlier reasons are over
        if state.has_orders:
            if state.first_order is None:
                state.first_order = obs.time
            self._close(state, obs.time, "quoting")
            return
        if state.window is None and session.stopped is None:
            side = obs.side or "bid"
            horizon = obs.time - timedelta(seconds=self.options.merge_s)
            earlier = [e for e in state.recent if e.time >= horizon]
            state.recent.clear()
            # The cycle said why before it showed the side empty: the window starts there.
            opened = earlier[0].time if earlier else obs.time
            state.window = _Window(side, session.index, opened, at_startup=False)
            state.window.bulk_before = session.last_bulk
            for reason in earlier:
                self._point(session, state, reason)
        if state.window is not None:
            self._point(session, state, obs)

    def _label(self, session: _SessionState, state: _SideState, obs: Observation) -> str:
        stated = obs.cause if obs.what == "reason" else None
        if session.started_line is not None and not session.planned and stated != "warmup":
            # Before its first plan the bot is warming up, unless the line is the first
            # cycle's own reason, logged before that cycle's plan (a sizing warning).
            return stated if stated in _CYCLE_CAUSES else "warmup_default"
        if stated:
            return stated
        if state.plan == 0:
            return "ladder_empty"
        return "unknown"

    def _point(self, session: _SessionState, state: _SideState, obs: Observation) -> None:
        window = state.window
        assert window is not None
        label = self._label(session, state, obs)
        window.last_time = obs.time
        segments = window.segments
        current = segments[-1] if segments else None
        if current is None or current.label != label:
            change = timedelta(seconds=self.options.cause_change_s)
            if (
                current is not None
                and not current.strong
                and len(segments) >= 2
                and segments[-2].label == label
                and obs.time - current.start < change
            ):
                segments.pop()
                segments[-1].absorb(current)
                current = segments[-1]
            else:
                current = _Segment(label, obs.time, obs.time)
                segments.append(current)
        current.last = obs.time
        _record(current, obs, window.side)

    def _close(self, state: _SideState, end: datetime, ended_by: str) -> None:
        window = state.window
        if window is None:
            return
        state.window = None
        for piece in self._pieces(window, end, ended_by):
            self.pieces.append(piece)
            self._changes.append(Change("window_closed", self._when(piece.end), incident=piece))

    def _pieces(self, window: _Window, end: datetime, ended_by: str) -> list[Incident]:
        """The window split where a cause holds `cause_change_s` after another; only pieces
        long enough to count."""
        found: list[Incident] = []
        parts = self._split(window, end)
        for n, (group, start, stop, at_startup) in enumerate(parts):
            how = ended_by if n + 1 == len(parts) else "cause_change"
            piece = self._piece(window, group, start, stop, how, at_startup)
            if self._counts(piece):
                found.append(piece)
        return found

    def _split(self, window: _Window, end: datetime) -> list[_Part]:
        """(segments, start, end, judged as start-up) of each piece of a window up to `end`."""
        if end <= window.start:
            return []
        segments = window.segments or [_Segment("unknown", window.start, window.start)]
        change = self.options.cause_change_s
        groups: list[list[tuple[_Segment, float]]] = []
        anchor: str | None = None
        for n, segment in enumerate(segments):
            following = segments[n + 1].start if n + 1 < len(segments) else end
            span = (following - segment.start).total_seconds()
            held = span >= change
            if held and anchor is not None and segment.label != anchor and groups:
                groups.append([])
            if not groups:
                groups.append([])
            groups[-1].append((segment, span))
            if held:
                anchor = segment.label
        parts: list[_Part] = []
        for n, group in enumerate(groups):
            start = window.start if n == 0 else group[0][0].start
            stop = groups[n + 1][0][0].start if n + 1 < len(groups) else end
            at_startup = window.at_startup and n == 0
            if at_startup and _cause_of(group) != "warmup":
                # Quoting began and something else kept the side empty: the incident starts
                # with the quote loop, and the start-up allowance is the warm-up's, not its.
                kept = [(s, span) for s, span in group if s.label != "warmup_default"]
                group, start, at_startup = kept or group, (kept or group)[0][0].start, False
            parts.append((group, start, stop, at_startup))
        return parts

    def _announce(self, session: _SessionState, now: datetime) -> None:
        """For `watch`: each open window whose latest piece has lasted long enough to count is
        announced once per cause, as soon as it does."""
        for state in session.sides.values():
            window = state.window
            if window is None or (window.checked and now - window.checked < CHECK_EVERY):
                continue
            window.checked = now
            parts = self._split(window, now)
            if not parts:
                continue
            group, start, _, at_startup = parts[-1]
            key = (start, _cause_of(group))
            if key in window.announced:
                continue
            piece = self._piece(window, group, start, now, "open", at_startup)
            if self._counts(piece):
                window.announced.add(key)
                self._changes.append(Change("window_opened", now, incident=piece))

    def would_tell(self, until: datetime) -> bool:
        """For `watch`, before lines are skipped: whether an open window would be told of
        between the latest line and `until`, log time moving on and the windows' lines staying
        as they are. A window's latest piece only grows with time: it comes to count once, and
        its cause (and start, when its last cause comes to hold) changes at most once or twice
        over one run of lines; the same piece at both ends, already told of or not counting at
        the end, is told of nowhere between."""
        session = self.session
        if session is None or session.stopped is not None or self._now is None:
            return False
        for state in session.sides.values():
            window = state.window
            if window is None:
                continue
            keys = set()
            for now in (self._now, until):
                parts = self._split(window, now)
                if not parts:
                    continue
                group, start, _, at_startup = parts[-1]
                key = (start, _cause_of(group))
                keys.add(key)
                piece = self._piece(window, group, start, now, "open", at_startup)
                if now == until and self._counts(piece) and key not in window.announced:
                    return True
            if len(keys) > 1:
                return True
        return False

    def _counts(self, piece: Incident) -> bool:
        if piece.at_startup:
            return piece.duration_s > self.options.startup_s
        return piece.duration_s >= self.options.min_window_s

    def _piece(
        self,
        window: _Window,
        group: list[tuple[_Segment, float]],
        start: datetime,
        end: datetime,
        ended_by: str,
        at_startup: bool,
    ) -> Incident:
        cause = _cause_of(group)
        merged = _Segment(cause, start, start)
        for segment, _ in group:
            merged.absorb(segment)
        tallies = sorted(merged.tallies.values(), key=lambda t: (-t.count, t.first_time))
        evidence = [t.evidence() for t in tallies]
        evidence.extend(self._weak_evidence(window, merged))
        last = merged.detail_last
        detail = {
            "first": dict(merged.detail_first or {}),
            "last": _with_where(last) if last is not None else {},
        }
        return Incident(
            session=window.session,
            side=window.side,
            start=start,
            end=end,
            cause=cause,
            evidence=tuple(evidence),
            warnings=merged.warnings,
            ended_by=ended_by,
            detail=detail,
            log=self._incident_log(window, merged),
            at_startup=at_startup,
        )

    def _weak_evidence(self, window: _Window, merged: _Segment) -> list[Evidence]:
        """Weaker evidence: no `Bulk order placed` among the piece's lines (the cycle that ends
        it places orders first), and cumulative orders_placed flat over it."""
        found = []
        before = window.bulk_before
        placed = merged.bulk_first is not None and merged.bulk_first <= merged.last
        if before is not None and not placed and window.segments:
            when, where = before
            what = "Bulk order placed in the window; the last before it:"
            found.append(_Tally(what, 0, when, where, when, where).evidence())
        flat = merged.metrics
        if len(flat) >= 2 and len({value for value, _, _ in flat}) == 1:
            (value, first_time, first_where), (_, last_time, last_where) = flat[0], flat[-1]
            tally = _Tally(
                f"metrics lines with orders_placed flat at {value}",
                len(flat),
                first_time,
                first_where,
                last_time,
                last_where,
            )
            found.append(tally.evidence())
        return found

    def _incident_log(self, window: _Window, merged: _Segment) -> IncidentLog:
        session = self.session
        facts = dict(session.facts) if session is not None else {}
        state = session.sides[window.side] if session is not None else None
        last = state.last_quoting if state is not None else None
        values = {
            name: Logged(d.first, d.last, d.low, d.high, d.where)
            for name, d in merged.values.items()
        }
        return IncidentLog(
            values={window.side: values},
            last_quoting={window.side: last} if last is not None else {},
            facts=facts,
        )
