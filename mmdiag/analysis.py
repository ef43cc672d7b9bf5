"""The main job as a library call: `analyze(paths) -> Analysis`; the CLI only renders it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

import polars as pl

from mmdiag import catalog, detect
from mmdiag.config import Settings
from mmdiag.errors import UsageError
from mmdiag.model import (
    SIZING_CAUSES,
    Incident,
    InputSummary,
    Session,
    State,
    TimeRange,
    Verdict,
)
from mmdiag.observe import Observation, Observer
from mmdiag.parallel import forked_map, read_ahead, usable_cores
from mmdiag.parse.reader import EventStream, stream_events
from mmdiag.reconstruct import coin_of, reconstruct
from mmdiag.release_verdict import release_replay, release_sentence, upgrade_lines
from mmdiag.replay import ReplayInputs
from mmdiag.runs import RunReader
from mmdiag.timeline import Timeline, TimelineRecorder
from mmdiag.verdict import non_sizing_verdict, replay_dict, sizing_verdict

T = TypeVar("T")
ANALYSIS_CHUNK_ROWS = 15_000
"""Events per table of the analysis' stream: the observations of one table are held at once
(a log dense in incidents thins little: 100,000 held 400 MB, 20,000 200 to 240 MB, 15,000
190 MB on the dense bench log, at no cost in time one can measure on it)."""


@dataclass(frozen=True)
class IncidentAnalysis:
    incident: Incident
    states: tuple[State, ...]
    """One per side, for incidents caused by sizing; empty otherwise."""
    replayed: tuple[ReplayInputs, ...]
    """The inputs each side's answer was replayed on."""
    verdict: Verdict
    method: str = "kelly"
    tables: tuple[dict[str, Any], ...] | None = field(default=None, repr=False)
    """`replays`, when the analysis computed them (`analyze(tables=True)`)."""

    @property
    def replays(self) -> tuple[dict[str, Any], ...]:
        """The replay of both optimizer versions on each state, as data (computed when asked:
        the threshold searches are what a replay costs)."""
        if self.tables is not None:
            return self.tables
        return tuple(replay_dict(inputs, self.method) for inputs in self.replayed)


@dataclass(frozen=True)
class Analysis:
    inputs: tuple[InputSummary, ...]
    sessions: tuple[Session, ...]
    incidents: tuple[IncidentAnalysis, ...]
    settings: Settings = field(default_factory=Settings)
    timeline: Timeline = field(default_factory=Timeline)
    """Each side's states over time and the price and position, for the pictures."""

    @property
    def failing(self) -> tuple[IncidentAnalysis, ...]:
        """Incidents that fail the check policy (`settings.fail_on`)."""
        return tuple(i for i in self.incidents if fails_policy(i, self.settings.fail_on))


def fails_policy(item: IncidentAnalysis, fail_on: str) -> bool:
    """`any`: every incident fails. `unrecovered`: a sizing incident the bot's current sizing
    (its newest release's default path) would not have quoted through on every side, or
    whose answer is unknown for lack of state."""
    if fail_on == "any":
        return True
    if item.incident.cause not in SIZING_CAUSES:
        return False
    if item.verdict.current is not None:
        return item.verdict.current_quotes is not True
    return item.verdict.fixed_quotes is not True


def analyze(
    paths: Sequence[str],
    settings: Settings | None = None,
    layout: str = "auto",
    strict: bool = False,
    window: TimeRange | None = None,
    progress: Progress | None = None,
    chunk_rows: int | None = None,
    stages: dict[str, float] | None = None,
    jobs: int | None = None,
    tables: bool = False,
) -> Analysis:
    """Read the logs as a stream, find the incidents, reconstruct each one's state and replay
    it. Memory holds what the open windows need, not the log. `chunk_rows` sets how many
    events a table of the stream holds (the answer does not depend on it). `stages`, when
    given, gathers the seconds spent per stage (read, observe, detect, replay). `jobs`:
    processes the replays are spread over (default: the usable cores). `tables`: replay the
    seed's threshold tables too (`IncidentAnalysis.replays`, what the JSON report prints),
    in those processes (the answer does not depend on either)."""
    settings = settings or Settings()
    options = detect.DetectOptions(
        min_window_s=settings.min_window_s,
        max_gap_s=settings.max_gap_s,
        startup_s=settings.startup_s,
    )
    stream = stream_events(
        paths,
        detect.ANALYSIS_KINDS,
        layout=layout,
        strict=strict,
        thin=True,
        window=window,
        chunk_rows=chunk_rows or ANALYSIS_CHUNK_ROWS,
    )
    if progress is not None:
        progress.watch(stream)
    detector, observer, bots = detect.Detector(options), Observer(), _Bots()
    recorder = TimelineRecorder(settings.max_gap_s)
    clock = _Clock(stages)
    reader = RunReader(observer, detector, recorder.sides, bots.see, clock.timed)
    gathered = _gathered(stream, min(chunk_rows or ANALYSIS_CHUNK_ROWS, GATHERED_ROWS))
    # The next tables are read in a thread while these are looked at: the reading is mostly
    # polars' (it releases the GIL). Their other polars work stays here: in the reader's
    # thread it cost more than it gained (2 cores, 2026-12-04).
    with contextlib.closing(read_ahead(gathered)) as ahead:
        while (table := clock.timed("read", next, ahead, None)) is not None:
            reader.read(table)
            clock.timed("timeline", recorder.read, table)
    detector.finish()
    inputs = tuple(stream.summaries())
    bots.check(inputs)
    found = detect.collect(detector)
    sessions = {s.index: s for s in found.sessions}
    replays = Replays(tables)
    asked: list[tuple[Incident, Session | None, _Question | None]] = []
    for incident in found.incidents:  # each sizing incident's replay, worked out once
        session = sessions.get(incident.session)
        sizing = incident.cause in SIZING_CAUSES
        asked.append(
            (incident, session, _question(incident, settings, session) if sizing else None)
        )
    cores = usable_cores() if jobs is None else jobs
    clock.timed("replay", replays.ahead, [q for _, _, q in asked if q is not None], cores)
    analysed = clock.timed(
        "replay",
        tuple,
        (analyse_incident(i, settings, session, replays, q) for i, session, q in asked),
    )
    return Analysis(
        inputs=inputs,
        sessions=found.sessions,
        incidents=analysed,
        settings=settings,
        timeline=recorder.finish(),
    )


