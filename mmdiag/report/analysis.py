"""An Analysis -> JSON (stable, documented in the README), rich text, Markdown. No analysis here."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mmdiag import __version__
from mmdiag.analysis import SEED_VERSIONS, Analysis, IncidentAnalysis
from mmdiag.model import Evidence, Session, State, StateValue
from mmdiag.report.escape import markdown_text as _md
from mmdiag.report.escape import one_line, rich_text
from mmdiag.report.events import inputs_json, inputs_text
from mmdiag.verdict import duration_text

JSON_SCHEMA_VERSION = 1
TIMELINE_WIDTH = 60


def rfc3339(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- JSON -------------------------------------------------------------------------------------


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    return {
        "mmdiag_version": __version__,
        "schema_version": JSON_SCHEMA_VERSION,
        "settings": {
            "min_window_s": analysis.settings.min_window_s,
            "max_gap_s": analysis.settings.max_gap_s,
            "startup_s": analysis.settings.startup_s,
            "fail_on": analysis.settings.fail_on,
            "method": analysis.settings.method,
            "config_file": analysis.settings.source,
        },
        "inputs": inputs_json(analysis.inputs),
        "sessions": [session_json(s) for s in analysis.sessions],
        "incidents": [incident_json(n, item) for n, item in enumerate(analysis.incidents, 1)],
    }


def write_json(analysis: Analysis, out: IO[str]) -> None:
    json.dump(analysis_json(analysis), out, indent=2, allow_nan=False)
    out.write("\n")


def session_json(session: Session) -> dict[str, Any]:
    started, stopped = session.started_line, session.stopped_line
    bid, ask = session.first_order_s
    return {
        "index": session.index,
        "start": rfc3339(session.start),
        "end": rfc3339(session.end),
        "started_at": {"source": started[0], "line": started[1]} if started else None,
        "ended_by": session.ended_by,
        "stopped_at": {"source": stopped[0], "line": stopped[1]} if stopped else None,
        "kill_reasons": list(session.kill_reasons),
        "release": (
            {"first": session.release[0], "last": session.release[1]} if session.release else None
        ),
        "first_order_s": {"bid": _seconds(bid), "ask": _seconds(ask)},
        "orders_logged": session.observed_orders,
        "sizing_marks": list(session.sizing_marks),
        "asset": session.asset,
        "quote_cycles": session.quote_cycles,
        "orders_placed": session.orders_placed,
    }


def _seconds(value: float | None) -> float | None:
    return round(value, 6) if value is not None else None


def incident_json(number: int, item: IncidentAnalysis) -> dict[str, Any]:
    incident, verdict = item.incident, item.verdict
    states = [_state_json(s) for s in item.states]
    return {
        "id": number or None,
        "session": incident.session,
        "side": incident.side,
        "sides": list(incident.sides),
        "start": rfc3339(incident.start),
        "end": rfc3339(incident.end),
        "duration_s": round(incident.duration_s, 6),
        "open_ended": incident.open_ended,
        "ended_by": incident.ended_by,
        "at_startup": incident.at_startup,
        "cause": incident.cause,
        "cause_detail": _detail_json(incident.detail),
        "filtered_warnings": incident.warnings,
        "evidence": [_evidence_json(e) for e in incident.evidence],
        "state": states[0] if states else None,
        "states": states,
        "replay": list(item.replays),
        "verdict": {
            "fixed_quotes": verdict.fixed_quotes,
            "pre_fallback_quotes": verdict.pre_fallback_quotes,
            "fallback": verdict.fallback,
            "certain": verdict.certain,
            "depends_on": list(verdict.depends_on),
            "method": verdict.method,
            "profile": verdict.profile,
            "orders": [{"level": o.level, "size": o.size, "usd": o.usd} for o in verdict.orders],
            "versions_ran": list(verdict.versions_ran),
            "current": dict(verdict.current) if verdict.current is not None else None,
            "ran_quotes": verdict.ran_quotes,
            "versions": [_finite(dict(v)) for v in verdict.version_replays],
            "upgrades": [dict(u) for u in verdict.upgrades],
            "sentence": verdict.sentence,
        },
    }


def _finite(value: Any) -> Any:
    """JSON has no inf or NaN: a replay's non-finite number (an unknown margin) is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _detail_json(detail: Any) -> dict[str, Any]:
    """The cause's numbers as its first and last lines logged them (finite numbers only)."""
    result: dict[str, Any] = {}
    for key in ("first", "last"):
        values = detail.get(key, {}) if isinstance(detail, dict) else {}
        result[key] = {
            str(k): v
            for k, v in values.items()
            if isinstance(v, str | int | bool) or (isinstance(v, float) and math.isfinite(v))
        }
    return result


