"""An Analysis of one log -> rows of the fleet's tables (plain values: a worker sends them
back and the cache keeps them as JSON). Times are microseconds since the epoch, UTC."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from mmdiag import __version__
from mmdiag.analysis import Analysis, IncidentAnalysis, fails_policy
from mmdiag.model import InputSummary, Session

Row = dict[str, Any]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(value: datetime | None) -> int | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def day_of(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).date().isoformat()


def dex_of(asset: str | None) -> str | None:
    """`hyna:BTC` -> `hyna`; an asset of the main dex has no prefix."""
    if not asset or ":" not in asset:
        return None
    return asset.split(":", 1)[0]


def log_row(bot: str, log: str, path: str, size: int | None, digest: str | None) -> Row:
    """A file's row before (or without) its analysis."""
    return {
        "bot": bot,
        "day": None,
        "path": path,
        "log": log,
        "bytes": size,
        "sha256": digest,
        "layouts": [],
        "compression": None,
        "stream": None,
        "lines": None,
        "records": None,
        "events": None,
        "unparsed_lines": None,
        "first_time": None,
        "last_time": None,
        "error": None,
        "cached": False,
        "seconds": None,
        "mmdiag_version": __version__,
    }


def read_row(row: Row, summary: InputSummary) -> Row:
    """The file's row, told how it was read."""
    return {
        **row,
        "day": day_of(summary.first_time),
        "layouts": list(summary.layouts),
        "compression": summary.compression,
        "stream": summary.stream,
        "lines": summary.lines,
        "records": summary.records,
        "events": summary.events,
        "unparsed_lines": summary.unparsed_lines,
        "first_time": micros(summary.first_time),
        "last_time": micros(summary.last_time),
    }


def session_rows(bot: str, log: str, analysis: Analysis) -> list[Row]:
    counts: dict[int, int] = {}
    for item in analysis.incidents:
        counts[item.incident.session] = counts.get(item.incident.session, 0) + 1
    return [_session_row(bot, log, s, counts.get(s.index, 0)) for s in analysis.sessions]


def _session_row(bot: str, log: str, session: Session, incidents: int) -> Row:
    bid, ask = session.first_order_s
    release = session.release
    return {
        "bot": bot,
        "day": day_of(session.start),
        "log": log,
        "session": session.index,
        "start": micros(session.start),
        "end": micros(session.end),
        "duration_s": session.duration_s,
        "continued": session.started_line is None,
        "ended_by": session.ended_by,
        "kill_reasons": list(session.kill_reasons),
        "asset": session.asset,
        "dex": dex_of(session.asset),
        "release_first": release[0] if release else None,
        "release_last": release[1] if release else None,
        "quote_cycles": session.quote_cycles,
        "orders_placed": session.orders_placed,
        "first_order_bid_s": bid,
        "first_order_ask_s": ask,
        "incidents": incidents,
        "started_at": _where(session.started_line),
        "stopped_at": _where(session.stopped_line),
    }


def _where(line: tuple[str, int] | None) -> str | None:
    return None if line is None else f"{line[0]}:{line[1]}"


def incident_rows(bot: str, log: str, analysis: Analysis) -> list[Row]:
    assets = {s.index: s.asset for s in analysis.sessions}
    fail_on = analysis.settings.fail_on
    return [
        _incident_row(bot, log, number, item, assets.get(item.incident.session), fail_on)
        for number, item in enumerate(analysis.incidents, 1)
    ]


def _incident_row(
    bot: str, log: str, number: int, item: IncidentAnalysis, asset: str | None, fail_on: str
) -> Row:
    incident, verdict = item.incident, item.verdict
    later = _later_versions(verdict.upgrades, incident.sides)
    first = min(incident.evidence, key=lambda e: e.first_time) if incident.evidence else None
    return {
        "bot": bot,
        "day": day_of(incident.start),
        "log": log,
        "incident": number,
        "session": incident.session,
        "side": incident.side,
        "start": micros(incident.start),
        "end": micros(incident.end),
        "duration_s": incident.duration_s,
        "open_ended": incident.open_ended,
        "ended_by": incident.ended_by,
        "at_startup": incident.at_startup,
        "cause": incident.cause,
        "filtered_warnings": incident.warnings,
        "asset": asset,
        "dex": dex_of(asset),
        "fails_policy": fails_policy(item, fail_on),
        "versions_ran": list(verdict.versions_ran),
        "ran_quotes": verdict.ran_quotes,
        "next_version": later[0][0] if later else None,
        "next_quotes": later[0][1] if later else None,
        "first_quoting_version": next((name for name, quotes in later if quotes), None),
        "current_version": verdict.current.get("version") if verdict.current else None,
        "current_quotes": verdict.current_quotes,
        "certain": verdict.certain,
        "evidence": _where((first.source, first.line)) if first else None,
        "sentence": verdict.sentence,
    }


def _later_versions(
    upgrades: Sequence[Mapping[str, Any]], sides: Sequence[str]
) -> list[tuple[str, bool | None]]:
    """Each version released after those that ran, in release order, and whether it quotes on
    every side of the incident (None: on some, or a side's answer is unknown)."""
    answers: dict[str, dict[str, Any]] = {}
    for row in upgrades:
        answers.setdefault(str(row.get("version")), {})[str(row.get("side"))] = row.get("quotes")
    result: list[tuple[str, bool | None]] = []
    for name, by_side in answers.items():
        result.append((name, _every_side([by_side.get(side) for side in sides])))
    return result


def _every_side(said: Sequence[Any]) -> bool | None:
    if all(s is True for s in said):
        return True
    if all(s is False for s in said):
        return False
    return None
