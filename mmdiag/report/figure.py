"""An Analysis -> the interactive timeline of the HTML report: one Plotly figure per session.

It lays out what the Analysis holds (each side's segments, the price and position series, the
incidents) and thins long series to what a screen shows; it judges nothing. Strings that reach
Plotly are escaped: Plotly reads a few HTML tags in its labels.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mmdiag.analysis import Analysis
from mmdiag.model import Session
from mmdiag.report.analysis import Segment, side_segments
from mmdiag.report.escape import html_text
from mmdiag.verdict import duration_text

# The side's states (mmdiag/timeline.py), then the causes of an incident (model.CAUSES).
STATE_STYLE: dict[str, tuple[str, str]] = {
    "quoting": ("quoting", "#2e9d5b"),
    "no_order": ("no order, not an incident", "#f2b36f"),
    "warmup": ("warm-up", "#9ec5e8"),
    "startup": ("started, no order yet", "#c9ced6"),
    "stopped": ("stopped", "#4a4f57"),
    "unknown": ("nothing logged", "#eceff3"),
}
CAUSE_COLOURS: dict[str, str] = {
    "sizes_filtered": "#d62728",
    "ladder_empty": "#8c1c13",
    "reduce_only": "#ff7f0e",
    "position_limit": "#e6a800",
    "max_position_rejected": "#9467bd",
    "invalid_size_rejected": "#7b4fa0",
    "min_notional_rejected": "#b07cc6",
    "margin_rejected": "#5e3c99",
    "quote_gate": "#17becf",
    "stale_data": "#8c564b",
    "warmup": "#1f77b4",
    "unknown": "#222222",
}
SERIES_STYLE: dict[str, tuple[str, str, str]] = {
    # name -> (label, colour, dash)
    "mid": ("mid price", "#1f3a93", "solid"),
    "best_bid": ("best bid quoted", "#2e9d5b", "dot"),
    "best_ask": ("best ask quoted", "#d62728", "dot"),
    "position": ("position", "#1f3a93", "solid"),
    "max_position": ("max position", "#d62728", "dash"),
}

MAX_SEGMENTS = 2_000
"""Segments drawn per side: more are merged (each takes the state that held longest in it)."""
OVERVIEW_BUCKETS = 1_200
"""A series over the whole session: its lowest and highest in each of this many buckets."""
LABELLED_INCIDENTS = 40
"""More incidents than this in view: their numbers would overlap, and are hidden until a zoom
leaves fewer."""
DETAIL_POINTS = 4_000
"""Around the incidents, a series keeps its points as recorded, up to this many."""


def ms(value: datetime) -> int:
    """Plotly reads a number on a date axis as milliseconds since the epoch, in UTC."""
    return round(value.timestamp() * 1000)


def cause_colour(cause: str) -> str:
    return CAUSE_COLOURS.get(cause, CAUSE_COLOURS["unknown"])


@dataclass(frozen=True)
class View:
    """Where a zoom on one incident lands: its span with some of the session around it."""

    x0: int
    x1: int


def incident_view(session: Session, start: datetime, end: datetime) -> View:
    pad = max((end - start) * 0.5, timedelta(seconds=30))
    return View(ms(max(session.start, start - pad)), ms(min(session.end, end + pad)))


def session_figure(analysis: Analysis, session: Session) -> dict[str, Any]:
    """The Plotly figure (`data`, `layout`) of one session, and which incident each of its
    annotations stands for (`annotations`)."""
    incidents = [
        (number, item.incident)
        for number, item in enumerate(analysis.incidents, 1)
        if item.incident.session == session.index
    ]
    data = _bar_traces(analysis, session)
    windows = [(i.start, i.end) for _, i in incidents]
    data += _series_traces(analysis, session, windows)
    shapes, annotations = [], []
    for number, incident in incidents:
        colour = cause_colour(incident.cause)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": ms(incident.start),
                "x1": ms(incident.end),
                "y0": 0,
                "y1": 1,
                "fillcolor": colour,
                "opacity": 0.12,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        annotations.append(
            {
                "x": ms(incident.start),
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": "left",
                "text": f"#{number}",
                "showarrow": False,
                "font": {"size": 11, "color": colour},
                "captureevents": True,
                "hovertext": html_text(f"#{number} {incident.side} {incident.cause}: details"),
                "visible": len(incidents) <= LABELLED_INCIDENTS,
            }
        )
    numbers: list[int | None] = [number for number, _ in incidents]
    if session.stop_time is not None and session.ended_by in ("shutdown", "kill_switch"):
        words = "kill switch" if session.ended_by == "kill_switch" else "shutdown"
        shapes.append(_stop_line(ms(session.stop_time)))
        annotations.append(
            {
                "x": ms(session.stop_time),
                "y": 0.74,
                "xref": "x",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "top",
                "text": html_text(words),
                "showarrow": False,
                "font": {"size": 11, "color": STATE_STYLE["stopped"][1]},
            }
        )
        numbers.append(None)
    layout = {
        "height": 560,
        "margin": {"l": 80, "r": 24, "t": 56, "b": 40},
        "barmode": "overlay",
        "hovermode": "closest",
        "dragmode": "zoom",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": -0.1, "yanchor": "top", "font": {"size": 11}},
        "xaxis": {
            "type": "date",
            "range": [ms(session.start), ms(session.end)],
            "anchor": "y",
            "showspikes": True,
            "spikemode": "across",
            "spikethickness": 1,
        },
        "yaxis3": {
            "domain": [0.76, 1.0],
            "anchor": "x",
            "type": "category",
            "categoryorder": "array",
            "categoryarray": ["ask", "bid"],
            "fixedrange": True,
        },
        "yaxis2": {
            "domain": [0.4, 0.72],
            "anchor": "x",
            "title": {"text": "price, USD"},
            "fixedrange": True,
            "tickformat": ",.6~g",
        },
        "yaxis": {
            "domain": [0.0, 0.34],
            "anchor": "x",
            "title": {"text": "position, coins"},
            "fixedrange": True,
            "zeroline": True,
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    return {
        "data": data,
        "layout": layout,
        "annotations": numbers,
        "labelled": LABELLED_INCIDENTS,
    }


def _stop_line(x: int) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": STATE_STYLE["stopped"][1], "width": 1.5, "dash": "dash"},
    }


# --- the sides' bars --------------------------------------------------------------------------


def _bar_traces(analysis: Analysis, session: Session) -> list[dict[str, Any]]:
    """One horizontal bar trace per state or cause (so the legend names each), bars placed at
    their start (`base`) with their length in milliseconds."""
    traces: dict[str, dict[str, Any]] = {}
    for side in ("bid", "ask"):
        for segment in thin_segments(side_segments(analysis, session, side), session):
            length = ms(segment.end) - ms(segment.start)
            if length <= 0:
                continue
            key = f"#{segment.state}" if segment.incident is not None else segment.state
            trace = traces.get(key)
            if trace is None:
                trace = traces[key] = _bar_trace(segment)
            trace["y"].append(side)
            trace["base"].append(ms(segment.start))
            trace["x"].append(length)
            trace["customdata"].append(segment.incident)
            trace["hovertext"].append(_bar_hover(side, segment))
    order = [*STATE_STYLE, *(f"#{cause}" for cause in CAUSE_COLOURS)]
    return sorted(
        traces.values(), key=lambda t: order.index(t["meta"]) if t["meta"] in order else 99
    )


def _bar_trace(segment: Segment) -> dict[str, Any]:
    if segment.incident is not None:
        name, colour, key = f"incident: {segment.state}", cause_colour(segment.state), "#"
    else:
        name, colour = STATE_STYLE.get(segment.state, STATE_STYLE["unknown"])
        key = ""
    return {
        "type": "bar",
        "orientation": "h",
        "name": html_text(name),
        "meta": key + segment.state,
        "yaxis": "y3",
        "xaxis": "x",
        "y": [],
        "base": [],
        "x": [],
        "customdata": [],
        "hovertext": [],
        "hoverinfo": "text",
        "marker": {"color": colour, "line": {"width": 0}},
        "width": 0.7,
    }


def _bar_hover(side: str, segment: Segment) -> str:
    span = (
        f"{segment.start:%H:%M:%S} .. {segment.end:%H:%M:%S} UTC "
        f"({duration_text((segment.end - segment.start).total_seconds())})"
    )
    if segment.incident is not None:
        what = f"incident #{segment.incident}: {segment.state} (click for its verdict)"
    else:
        what = STATE_STYLE.get(segment.state, STATE_STYLE["unknown"])[0]
    return html_text(f"{side}: {what}") + "<br>" + html_text(span)


def thin_segments(segments: Sequence[Segment], session: Session) -> list[Segment]:
    """At most about MAX_SEGMENTS: runs of short segments (not incidents) become one, of the
    state that held longest in the run. A screen cannot show more."""
    if len(segments) <= MAX_SEGMENTS:
        return list(segments)
    shortest = (session.end - session.start) / MAX_SEGMENTS
    found: list[Segment] = []
    run: list[Segment] = []

    def close_run() -> None:
        if not run:
            return
        held: dict[str, float] = {}
        for one in run:
            held[one.state] = held.get(one.state, 0.0) + (one.end - one.start).total_seconds()
        found.append(Segment(run[0].start, run[-1].end, max(held, key=lambda s: held[s])))
        run.clear()

    for segment in segments:
        if segment.incident is not None:
            close_run()
            found.append(segment)
            continue
        run.append(segment)
        if run[-1].end - run[0].start >= shortest:
            close_run()
    close_run()
    return found


# --- the series -------------------------------------------------------------------------------


def _series_traces(
    analysis: Analysis, session: Session, windows: Sequence[tuple[datetime, datetime]]
) -> list[dict[str, Any]]:
    traces = []
    start, end = ms(session.start), ms(session.end)
    detail = [(v.x0, v.x1) for v in (incident_view(session, a, b) for a, b in windows)]
    silent = {side: _not_quoting(analysis, session, side) for side in ("bid", "ask")}
    for series in analysis.timeline.series:
        label, colour, dash = SERIES_STYLE.get(series.name, (series.name, "#555555", "solid"))
        times = [ms(t) for t in series.times]
        xs, ys = thin_points(times, list(series.values), start, end, detail)
        if not xs:
            continue
        price = series.unit == "USD"
        x_drawn: list[int | None] = list(xs)
        y_drawn: list[float | None] = list(ys)
        if price:
            # A price line is not drawn across what the log does not tell: a silence, or
            # (for a side's quote) a span in which the side had no order.
            longest = max(
                analysis.settings.max_gap_s * 1000,
                2.5 * (end - start) / OVERVIEW_BUCKETS,
                4000 * series.bucket_s,
            )
            side = series.name.removeprefix("best_")
            x_drawn, y_drawn = _broken(xs, ys, longest, silent.get(side, []))
        elif xs[-1] < end:
            x_drawn, y_drawn = [*xs, end], [*ys, ys[-1]]  # a position holds until the next
        trace: dict[str, Any] = {
            "type": "scatter",
            "mode": "lines",
            "name": html_text(label),
            "x": x_drawn,
            "y": y_drawn,
            "xaxis": "x",
            "yaxis": "y2" if price else "y",
            "line": {"color": colour, "dash": dash, "width": 1.5 if dash == "solid" else 1},
            "hovertemplate": f"{html_text(label)}: %{{y:,.6~g}} {series.unit}<extra></extra>",
        }
        if not price:
            trace["line"]["shape"] = "hv"
        traces.append(trace)
        if series.name == "max_position":
            below = {
                **trace,
                "y": [-y for y in ys if y is not None],
                "name": html_text(f"-{label}"),
            }
            below["showlegend"] = False
            traces.append(below)
    return traces


def _not_quoting(analysis: Analysis, session: Session, side: str) -> list[tuple[int, int]]:
    return _merged(
        [
            (ms(s.start), ms(s.end))
            for s in side_segments(analysis, session, side)
            if s.state != "quoting"
        ]
    )


def _broken(
    xs: list[int], ys: list[float], longest: float, gaps: Sequence[tuple[int, int]]
) -> tuple[list[int | None], list[float | None]]:
    """The line broken (a null point, which Plotly does not join across) between two points
    further apart than `longest` ms, or on either side of one of the `gaps`."""
    starts = [a for a, _ in gaps]
    out_x: list[int | None] = []
    out_y: list[float | None] = []
    for n, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if n:
            before = xs[n - 1]
            k = bisect_right(starts, x) - 1  # the last gap starting before this point
            crossed = k >= 0 and gaps[k][1] > before
            if x - before > longest or crossed:
                out_x.append(None)
                out_y.append(None)
        out_x.append(x)
        out_y.append(y)
    return out_x, out_y


def thin_points(
    times: Sequence[int],
    values: Sequence[float],
    start: int,
    end: int,
    detail: Sequence[tuple[int, int]] = (),
) -> tuple[list[int], list[float]]:
    """The points within [start, end]: all when few; else each of OVERVIEW_BUCKETS buckets'
    lowest and highest, with the points inside the `detail` spans (the incidents) kept as
    recorded, up to DETAIL_POINTS."""
    points = [(t, v) for t, v in zip(times, values, strict=True) if start <= t <= end]
    if len(points) <= 2 * OVERVIEW_BUCKETS + DETAIL_POINTS:
        return [t for t, _ in points], [v for _, v in points]
    width = max((end - start) / OVERVIEW_BUCKETS, 1.0)
    spans = _merged(detail)
    starts = [a for a, _ in spans]
    buckets: dict[int, list[tuple[int, float]]] = {}
    inside: list[tuple[int, float]] = []
    for t, v in points:
        n = bisect_right(starts, t) - 1
        if n >= 0 and t <= spans[n][1]:
            inside.append((t, v))
            continue
        key = int((t - start) / width)
        found = buckets.get(key)
        if found is None:
            buckets[key] = [(t, v), (t, v)]
        else:
            if v < found[0][1]:
                found[0] = (t, v)
            if v > found[1][1]:
                found[1] = (t, v)
    if len(inside) > DETAIL_POINTS:
        step = len(inside) / DETAIL_POINTS
        inside = [inside[int(n * step)] for n in range(DETAIL_POINTS)]
    kept = set(inside)
    for low, high in buckets.values():
        kept.update((low, high))
    ordered = sorted(kept)
    return [t for t, _ in ordered], [v for _, v in ordered]


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, overlapping ones joined."""
    found: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if found and a <= found[-1][1]:
            found[-1] = (found[-1][0], max(found[-1][1], b))
        else:
            found.append((a, b))
    return found