def _evidence_json(evidence: Evidence) -> dict[str, Any]:
    return {
        "what": evidence.what,
        "count": evidence.count,
        "first": {
            "time": rfc3339(evidence.first_time),
            "source": evidence.source,
            "line": evidence.line,
        },
        "last": {
            "time": rfc3339(evidence.last_time),
            "source": evidence.last_source,
            "line": evidence.last_line,
        },
    }


def _state_json(state: State) -> dict[str, Any]:
    values = {v.name: _value_json(v) for v in state.values()}
    return {"side": state.side, "coin": state.coin, **values}


def _value_json(value: StateValue) -> dict[str, Any]:
    result: dict[str, Any] = {"value": value.value, "unit": value.unit, "source": value.source}
    if value.where:
        result["where"] = value.where
    if value.half_step is not None:
        result["rounding"] = value.half_step
    if value.low is not None:
        result.update(first=value.first, last=value.last, low=value.low, high=value.high)
    return result


# --- shared wording ---------------------------------------------------------------------------


def value_text(value: StateValue) -> str:
    """`0.002633 BTC (log, seed.log:40; ±5e-07 rounding)`: value, unit and origin together."""
    if value.value is None:
        return f"unknown {value.unit} (not in the log: give it as an override)"
    number = _number(value.value, value.unit)
    origin = value.source + (f", {value.where}" if value.where else "")
    if value.half_step is not None and value.source == "log":
        origin += f", logged rounded: ±{value.half_step:g}"
    extra = ""
    if value.drifted:
        low, high = _number(value.low or 0, value.unit), _number(value.high or 0, value.unit)
        extra = f"; ranged {low} to {high} during the incident"
    return f"{number} ({origin}{extra})"


def _number(value: float, unit: str) -> str:
    if unit in ("levels", "decimals", "x"):
        text = f"{value:g}"
        return f"{text}x" if unit == "x" else f"{text} {unit}"
    if unit == "USD":
        return f"{value:,.2f} USD"
    text = f"{value:.8f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


_ENDED_BY = {
    "quoting": "",
    "cause_change": ", then another cause",
    "restart": ", ended by a restart",
    "log_end": ", still open when the log ended",
    "silence": ", then the log fell silent",
    "shutdown": ", ended by a shutdown",
    "kill_switch": ", ended by the kill switch",
}


def _certain_text(item: IncidentAnalysis) -> str:
    """The seed's versions say whether their answer holds for every per-level profile; a later
    version's answer is under the modelled profile."""
    verdict = item.verdict
    if verdict.fixed_quotes is None:
        return "n/a"
    if verdict.versions_ran and not set(verdict.versions_ran) <= SEED_VERSIONS:
        return "modelled"
    return "yes" if verdict.certain else "no"


def _ran_text(item: IncidentAnalysis) -> str:
    names = item.verdict.versions_ran
    if not names:
        return "n/a"
    return names[0] if len(names) == 1 else f"{names[0]} .. {names[-1]} ({len(names)})"


def _quotes_text(item: IncidentAnalysis) -> str:
    verdict = item.verdict
    if not verdict.versions_ran:
        return "n/a"
    if verdict.ran_quotes is None:
        return "differs"
    return "yes" if verdict.ran_quotes else "no"


def _path_text(item: IncidentAnalysis) -> str:
    paths = dict.fromkeys(str(v.get("path")) for v in item.verdict.version_replays)
    return "/".join(paths) or "n/a"