GATHERED_ROWS = 5_000
"""Small tables are joined until they hold this many events: thinned, a table of the reader
often holds a few hundred, and each costs the analysis a few fixed steps; larger ones pass as
they are (joining them would hold two at once)."""


def _gathered(tables: Iterable[pl.DataFrame], rows: int) -> Iterator[pl.DataFrame]:
    """The stream's tables, small ones joined until they hold `rows` events."""
    waiting: list[pl.DataFrame] = []
    held = 0
    for table in tables:
        waiting.append(table)
        held += table.height
        if held >= rows:
            yield pl.concat(waiting) if len(waiting) > 1 else waiting[0]
            waiting, held = [], 0
    if waiting:
        yield pl.concat(waiting) if len(waiting) > 1 else waiting[0]


class _Clock:
    """Seconds per stage, for the benchmark's profile (`bench/run.py --stages`)."""

    def __init__(self, stages: dict[str, float] | None) -> None:
        self.stages = stages

    def timed(self, stage: str, call: Callable[..., T], *args: Any) -> T:
        if self.stages is None:
            return call(*args)
        start = time.perf_counter()
        try:
            return call(*args)
        finally:
            self.stages[stage] = self.stages.get(stage, 0.0) + time.perf_counter() - start


class Progress(Protocol):
    """Told the stream before it is read (a progress bar follows its inputs)."""

    def watch(self, stream: EventStream) -> None: ...


class _Bots:
    """The assets each input's start lines name: inputs from two bots running at the same time
    cannot be one timeline (their sessions and cycles would interleave and hide incidents)."""

    def __init__(self) -> None:
        self.assets: dict[str, set[str]] = {}

    def see(self, batch: list[Observation]) -> None:
        for obs in batch:
            if obs.what == "start" and obs.detail and isinstance(obs.detail.get("asset"), str):
                self.assets.setdefault(obs.source, set()).add(str(obs.detail["asset"]))

    def check(self, inputs: Sequence[InputSummary]) -> None:
        seen: list[InputSummary] = []
        for summary in sorted(inputs, key=lambda s: s.source):
            mine = self.assets.get(summary.source)
            if not mine or summary.first_time is None or summary.last_time is None:
                continue
            for other in seen:
                theirs = self.assets[other.source]
                assert other.first_time is not None and other.last_time is not None
                overlap = (
                    summary.first_time <= other.last_time and other.first_time <= summary.last_time
                )
                if overlap and not _coins(mine) & _coins(theirs):
                    raise UsageError(
                        f"{other.source} ({', '.join(sorted(theirs))}) and {summary.source} "
                        f"({', '.join(sorted(mine))}) are logs of two bots running at the same "
                        "time: analyze them separately (mmdiag check takes each file as its "
                        "own log)"
                    )
            seen.append(summary)


def _coins(assets: set[str]) -> set[str]:
    """`hyna:BTC` and `BTC` are one market: the binary's line names the dex, the loop's not."""
    return {coin_of(asset) for asset in assets}


ReplayKey = tuple[Any, ...]


@dataclass(frozen=True)
class _Replay:
    """What one sizing incident's state replays to."""

    replayed: tuple[ReplayInputs, ...]
    verdict: Verdict
    tables: tuple[dict[str, Any], ...] | None
    """The seed's replay with its thresholds, per side (`replay_dict`), when asked for."""


