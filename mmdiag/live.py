"""`mmdiag watch`: the analysis of `analyze`, fed as the log grows, saying what changes.

The same observer and detector as `analyze`, fed each poll's new lines: a session started or
ended, a zero-order window became an incident (as soon as it lasted `--min-window`, with its
cause, evidence and, for sizing causes, the verdict), an incident ended, the log went silent
for longer than `--max-gap` of wall-clock time with no stop logged (the bot may have died).
Memory holds the open windows and the incidents' summaries, not the log.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import regex

from mmdiag import detect
from mmdiag.analysis import IncidentAnalysis, Replays, analyse_incident, fails_policy
from mmdiag.config import Settings
from mmdiag.errors import InputError
from mmdiag.ingest.follow import Chunk, Followed, FollowedFolder, FollowedStdin
from mmdiag.ingest.sources import STDIN
from mmdiag.model import EVENT_SCHEMA, Incident, Session
from mmdiag.observe import Observer
from mmdiag.parse.reader import LiveReader, merge_tables
from mmdiag.runs import RunReader
from mmdiag.verdict import duration_text

ALERTS = (
    "watching",
    "notice",
    "session_started",
    "session_ended",
    "window_opened",
    "window_closed",
    "silence",
    "resumed",
)


@dataclass(frozen=True)
class Alert:
    """One thing `watch` says: what, when in the log, when on the wall clock."""

    what: str
    message: str
    wall_time: datetime
    log_time: datetime | None = None
    session: Session | None = None
    item: IncidentAnalysis | None = None
    fails: bool = False
    """The incident fails the check policy (`--exit-on fail` stops here)."""
    replayed: bool = False
    """Read back from before the watch began (the current session's start)."""

    @property
    def delay_s(self) -> float | None:
        if self.log_time is None:
            return None
        return (self.wall_time - self.log_time).total_seconds()


@dataclass
class _Input:
    follower: Followed | FollowedFolder | FollowedStdin
    readers: dict[str, LiveReader] = field(default_factory=dict)
    quiet_polls: int = 0


class Watch:
    """Follows the inputs; each `step` reads what was written since the last and returns the
    alerts it leads to, in log order."""

    def __init__(
        self,
        paths: Sequence[str],
        settings: Settings | None = None,
        layout: str = "auto",
        from_start: bool = False,
        wall_clock: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not paths:
            raise InputError("no input: give a log file, a folder of logs, or - for standard input")
        self.settings = settings or Settings()
        self.layout = layout
        self.options = detect.DetectOptions(
            min_window_s=self.settings.min_window_s,
            max_gap_s=self.settings.max_gap_s,
            startup_s=self.settings.startup_s,
        )
        self.detector = detect.Detector(self.options, announce=True)
        self.observer = Observer()
        self.reader = RunReader(self.observer, self.detector)
        """A poll that brings many lines (catching up) skips the steady cycles of its runs."""
        self.replays = Replays()
        self.wall = wall_clock or (lambda: datetime.now(UTC))
        self.monotonic = monotonic
        self.inputs = [_Input(_follower(p, from_start)) for p in paths]
        self.catching_up = True
        self.last_data = monotonic()
        self.silent = False
        self.lines = 0
        self.started = self.wall()
        self.closed: list[Incident] = []

    def step(self) -> list[Alert]:
        """One poll of every input."""
        alerts: list[Alert] = []
        tables = []
        got = False
        chunks_seen: list[Chunk] = []
        for source in self.inputs:
            chunks = source.follower.poll()
            alerts += [self._alert("notice", text) for text in source.follower.notices]
            source.follower.notices.clear()
            tables += self._read(source, chunks)
            got = got or any(c.data for c in chunks)
            chunks_seen += chunks
        now = self.monotonic()
        if got:
            self.last_data = now
            if self.silent:
                self.silent = False
                alerts.append(self._alert("resumed", "the log is being written again"))
        alerts += self._analyse(tables, _line_times(chunks_seen))
        alerts += self._silence(now)
        if self.catching_up:
            self.catching_up = False
            alerts.append(self._watching())
        return alerts

    def _read(self, source: _Input, chunks: list[Chunk]) -> list[pl.DataFrame]:
        tables = []
        for chunk in chunks:
            reader = source.readers.get(chunk.name)
            if reader is None:
                reader = LiveReader(chunk.name, frozenset(detect.ANALYSIS_KINDS), self.layout)
                source.readers[chunk.name] = reader
            if chunk.restarted:
                tables.append(reader.flush())
                reader.restart()
            tables.append(reader.feed(chunk.data, chunk.first_line))
            self.lines += chunk.data.count(b"\n")
        if chunks:
            source.quiet_polls = 0
        else:
            source.quiet_polls += 1
            if source.quiet_polls == 2:  # a held-back text record: the input went quiet
                tables += [reader.flush() for reader in source.readers.values()]
        return [t for t in tables if t.height]

    def _analyse(self, tables: list[pl.DataFrame], ticks: Sequence[datetime] = ()) -> list[Alert]:
        """Feed the detector the new observations, and between them the time of every line
        written (log time moves on with lines of every kind: a window that became an incident
        is announced at the first line after it did)."""
        events = merge_tables(tables)[0] if tables else pl.DataFrame(schema=EVENT_SCHEMA)
        changes = self.reader.read(events, ticks)
        return [alert for change in self._paired(changes) for alert in self._alerts(change)]

    def _paired(self, changes: list[detect.Change]) -> list[detect.Change]:
        """A bid and an ask window of one cause that open (or close) together in this poll are
        told as one, as `analyze` merges them."""
        result: list[detect.Change] = []
        for what in ("window_opened", "window_closed"):
            mine = [c for c in changes if c.what == what and c.incident is not None]
            if len(mine) < 2:
                continue
            pieces = [c.incident for c in mine if c.incident is not None]
            for piece in detect.merge_sides(pieces, self.options):
                result.append(detect.Change(what, _told_at(piece, mine), incident=piece))
            changes = [c for c in changes if c not in mine]
        return sorted(changes + result, key=lambda c: c.time)

    def _alerts(self, change: detect.Change) -> list[Alert]:
        if change.what in ("session_started", "session_ended") and change.session is not None:
            text = _session_text(change.what, change.session)
            return [self._alert(change.what, text, change.time, session=change.session)]
        if change.incident is None:
            return []
        incident = change.incident
        if change.what == "window_closed":
            self.closed.append(incident)
        item = analyse_incident(incident, self.settings, self._session_of(incident), self.replays)
        fails = fails_policy(item, self.settings.fail_on)
        text = _incident_text(change.what, item)
        return [self._alert(change.what, text, change.time, item=item, fails=fails)]

    def _session_of(self, incident: Incident) -> Session | None:
        for session in self.detector.sessions:
            if session.index == incident.session:
                return session
        current = self.detector.session
        if current is not None and current.index == incident.session:
            return self.detector._session(current)
        return None

    def _silence(self, now: float) -> list[Alert]:
        session = self.detector.session
        quiet_s = now - self.last_data
        running = session is not None and session.stopped is None
        if self.silent or not running or quiet_s <= self.options.max_gap_s:
            return []
        self.silent = True
        text = (
            f"no line for {quiet_s:.0f} s of wall-clock time and no stop logged: "
            "the bot may have died"
        )
        return [self._alert("silence", text, self.detector.last_time)]

    def _watching(self) -> Alert:
        names = ", ".join(_name(source.follower) for source in self.inputs)
        text = f"watching {names}"
        current = self.detector.session
        if current is not None:
            state = self.detector._session(current)
            since = f"{state.start:%Y-%m-%d %H:%M:%S} UTC"
            if current.stopped is None:
                text += f" (session {state.index} running since {since})"
            else:
                text += f" (session {state.index}, started {since}, has stopped)"
        return self._alert("watching", text, self.detector.last_time)

    def _alert(
        self,
        what: str,
        message: str,
        log_time: datetime | None = None,
        session: Session | None = None,
        item: IncidentAnalysis | None = None,
        fails: bool = False,
    ) -> Alert:
        return Alert(what, message, self.wall(), log_time, session, item, fails, self.catching_up)

    def finish(self) -> None:
        """The watch ends: nothing is closed (the bot may still run)."""
        for source in self.inputs:
            source.follower.close()

    @property
    def input_ended(self) -> bool:
        """Every input is standard input and it has been read to its end: the log ended."""
        followers = [source.follower for source in self.inputs]
        return bool(followers) and all(
            isinstance(f, FollowedStdin) and f.ended and f.queue.empty() for f in followers
        )

    def end_of_log(self) -> list[Alert]:
        """The log ended (standard input closed): what is open ends with it, as in `analyze`."""
        tables = [reader.flush() for source in self.inputs for reader in source.readers.values()]
        alerts = self._analyse([t for t in tables if t.height])
        changes = self.detector.finish()
        return alerts + [alert for change in changes for alert in self._alerts(change)]

    def summary(self) -> str:
        sessions = len(self.detector.sessions) + (1 if self.detector.session is not None else 0)
        open_now = sum(
            1
            for state in (self.detector.session.sides.values() if self.detector.session else ())
            if state.window is not None
        )
        merged = detect.merge_sides(self.closed, self.options)
        span = (self.wall() - self.started).total_seconds()
        return (
            f"mmdiag watch: stopped after {duration_text(span)}: {self.lines:,} lines, "
            f"{sessions} session(s), {len(merged)} incident(s) ended, {open_now} side(s) "
            "without orders now"
        )

    def incidents(self) -> list[Incident]:
        """The incidents that ended while watched, bid and ask merged as `analyze` does."""
        return detect.merge_sides(self.closed, self.options)


_STAMP = regex.compile(rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)")


def _line_times(chunks: list[Chunk]) -> list[datetime]:
    """The distinct seconds (log time) of the stamped lines written, in order."""
    seconds = {stamp[:19] for chunk in chunks for stamp in _STAMP.findall(chunk.data)}
    return sorted(datetime.fromisoformat(s.decode() + "+00:00") for s in seconds)


def _told_at(piece: Incident, changes: list[detect.Change]) -> datetime:
    """When the last of the windows a (merged) piece stands for was told."""
    times = [
        c.time
        for c in changes
        if c.incident is not None
        and c.incident.session == piece.session
        and c.incident.cause == piece.cause
        and c.incident.side in piece.sides
        and piece.start <= c.incident.start <= piece.end
    ]
    return max(times)


def _follower(path: str, from_start: bool) -> Followed | FollowedFolder | FollowedStdin:
    if path == STDIN:
        return FollowedStdin()
    found = Path(path)
    if found.is_dir():
        return FollowedFolder(found, from_start)
    return Followed(found, from_start=from_start)


def _name(follower: Followed | FollowedFolder | FollowedStdin) -> str:
    if isinstance(follower, FollowedFolder):
        return str(follower.folder)
    return follower.name


def _session_text(what: str, session: Session) -> str:
    if what == "session_started":
        text = f"session {session.index} started"
        if session.asset:
            text += f" ({session.asset})"
        if session.release:
            text += f"; messages of the releases from {session.release[0]} to {session.release[1]}"
        return text
    ended = {
        "shutdown": "ended by a shutdown",
        "kill_switch": "stopped by the KILL SWITCH",
        "restart": "ended: the bot restarted with no stop logged",
        "log_end": "ended",
    }[session.ended_by]
    text = f"session {session.index} {ended}"
    if session.kill_reasons:
        text += ": " + "; ".join(session.kill_reasons)
    return text


def _incident_text(what: str, item: IncidentAnalysis) -> str:
    incident = item.incident
    sides = {"bid": "bid side", "ask": "ask side", "both": "both sides"}[incident.side]
    if what == "window_opened":
        return (
            f"{sides} without orders for {duration_text(incident.duration_s)} "
            f"(since {incident.start:%H:%M:%S}): {incident.cause}. {item.verdict.sentence}"
        )
    span = f"{incident.start:%H:%M:%S} .. {incident.end:%H:%M:%S}"
    if incident.ended_by == "quoting":
        return (
            f"{sides} quoting again after {duration_text(incident.duration_s)} of "
            f"{incident.cause} ({span})"
        )
    return (
        f"{sides}: {duration_text(incident.duration_s)} of {incident.cause} ended by "
        f"{incident.ended_by.replace('_', ' ')} ({span})"
    )
