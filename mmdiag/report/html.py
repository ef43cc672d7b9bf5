"""An Analysis -> one self-contained HTML page: the sessions' interactive timelines, the
incident table (sortable), each incident's verdict, state and evidence. No analysis here.

The page needs no network: Plotly's basic bundle (plotly.js 4.1.1, MIT, `assets/`) and the
page's own script and style are inlined. Every string from a log goes through `html_text`
(escaped, one line) before it reaches the page, and the figures' data sits in a JSON block in
which `<`, `>` and `&` are escaped, so no log line can close a tag or open a script.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import IO, Any

from mmdiag import __version__
from mmdiag.analysis import Analysis, IncidentAnalysis
from mmdiag.model import Evidence, Session, StateValue
from mmdiag.report.analysis import (
    _ENDED_BY,
    _certain_text,
    _legend,
    _number,
    _path_text,
    _quotes_text,
    _ran_text,
    _time,
    _where,
    header_lines,
    kill_switch_line,
    no_incident_text,
    session_line,
    timeline,
)
from mmdiag.report.escape import html_text
from mmdiag.report.figure import (
    CAUSE_COLOURS,
    STATE_STYLE,
    cause_colour,
    incident_view,
    session_figure,
)
from mmdiag.verdict import duration_text

PLOTLY = "plotly-basic.min.js"


def _asset(name: str) -> str:
    return resources.files("mmdiag.report").joinpath("assets", name).read_text(encoding="utf-8")


def plotly_bundle() -> str:
    return _asset(PLOTLY)


def e(text: object) -> str:
    """Any text bound for the page: escaped, on one line."""
    return html_text(str(text))


def write_html(analysis: Analysis, out: IO[str]) -> None:
    out.write(page(analysis))


def page(analysis: Analysis) -> str:
    figures = {
        "sessions": [
            {"div": f"timeline-{s.index}", **session_figure(analysis, s)}
            for s in analysis.sessions
            if s.end > s.start
        ]
    }
    body = [
        _header(analysis),
        _legend_block(analysis),
        *(_session_block(analysis, s) for s in analysis.sessions),
        _incident_table(analysis),
        *(_incident_block(analysis, n, item) for n, item in enumerate(analysis.incidents, 1)),
        _footer(),
    ]
    title = "mmdiag analyze: " + ", ".join(s.source for s in analysis.inputs)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # Nothing from elsewhere, ever: the page is a file a user opens offline.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
            'img-src data:; font-src data:">',
            f"<title>{e(title)}</title>",
            f"<style>\n{_asset('report.css')}</style>",
            "</head>",
            "<body>",
            '<main id="report">',
            *body,
            "</main>",
            f'<script type="application/json" id="mmdiag-figures">{_json(figures)}</script>',
            f"<script>\n{plotly_bundle()}\n</script>",
            f"<script>\n{_asset('report.js')}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _json(value: Any) -> str:
    """JSON inside a script element: no character of it can end the element."""
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# --- the top ----------------------------------------------------------------------------------


def _header(analysis: Analysis) -> str:
    count, failing = len(analysis.incidents), len(analysis.failing)
    kills = [
        f'<p class="kill-switch">{e(kill_switch_line(s))}</p>'
        for s in analysis.sessions
        if s.ended_by == "kill_switch"
    ]
    # The sessions' own lines head their pictures below.
    elsewhere = {kill_switch_line(s) for s in analysis.sessions}
    elsewhere |= {session_line(s) for s in analysis.sessions}
    lines = [line for line in header_lines(analysis) if line not in elsewhere]
    policy = e(analysis.settings.fail_on)
    summary = (
        f'<p id="incident-count" data-count="{count}" data-failing="{failing}">'
        f"<strong>{count} incident(s)</strong>; {failing} fail the '{policy}' policy</p>"
    )
    if not analysis.incidents:
        summary += f'<p class="no-incident">{e(no_incident_text(analysis))}</p>'
    items = "".join(f"<li>{e(line)}</li>" for line in lines[:-1])
    return (
        "<header>"
        f"<h1>mmdiag analyze</h1>{''.join(kills)}{summary}"
        f'<ul class="inputs">{items}</ul>'
        "</header>"
    )


def _legend_block(analysis: Analysis) -> str:
    causes = dict.fromkeys(item.incident.cause for item in analysis.incidents)
    swatches = [_swatch(colour, words) for words, colour in STATE_STYLE.values()] + [
        _swatch(cause_colour(c), f"incident: {c}") for c in causes if c in CAUSE_COLOURS
    ]
    return (
        '<section class="legend" aria-label="legend"><h2>How to read the timelines</h2>'
        "<p>Each session's picture: the bid and ask sides (quoting only while an order rests, "
        "or, where the log shows no orders, while a cycle plans levels; incidents drawn in the "
        "colour of their cause), the mid price and the quotes, and the position against "
        "max_position. Incidents are shaded across the picture: click one, or its number, "
        "for its verdict. Drag to zoom into a span of time, scroll to zoom, double-click to see "
        "the whole session again; the toolbar above a picture pans. Prices and positions are "
        "the values the log gave, thinned to what a screen shows (each stretch's lowest and "
        "highest), in full around incidents.</p>"
        f'<ul class="swatches">{"".join(swatches)}</ul></section>'
    )


def _swatch(colour: str, words: str) -> str:
    return f'<li><span class="swatch" style="background:{colour}"></span>{e(words)}</li>'


def _session_block(analysis: Analysis, session: Session) -> str:
    rows = timeline(analysis, session)
    bars = "\n".join(f"{side:<4}|{bar}|" for side, bar in rows)
    picture = (
        f'<div class="timeline" id="timeline-{session.index}" role="img" '
        f'aria-label="timeline of session {session.index}"></div>'
        if session.end > session.start
        else '<p class="note">The session holds one instant: nothing to draw.</p>'
    )
    return (
        f'<section class="session" id="session-{session.index}">'
        f"<h2>Session {session.index}: {e(_time(session.start))} .. "
        f"{e(_time(session.end))} UTC</h2>"
        f"<p>{e(session_line(session))}</p>"
        f"{picture}"
        f"<details><summary>As text ({e(_legend(rows))})</summary>"
        f'<pre class="ascii">{e_multiline(bars)}</pre></details>'
        "</section>"
    )


def e_multiline(text: str) -> str:
    return "\n".join(e(line) for line in text.splitlines())


# --- the incident table -----------------------------------------------------------------------

_COLUMNS = (
    ("#", "number"),
    ("session", "number"),
    ("side", "text"),
    ("start (UTC)", "text"),
    ("duration", "number"),
    ("cause", "text"),
    ("warnings", "number"),
    ("sizing that ran", "text"),
    ("it quotes", "text"),
    ("path", "text"),
    ("certain", "text"),
    ("fails policy", "text"),
    ("", "none"),
)


def _incident_table(analysis: Analysis) -> str:
    if not analysis.incidents:
        return ""
    head = "".join(
        f'<th scope="col" data-type="{kind}"'
        + (' aria-sort="none" tabindex="0"' if kind != "none" else "")
        + f">{e(name)}</th>"
        for name, kind in _COLUMNS
    )
    failing = set(map(id, analysis.failing))
    rows = []
    for number, item in enumerate(analysis.incidents, 1):
        incident = item.incident
        fails = id(item) in failing
        cells = [
            (f'<a href="#incident-{number}">#{number}</a>', number),
            (e(incident.session), incident.session),
            (e(incident.side), incident.side),
            (e(_time(incident.start)), incident.start.isoformat()),
            (e(duration_text(incident.duration_s)), round(incident.duration_s, 3)),
            (_cause_cell(incident.cause), incident.cause),
            (e(incident.warnings), incident.warnings),
            (e(_ran_text(item)), _ran_text(item)),
            (e(_quotes_text(item)), _quotes_text(item)),
            (e(_path_text(item)), _path_text(item)),
            (e(_certain_text(item)), _certain_text(item)),
            ("yes" if fails else "no", "yes" if fails else "no"),
            (_zoom_link(analysis, item, "zoom"), ""),
        ]
        tds = "".join(f'<td data-sort="{e(key)}">{html}</td>' for html, key in cells)
        rows.append(f'<tr class="{"failing" if fails else ""}">{tds}</tr>')
    return (
        '<section id="incidents"><h2>Incidents</h2>'
        "<p>Click a column's heading to sort by it; <em>zoom</em> shows the incident on its "
        "session's timeline.</p>"
        f'<table class="sortable" id="incident-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _cause_cell(cause: str) -> str:
    return f'<span class="swatch" style="background:{cause_colour(cause)}"></span>{e(cause)}'


def _zoom_link(analysis: Analysis, item: IncidentAnalysis, words: str) -> str:
    incident = item.incident
    session = next((s for s in analysis.sessions if s.index == incident.session), None)
    if session is None or session.end <= session.start:
        return ""
    view = incident_view(session, incident.start, incident.end)
    return (
        f'<a href="#session-{session.index}" class="zoom" data-div="timeline-{session.index}" '
        f'data-x0="{view.x0}" data-x1="{view.x1}">{e(words)}</a>'
    )


# --- an incident ------------------------------------------------------------------------------


def _incident_block(analysis: Analysis, number: int, item: IncidentAnalysis) -> str:
    incident, verdict = item.incident, item.verdict
    title = (
        f"#{number} {incident.side} {incident.cause}, {_time(incident.start)} .. "
        f"{_time(incident.end)} UTC ({duration_text(incident.duration_s)}"
        f"{_ENDED_BY.get(incident.ended_by, '')})"
    )
    parts = [
        f'<section class="incident" id="incident-{number}">',
        f'<h3><span class="swatch" style="background:{cause_colour(incident.cause)}"></span>'
        f"{e(title)}</h3>",
        f'<p class="links">{_zoom_link(analysis, item, "show on the timeline")} · '
        f'<a href="#incident-table">back to the table</a></p>',
        f'<p class="verdict">{e(verdict.sentence)}</p>',
    ]
    if verdict.upgrade_lines:
        items = "".join(f"<li>{e(line)}</li>" for line in verdict.upgrade_lines)
        parts.append(f'<h4>Upgrades: what-if</h4><ul class="upgrades">{items}</ul>')
    if verdict.modelled:
        items = "".join(f"<li>{e(line)}</li>" for line in verdict.modelled)
        parts.append(f'<h4>Not in the log: modelled</h4><ul class="modelled">{items}</ul>')
    for state in item.states:
        parts.append(f"<h4>State on the {e(state.side)} side ({e(state.coin)})</h4>")
        parts.append(_state_table(state.values()))
    parts.append("<h4>Evidence</h4>")
    parts.append(_evidence_table(incident.evidence))
    replays = [
        ("Sizing versions that ran", verdict.version_replays),
        ("Upgrades", verdict.upgrades),
        ("The bot's current sizing", [verdict.current] if verdict.current else []),
    ]
    for heading, rows in replays:
        if rows:
            parts.append(
                f"<details><summary>{e(heading)} ({len(rows)})</summary>"
                f"{_mapping_table(rows)}</details>"
            )
    parts.append("</section>")
    return "".join(parts)


def _state_table(values: Iterable[StateValue]) -> str:
    rows = []
    for value in values:
        shown = (
            _number(value.value, value.unit)
            if value.value is not None
            else f"unknown {value.unit} (not in the log: give it as an override)"
        )
        notes = []
        if value.half_step is not None and value.source == "log":
            notes.append(f"logged rounded: ±{value.half_step:g}")
        if value.drifted:
            low, high = _number(value.low or 0, value.unit), _number(value.high or 0, value.unit)
            notes.append(f"ranged {low} to {high} during the incident")
        rows.append(
            f'<tr><th scope="row">{e(value.name)}</th><td>{e(shown)}</td>'
            f"<td>{e(value.source)}</td><td>{e(value.where or '')}</td>"
            f"<td>{e('; '.join(notes))}</td></tr>"
        )
    return (
        '<table class="state"><thead><tr><th>input</th><th>value</th><th>source</th>'
        f"<th>where</th><th>note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _evidence_table(evidence: Sequence[Evidence]) -> str:
    rows = "".join(
        f"<tr><td>{ev.count}</td><td>{e(ev.what)}</td><td>{e(_where(ev))}</td>"
        f"<td>{e(_time(ev.first_time))} .. {e(f'{ev.last_time:%H:%M:%S}')}</td></tr>"
        for ev in evidence
    )
    return (
        '<table class="evidence"><thead><tr><th>lines</th><th>what</th><th>where</th>'
        f"<th>when (UTC)</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _mapping_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows of the verdict's data, whatever their fields: one column per field."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return (
        f'<div class="scroll"><table class="data"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _footer() -> str:
    return (
        f"<footer><p>mmdiag {e(__version__)}. The timelines are drawn with plotly.js "
        "4.1.1 (basic bundle, MIT licence), inlined: this page fetches nothing.</p></footer>"
    )