@dataclass(frozen=True)
class _Question:
    """A sizing incident's replay, as asked: what its answer depends on, and nothing else."""

    incident: Incident
    states: tuple[State, ...]
    method: str
    release: tuple[str, str] | None
    paths_seen: frozenset[str]

    @property
    def key(self) -> ReplayKey:
        i = self.incident
        return (i.side, i.cause, self.method, self.states, self.release, self.paths_seen)


def _question(incident: Incident, settings: Settings, session: Session | None) -> _Question:
    overrides = settings.overrides_for(session.asset if session is not None else None)
    states = tuple(reconstruct(incident, side, overrides) for side in incident.sides)
    release = session.release if session is not None else None
    marks = session.sizing_marks if session is not None else ()
    paths_seen = frozenset(catalog.MARKS[m] for m in marks if m in catalog.MARKS)
    return _Question(incident, states, settings.method, release, paths_seen)


def _answer(question: _Question, tables: bool) -> _Replay:
    q = question
    replayed, verdict = sizing_verdict(q.incident, q.states, q.method)
    if replayed:
        verdict = with_release(
            verdict, q.incident, q.states, replayed, q.release, q.method, q.paths_seen
        )
    found = tuple(replay_dict(inputs, q.method) for inputs in replayed) if tables else None
    return _Replay(replayed, verdict, found)


class Replays:
    """Replays are pure functions of their inputs: identical states replay once (hundreds of
    incidents in a log of weeks often share one state), and distinct ones can replay in
    processes of their own (`ahead`)."""

    def __init__(self, tables: bool = False) -> None:
        self.tables = tables
        self.done: dict[ReplayKey, _Replay] = {}

    def ahead(self, questions: Iterable[_Question], jobs: int) -> None:
        """Answer the distinct questions not answered yet, spread over `jobs` processes (a
        replay of every sizing version takes a tenth of a second and more)."""
        todo: dict[ReplayKey, _Question] = {}
        for question in questions:
            if question.key not in self.done:
                todo.setdefault(question.key, question)
        answers = forked_map(_answer, [(q, self.tables) for q in todo.values()], jobs)
        self.done.update(zip(todo, answers, strict=True))

    def answer(self, question: _Question) -> _Replay:
        found = self.done.get(question.key)
        if found is None:
            found = self.done[question.key] = _answer(question, self.tables)
        return found


def analyse_incident(
    incident: Incident,
    settings: Settings,
    session: Session | None,
    replays: Replays,
    question: _Question | None = None,
) -> IncidentAnalysis:
    """The incident's verdict; a sizing incident's replay from `replays` (`question`: its
    replay as asked, when the caller already worked it out)."""
    facts = incident.log.facts if incident.log is not None else {}
    if incident.cause not in SIZING_CAUSES:
        decimals = facts.get("sz_decimals")
        sz_decimals = int(decimals[0]) if decimals is not None else None
        asset = facts.get("asset")
        coin = coin_of(str(asset[0]) if asset is not None else None)
        verdict = non_sizing_verdict(incident, coin, sz_decimals)
        return IncidentAnalysis(incident, (), (), verdict)
    question = question or _question(incident, settings, session)
    found = replays.answer(question)
    return IncidentAnalysis(
        incident, question.states, found.replayed, found.verdict, settings.method, found.tables
    )


#: The seed's optimizer, before and after its fix: their verdict (facts that hold for every
#: per-level profile, thresholds) is the richest mmdiag gives.
SEED_VERSIONS = frozenset({"pre_fallback", "with_fallback"})


def with_release(
    verdict: Verdict,
    incident: Incident,
    states: tuple[State, ...],
    replayed: tuple[ReplayInputs, ...],
    release: tuple[str, str] | None,
    method: str,
    paths_seen: frozenset[str] = frozenset(),
) -> Verdict:
    """The seed's verdict, told about the sizing code of the release that ran: when only the
    seed's versions fit the session, their sentence stands, naming them; otherwise the
    sentence is about the versions that ran."""
    result = release_replay(incident, replayed, release, method, paths_seen=paths_seen)
    ran = set(result.names)
    if ran and ran <= SEED_VERSIONS:
        labels = " and ".join(f"{v.name} ({v.commit})" for v in result.versions)
        sentence = f"{verdict.sentence} Replayed: {labels}, the sizing of the release that ran."
    elif ran & SEED_VERSIONS:
        sentence = (
            f"{release_sentence(result, states)} The 2026-01-02 optimizer, before and after its "
            f"fix, in detail: {verdict.sentence}"
        )
    else:
        sentence = release_sentence(result, states)
    coin = states[0].coin if states else "coins"
    return replace(
        verdict,
        sentence=sentence,
        versions_ran=result.names,
        ran_quotes=result.quotes,
        version_replays=tuple(result.versions_json()),
        upgrades=tuple(result.upgrades_json()),
        upgrade_lines=tuple(upgrade_lines(result, coin)),
        current=result.current_json(),
        modelled=tuple(result.modelled_lines()),
    )
