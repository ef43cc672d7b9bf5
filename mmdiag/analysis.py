"""The main job as a library call: `analyze(paths) -> Analysis`; the CLI only renders it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from mmdiag import detect
from mmdiag.config import Settings
from mmdiag.errors import UsageError
from mmdiag.events import load_events
from mmdiag.model import SIZING_CAUSES, Incident, InputSummary, Session, State, Verdict
from mmdiag.parse.typed import kind_frame
from mmdiag.reconstruct import coin_of, reconstruct
from mmdiag.verdict import non_sizing_verdict, sizing_verdict


@dataclass(frozen=True)
class IncidentAnalysis:
    incident: Incident
    states: tuple[State, ...]
    """One per side, for incidents caused by sizing; empty otherwise."""
    replays: tuple[dict[str, Any], ...]
    """The replay of both optimizer versions on each state, as data."""
    verdict: Verdict


@dataclass(frozen=True)
class Analysis:
    inputs: tuple[InputSummary, ...]
    sessions: tuple[Session, ...]
    incidents: tuple[IncidentAnalysis, ...]
    settings: Settings = field(default_factory=Settings)

    @property
    def failing(self) -> tuple[IncidentAnalysis, ...]:
        """Incidents that fail the check policy (`settings.fail_on`)."""
        return tuple(i for i in self.incidents if fails_policy(i, self.settings.fail_on))


def fails_policy(item: IncidentAnalysis, fail_on: str) -> bool:
    """`any`: every incident fails. `unrecovered`: a sizing incident the fixed version would
    not have quoted through (or whose answer is unknown for lack of state)."""
    if fail_on == "any":
        return True
    if item.incident.cause not in SIZING_CAUSES:
        return False
    return item.verdict.fixed_quotes is not True


def analyze(
    paths: Sequence[str],
    settings: Settings | None = None,
    layout: str = "auto",
    strict: bool = False,
) -> Analysis:
    """Read the logs, find the incidents, reconstruct each one's state and replay it."""
    settings = settings or Settings()
    log = load_events(paths, detect.ANALYSIS_KINDS, layout=layout, strict=strict)
    _refuse_two_bots(log.events)
    options = detect.DetectOptions(
        min_window_s=settings.min_window_s,
        max_gap_s=settings.max_gap_s,
        startup_s=settings.startup_s,
    )
    found = detect.detect(log.events, options)
    sessions = {s.index: s for s in found.sessions}
    analysed = tuple(
        _analyse(incident, settings, sessions.get(incident.session)) for incident in found.incidents
    )
    return Analysis(
        inputs=log.inputs, sessions=found.sessions, incidents=analysed, settings=settings
    )


def _refuse_two_bots(events: pl.DataFrame) -> None:
    """Inputs from two bots running at the same time cannot be one timeline: their sessions
    and quote cycles would interleave and hide each other's incidents."""
    started = kind_frame(events, "started").filter(pl.col("asset").is_not_null())
    if started.is_empty():
        return
    spans = events.group_by("source").agg(first=pl.col("time").min(), last=pl.col("time").max())
    assets = started.group_by("source").agg(pl.col("asset").unique()).join(spans, on="source")
    rows = assets.sort("source").iter_rows(named=True)
    seen: list[dict[str, Any]] = []
    for row in rows:
        for other in seen:
            overlap = row["first"] <= other["last"] and other["first"] <= row["last"]
            if overlap and not set(row["asset"]) & set(other["asset"]):
                raise UsageError(
                    f"{other['source']} ({', '.join(other['asset'])}) and {row['source']} "
                    f"({', '.join(row['asset'])}) are logs of two bots running at the same "
                    "time: analyze them separately (mmdiag check takes each file as its own log)"
                )
        seen.append(row)


def _analyse(incident: Incident, settings: Settings, session: Session | None) -> IncidentAnalysis:
    facts = incident.log.facts if incident.log is not None else {}
    if incident.cause not in SIZING_CAUSES:
        decimals = facts.get("sz_decimals")
        sz_decimals = int(decimals[0]) if decimals is not None else None
        asset = facts.get("asset")
        coin = coin_of(str(asset[0]) if asset is not None else None)
        verdict = non_sizing_verdict(incident, coin, sz_decimals)
        return IncidentAnalysis(incident, (), (), verdict)
    overrides = settings.overrides_for(session.asset if session is not None else None)
    states = tuple(reconstruct(incident, side, overrides) for side in incident.sides)
    replays, verdict = sizing_verdict(incident, states, settings.method)
    return IncidentAnalysis(incident, states, replays, _with_release_note(verdict, session))


# The optimizer mmdiag replays is the one of 2026-01-02 (d8bb6a1) and its fix; later releases
# changed it (cf48daa 2026-01-03, entropy optimizer 2026-01-04, removed 2026-01-13).
REPLAYED_RELEASE = "2026-01-02"


def _with_release_note(verdict: Verdict, session: Session | None) -> Verdict:
    if session is None or session.release is None or session.release[0] <= REPLAYED_RELEASE:
        return verdict
    first, last = session.release
    note = (
        f" This session logs the messages of the releases from {first} to {last}, whose sizing "
        f"code changed after {REPLAYED_RELEASE}: the verdict models the {REPLAYED_RELEASE} "
        "optimizer and its fix, not the code that ran."
    )
    return replace(verdict, sentence=verdict.sentence + note)