def _where(evidence: Evidence) -> str:
    first = f"{_short(evidence.source)}:{evidence.line}"
    if evidence.count <= 1 or (evidence.source, evidence.line) == (
        evidence.last_source,
        evidence.last_line,
    ):
        return first
    return f"{first} .. {_short(evidence.last_source)}:{evidence.last_line}"


def _short(source: str) -> str:
    return source.rsplit("/", 1)[-1]


def _time(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def header_lines(analysis: Analysis) -> list[str]:
    lines = [kill_switch_line(s) for s in analysis.sessions if s.ended_by == "kill_switch"]
    lines += inputs_text(analysis.inputs)
    if analysis.sessions:
        first, last = analysis.sessions[0].start, analysis.sessions[-1].end
        restarts = sum(1 for s in analysis.sessions if s.started_line) - 1
        lines.append(
            f"{len(analysis.sessions)} session(s), {max(restarts, 0)} restart(s), "
            f"{_time(first)} to {_time(last)} UTC ({duration_text((last - first).total_seconds())})"
        )
        lines += [session_line(s) for s in analysis.sessions]
    count = len(analysis.incidents)
    failing = len(analysis.failing)
    lines.append(f"{count} incident(s); {failing} fail the '{analysis.settings.fail_on}' policy")
    return lines


def kill_switch_line(session: Session) -> str:
    reasons = "; ".join(session.kill_reasons) or "no reason logged"
    when = session.stop_time or session.end
    where = (
        f" ({_short(session.stopped_line[0])}:{session.stopped_line[1]})"
        if session.stopped_line
        else ""
    )
    return (
        f"KILL SWITCH: session {session.index} was stopped at {_time(when)} UTC{where}: {reasons}"
    )


_SESSION_ENDED = {
    "shutdown": "ended by a shutdown",
    "kill_switch": "stopped by the kill switch",
    "restart": "ended by a restart (no stop logged)",
    "log_end": "still running when the log ended",
}


def session_line(session: Session) -> str:
    """`session 1: 22:28:48 .. 22:56:22 (27m34s), stopped by the kill switch; first order ...;
    messages of the releases from 2025-12-27 to 2026-01-01`."""
    parts = [
        f"session {session.index}: {_time(session.start)} .. {session.end:%H:%M:%S} "
        f"({duration_text(session.duration_s)}), {_SESSION_ENDED[session.ended_by]}"
    ]
    if session.started_line is not None:
        parts.append(_first_orders(session))
    if session.release is not None:
        first, last = session.release
        parts.append(f"messages of the releases from {first} to {last}")
    return "; ".join(parts)


def _first_orders(session: Session) -> str:
    what = "first order" if session.observed_orders else "first quote"
    words = []
    for side, seconds in zip(("bid", "ask"), session.first_order_s, strict=True):
        words.append(f"{side} never" if seconds is None else f"{side} after {seconds:.0f} s")
    return f"{what}: {', '.join(words)}"


# What a timeline's cell shows, in the legend's order: an incident wins any cell it touches;
# otherwise the side's state for most of the cell (mmdiag/timeline.py says what each means).
TIMELINE_GLYPHS = {
    "warmup": ("~", "warm-up"),
    "startup": (".", "started, no order yet"),
    "quoting": ("=", "quoting"),
    "incident": ("#", "no order: an incident"),
    "no_order": ("-", "no order, not an incident"),
    "stopped": ("x", "stopped"),
    "unknown": ("?", "nothing logged"),
}


def _legend(rows: list[tuple[str, str]], quote: str = "") -> str:
    used = {glyph for _, bar in rows for glyph in bar}
    return "; ".join(
        f"{quote}{glyph}{quote} {words}"
        for glyph, words in TIMELINE_GLYPHS.values()
        if glyph in used
    )


def no_incident_text(analysis: Analysis) -> str:
    """What an analysis without incidents can say, without claiming quoting it did not see."""
    window = f"{analysis.settings.min_window_s:g} s"
    silent = [s.index for s in analysis.sessions if not s.quote_cycles and not s.observed_orders]
    if len(silent) == len(analysis.sessions):
        return (
            "No incident found, but the log holds no quote cycle: nothing in it shows whether "
            "the bot quoted."
        )
    text = f"No incident: no zero-order window of {window} or more on either side."
    if silent:
        text += f" Session(s) {', '.join(map(str, silent))} logged no quote cycle."
    return text


@dataclass(frozen=True)
class Segment:
    """A stretch of one side's bar: the side's state, or an incident (`incident`: its number
    in the report, `state`: its cause) wherever one covers it."""

    start: datetime
    end: datetime
    state: str
    incident: int | None = None


def side_segments(analysis: Analysis, session: Session, side: str) -> list[Segment]:
    """The side's bar over the session, in time order: its states (mmdiag/timeline.py) with
    the incidents laid over them. What every picture of a side draws."""
    covering = sorted(
        (
            max(item.incident.start, session.start),
            min(item.incident.end, session.end),
            number,
            item.incident.cause,
        )
        for number, item in enumerate(analysis.incidents, 1)
        if item.incident.session == session.index and side in item.incident.sides
    )
    found = [Segment(start, end, cause, number) for start, end, number, cause in covering]
    for span in analysis.timeline.spans(side, session.start, session.end):
        cursor = span.start
        for start, end, _, _ in covering:
            if end <= cursor or start >= span.end:
                continue
            if start > cursor:
                found.append(Segment(cursor, start, span.state))
            cursor = max(cursor, end)
        if cursor < span.end:
            found.append(Segment(cursor, span.end, span.state))
    return sorted(found, key=lambda s: (s.start, s.end))


def timeline(analysis: Analysis, session: Session) -> list[tuple[str, str]]:
    """Per side, a bar over the session: a cell is `#` where an incident touches it, else the
    glyph of the side's state for most of it (TIMELINE_GLYPHS): quoting only while an order
    rests, and start-up, warm-up and a stopped bot each their own."""
    rows = []
    for side in ("bid", "ask"):
        rows.append((side, "".join(_cells(side_segments(analysis, session, side), session))))
    return rows


def _cells(segments: list[Segment], session: Session) -> list[str]:
    span = (session.end - session.start).total_seconds()
    held: list[dict[str, float]] = [{} for _ in range(TIMELINE_WIDTH)]
    touched = [False] * TIMELINE_WIDTH
    for segment in segments:
        lo = (segment.start - session.start).total_seconds()
        hi = (segment.end - session.start).total_seconds()
        first = min(int(lo / (span or 1.0) * TIMELINE_WIDTH), TIMELINE_WIDTH - 1)
        last = min(max(int(hi / (span or 1.0) * TIMELINE_WIDTH), first), TIMELINE_WIDTH - 1)
        for n in range(first, last + 1):
            if segment.incident is not None:
                touched[n] = True
                continue
            cell_lo, cell_hi = n * span / TIMELINE_WIDTH, (n + 1) * span / TIMELINE_WIDTH
            overlap = max(min(hi, cell_hi) - max(lo, cell_lo), 0.0)
            held[n][segment.state] = held[n].get(segment.state, 0.0) + overlap
    cells = []
    for n in range(TIMELINE_WIDTH):
        if touched[n]:
            cells.append(TIMELINE_GLYPHS["incident"][0])
            continue
        state = max(held[n], key=lambda s: held[n][s]) if held[n] else "unknown"
        cells.append(TIMELINE_GLYPHS.get(state, TIMELINE_GLYPHS["unknown"])[0])
    return cells


# --- rich text --------------------------------------------------------------------------------


def _line(text: str) -> Text:
    """Text that may hold log strings: printed literally, on one line."""
    return rich_text(one_line(text))


def render_text(analysis: Analysis, console: Console) -> None:
    console.print(Text("mmdiag analyze", style="bold"))
    for line in header_lines(analysis):
        console.print(_line(line))
    if not analysis.incidents:
        console.print(Text(no_incident_text(analysis), style="green"))
    else:
        console.print(_incident_table(analysis))
        for number, item in enumerate(analysis.incidents, 1):
            _render_incident(console, number, item)
    for session in analysis.sessions:
        label = f"session {session.index}: {_time(session.start)} .. {_time(session.end)}"
        rows = timeline(analysis, session)
        console.print(Text(f"\nTimeline, {label} ({_legend(rows)})", style="bold"))
        for side, bar in rows:
            console.print(Text(f"  {side:<4}|{bar}|"))


def _incident_table(analysis: Analysis) -> Table:
    table = Table(title="Incidents", title_justify="left")
    for column in ("#", "side", "start (UTC)", "duration", "cause", "warnings", "sizing that ran"):
        table.add_column(column)
    table.add_column("it quotes")
    table.add_column("path")
    table.add_column("certain")
    for number, item in enumerate(analysis.incidents, 1):
        incident = item.incident
        style = "red" if item in analysis.failing else ""
        table.add_row(
            str(number),
            incident.side,
            f"{incident.start:%H:%M:%S}",
            duration_text(incident.duration_s),
            incident.cause,
            str(incident.warnings),
            _ran_text(item),
            _quotes_text(item),
            _path_text(item),
            _certain_text(item),
            style=style,
        )
    return table


def _render_incident(console: Console, number: int, item: IncidentAnalysis) -> None:
    incident = item.incident
    title = (
        f"\n#{number} {incident.side} {incident.cause}, {_time(incident.start)} .. "
        f"{_time(incident.end)} UTC ({duration_text(incident.duration_s)}"
        f"{_ENDED_BY.get(incident.ended_by, '')})"
    )
    console.print(Text(title, style="bold"))
    console.print(_line(item.verdict.sentence))
    for upgrade in (*item.verdict.upgrade_lines, *item.verdict.modelled):
        console.print(_line(f"  {upgrade}"))
    for state in item.states:
        console.print(Text(f"  state on the {state.side} side:"))
        for value in state.values():
            console.print(_line(f"    {value.name:<15} {value_text(value)}"))
    console.print(Text("  evidence:"))
    for evidence in incident.evidence:
        console.print(_line(f"    {evidence.count:>5} x {evidence.what}  ({_where(evidence)})"))


# --- Markdown ---------------------------------------------------------------------------------


def render_markdown(analysis: Analysis, out: IO[str]) -> None:
    write = out.write
    write("# mmdiag analyze\n\n")
    for line in header_lines(analysis):
        write(f"- {_md(line)}\n")
    write("\n## Incidents\n\n")
    if not analysis.incidents:
        write(f"{no_incident_text(analysis)}\n")
    else:
        write(
            "| # | side | start (UTC) | duration | cause | sizing that ran | it quotes | path "
            "| certain |\n"
        )
        write("|---|---|---|---|---|---|---|---|---|\n")
        for number, item in enumerate(analysis.incidents, 1):
            i = item.incident
            write(
                f"| {number} | {i.side} | {_time(i.start)} | {duration_text(i.duration_s)} | "
                f"{i.cause} | {_md(_ran_text(item))} | {_quotes_text(item)} | "
                f"{_md(_path_text(item))} | {_certain_text(item)} |\n"
            )
    for number, item in enumerate(analysis.incidents, 1):
        i = item.incident
        write(
            f"\n### #{number} {i.side} {i.cause}, {_time(i.start)} UTC "
            f"({duration_text(i.duration_s)}{_ENDED_BY.get(i.ended_by, '')})\n\n"
        )
        write(f"{_md(item.verdict.sentence)}\n\n")
        below = (*item.verdict.upgrade_lines, *item.verdict.modelled)
        for upgrade in below:
            write(f"- {_md(upgrade)}\n")
        if below:
            write("\n")
        for state in item.states:
            write(f"State on the {state.side} side:\n\n| input | value (source) |\n|---|---|\n")
            for value in state.values():
                write(f"| {value.name} | {_md(value_text(value))} |\n")
            write("\n")
        write("Evidence:\n\n")
        for evidence in i.evidence:
            write(f"- {evidence.count} x {_md(evidence.what)} ({_md(_where(evidence))})\n")
    for session in analysis.sessions:
        rows = timeline(analysis, session)
        write(f"\n## Timeline, session {session.index} ({_legend(rows, '`')})\n\n```\n")
        for side, bar in rows:
            write(f"{side:<4}|{bar}|\n")
        write("```\n")
