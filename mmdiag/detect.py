"""Events -> sessions and incidents: zero-order windows per side, split by restarts.

Each event that says whether a side had orders becomes an observation: a quote cycle with
levels on the side (quoting), or one with none, a filtered-out warning, a warm-up warning or an
exchange rejection (not quoting, with the cause it points to). A zero-order window is a run of
not-quoting observations on a side, from the first of them to the first quoting one after it.
The work is done in polars: a week of logs holds millions of quote cycles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from mmdiag.model import CAUSES, Evidence, Incident, Session
from mmdiag.parse.typed import kind_frame

# The kinds an analysis reads; everything else in the log is only counted.
ANALYSIS_KINDS = (
    "started",
    "leverage",
    "precision",
    "asset_prefixed",
    "metrics",
    "warmup",
    "quote_cycle",
    "bids_filtered",
    "asks_filtered",
    "concentration_fallback",
    "bulk_placed",
    "order_rejected",
    "limits_stale",
)

_QUOTE_CYCLE_EVIDENCE = "quote cycles with no {side} level"
_HINT_EVIDENCE = {
    "sizes_filtered": "All {side} levels filtered out warnings",
    "warmup": "Warmup incomplete warnings",
    "margin_rejected": "orders rejected for insufficient margin",
    "min_notional_rejected": "orders rejected under the minimum notional",
    "unknown": "orders rejected by the exchange",
}
_OBS_SCHEMA = {
    "time": pl.Datetime("us", "UTC"),
    "source": pl.String(),
    "line": pl.Int64(),
    "session": pl.Int64(),
    "side": pl.String(),
    "quoting": pl.Boolean(),
    "hint": pl.String(),
}


@dataclass(frozen=True)
class DetectOptions:
    min_window_s: float = 30.0
    """Shorter windows are not incidents."""
    max_gap_s: float = 120.0
    """A longer silence between two observations ends a window: nothing is known in between."""
    merge_s: float = 5.0
    """Bid and ask windows of one cause whose starts and ends are this close are one incident."""
    cause_change_s: float = 30.0
    """A change of cause that holds this long splits a window in two (back-to-back incidents)."""
    """Bid and ask windows of one cause whose starts and ends are this close are one incident."""


def with_sessions(events: pl.DataFrame) -> pl.DataFrame:
    """The events with a `session` column: 0 before any start-up line, then 1, 2, ... per start."""
    return events.with_columns(
        session=(pl.col("kind") == "started").cum_sum().cast(pl.Int64),
    )


def sessions(events: pl.DataFrame) -> list[Session]:
    """The bot's sessions, from a table that has a `session` column (`with_sessions`)."""
    if events.is_empty():
        return []
    spans = (
        events.group_by("session", maintain_order=True)
        .agg(
            start=pl.col("time").min(),
            end=pl.col("time").max(),
            quote_cycles=(pl.col("kind") == "quote_cycle").sum(),
        )
        .sort("session")
    )
    started = kind_frame(events, "started").select("session", "source", "line", "asset")
    metrics = kind_frame(events, "metrics").group_by("session").agg(pl.col("orders_placed").last())
    joined = spans.join(started, on="session", how="left").join(metrics, on="session", how="left")
    result = []
    for row in joined.iter_rows(named=True):
        where = (row["source"], row["line"]) if row["line"] is not None else None
        result.append(
            Session(
                index=row["session"],
                start=row["start"],
                end=row["end"],
                started_line=where,
                asset=row["asset"],
                quote_cycles=row["quote_cycles"],
                orders_placed=row["orders_placed"],
            )
        )
    return result


def observations(events: pl.DataFrame) -> pl.DataFrame:
    """One row per (event, side) that says whether the side had orders at that time."""
    keep = ["time", "source", "line", "session"]
    # Only the two level counts of what can be millions of cycles are decoded.
    cycles = events.filter(pl.col("kind") == "quote_cycle").select(
        *keep,
        *(
            pl.col("fields")
            .str.json_path_match(f"$.{side}_levels")
            .cast(pl.Int64, strict=False)
            .alias(f"{side}_levels")
            for side in ("bid", "ask")
        ),
    )
    per_side = [
        cycles.select(
            *keep,
            side=pl.lit(side),
            quoting=pl.col(f"{side}_levels") > 0,
            hint=pl.lit(None, pl.String),
        ).filter(pl.col("quoting").is_not_null())
        for side in ("bid", "ask")
    ]
    filtered = events.filter(pl.col("kind").is_in(["bids_filtered", "asks_filtered"])).select(
        *keep, "side", quoting=pl.lit(False), hint=pl.lit("sizes_filtered")
    )
    warmup = events.filter(pl.col("kind") == "warmup").select(
        *keep, quoting=pl.lit(False), hint=pl.lit("warmup")
    )
    warmup_sides = [warmup.with_columns(side=pl.lit(side)) for side in ("bid", "ask")]
    rejected = _rejections(kind_frame(events, "order_rejected"), keep)
    frames = [*per_side, filtered, *warmup_sides, *rejected]
    aligned = [f.select(list(_OBS_SCHEMA)).cast(_OBS_SCHEMA) for f in frames]  # type: ignore[arg-type]
    return pl.concat(aligned).sort(["session", "side", "time", "line"], maintain_order=True)


def _rejections(rejected: pl.DataFrame, keep: list[str]) -> list[pl.DataFrame]:
    error = pl.col("error").fill_null("").str.to_lowercase()
    hint = (
        pl.when(error.str.contains("margin"))
        .then(pl.lit("margin_rejected"))
        .when(error.str.contains("minimum value|min notional|notional"))
        .then(pl.lit("min_notional_rejected"))
        .otherwise(pl.lit("unknown"))
    )
    base = rejected.select(*keep, "side", quoting=pl.lit(False), hint=hint)
    one_side = base.filter(pl.col("side").is_not_null())
    unsided = base.filter(pl.col("side").is_null())
    both = [unsided.with_columns(side=pl.lit(side)) for side in ("bid", "ask")]
    return [one_side, *both]


def incidents(events: pl.DataFrame, options: DetectOptions | None = None) -> list[Incident]:
    """Zero-order windows of at least `min_window_s`, with their cause and evidence."""
    options = options or DetectOptions()
    obs = observations(events)
    if obs.is_empty():
        return []
    windows = _windows(obs, options)
    last_session = int(events["session"].max())  # type: ignore[arg-type]
    per_side = [_incident(obs, row, last_session) for row in windows.iter_rows(named=True)]
    merged = _merge_sides([i for i in per_side if i.duration_s >= options.min_window_s], options)
    bulk = events.filter(pl.col("kind") == "bulk_placed").select(
        "time", "source", "line", "session"
    )
    metrics = _metrics(events)
    with_weak = [_with_flat_metrics(_with_no_bulk_order(i, bulk), metrics) for i in merged]
    return sorted(with_weak, key=lambda i: (i.start, i.side))


def _with_no_bulk_order(incident: Incident, bulk: pl.DataFrame) -> Incident:
    """Weaker evidence: no `Bulk order placed` during the window, since the last one before it.

    Not per side (a bulk placement covers both), so it counts only where none was placed."""
    in_session = bulk.filter(pl.col("session") == incident.session)
    # Up to the window's last not-quoting record: the cycle that ends it places orders first.
    last_seen = max(e.last_time for e in incident.evidence)
    if not in_session.filter(pl.col("time").is_between(incident.start, last_seen)).is_empty():
        return incident
    before = in_session.filter(pl.col("time") < incident.start)
    if before.is_empty():
        return incident
    last = before.row(-1, named=True)
    silence = _evidence_from("Bulk order placed in the window; the last before it:", 0, last, last)
    return replace(incident, evidence=(*incident.evidence, silence))


def _evidence_from(what: str, count: int, first: dict[str, Any], last: dict[str, Any]) -> Evidence:
    """Evidence citing two rows (time, source, line) of the event table."""
    return Evidence(
        what=what,
        count=count,
        first_time=first["time"],
        last_time=last["time"],
        source=first["source"],
        line=first["line"],
        last_source=last["source"],
        last_line=last["line"],
    )


def _metrics(events: pl.DataFrame) -> pl.DataFrame:
    return events.filter(pl.col("kind") == "metrics").select(
        "time",
        "source",
        "line",
        "session",
        orders=pl.col("fields").str.json_path_match("$.orders_placed").cast(pl.Int64, strict=False),
    )


def _with_flat_metrics(incident: Incident, metrics: pl.DataFrame) -> Incident:
    """The weakest evidence: the cumulative orders_placed did not move during the window."""
    inside = metrics.filter(
        (pl.col("session") == incident.session)
        & pl.col("time").is_between(incident.start, incident.end)
        & pl.col("orders").is_not_null()
    )
    if inside.height < 2 or inside["orders"].n_unique() != 1:
        return incident
    first, last = inside.row(0, named=True), inside.row(-1, named=True)
    what = f"metrics lines with orders_placed flat at {first['orders']}"
    flat = _evidence_from(what, inside.height, first, last)
    return replace(incident, evidence=(*incident.evidence, flat))


def _windows(obs: pl.DataFrame, options: DetectOptions) -> pl.DataFrame:
    """One row per zero-order window: its side, first and last observation, and how it ended."""
    group = ["session", "side"]
    gap = timedelta(seconds=options.max_gap_s)
    marked = obs.with_row_index("row").with_columns(
        gapped=(pl.col("time").diff().over(group) > gap).fill_null(False),
        changed=(pl.col("quoting") != pl.col("quoting").shift().over(group)).fill_null(True),
    )
    following = pl.col("time").shift(-1).over(group)
    following_gapped = pl.col("gapped").shift(-1).over(group).fill_null(True)
    based = marked.with_columns(
        base=(pl.col("changed") | pl.col("gapped")).cum_sum(),
        # Until when a row's observation stands: the next one, unless a silence comes first.
        row_end=pl.when(following.is_not_null() & ~following_gapped)
        .then(following)
        .otherwise(pl.col("time")),
    )
    pieces = _pieces(based, timedelta(seconds=options.cause_change_s))
    summary = (
        pieces.group_by("piece", maintain_order=True)
        .agg(
            pl.col("session").first(),
            pl.col("side").first(),
            pl.col("quoting").first(),
            pl.col("cause").first(),
            first_gapped=pl.col("gapped").first(),
            start=pl.col("time").first(),
            last=pl.col("time").last(),
            first_row=pl.col("row").first(),
            last_row=pl.col("row").last(),
        )
        .with_columns(
            next_start=pl.col("start").shift(-1).over(group),
            next_gapped=pl.col("first_gapped").shift(-1).over(group),
            next_quoting=pl.col("quoting").shift(-1).over(group),
        )
    )
    ends_by_next = pl.col("next_start").is_not_null() & ~pl.col("next_gapped").fill_null(False)
    return summary.filter(~pl.col("quoting")).with_columns(
        end=pl.when(ends_by_next).then(pl.col("next_start")).otherwise(pl.col("last")),
        ended_by=pl.when(pl.col("next_start").is_null())
        .then(pl.lit("log_end"))
        .when(pl.col("next_gapped").fill_null(False))
        .then(pl.lit("silence"))
        .when(pl.col("next_quoting"))
        .then(pl.lit("quoting"))
        .otherwise(pl.lit("cause_change")),
    )


def _pieces(rows: pl.DataFrame, change: timedelta) -> pl.DataFrame:
    """Split each run of not-quoting rows where its cause changes for at least `change`.

    Rows are labelled by the cause they point to; quote cycles with no level and no warning
    point to `ladder_empty`. A cause that holds for less than `change` (a stray rejection among
    filtered-out warnings, the empty cycle logged after each warning) does not split a window:
    it is evidence within it. Back-to-back incidents (a warm-up, then sizes filtered; warnings,
    then empty cycles alone) stay two. A piece's cause is the one that held longest in it.
    """
    labelled = rows.with_columns(label=pl.col("hint").fill_null("ladder_empty"))
    segmented = _segments(labelled)
    brief_empty = (pl.col("label") == "ladder_empty") & (pl.col("seg_span") < change)
    relabelled = segmented.with_columns(
        label=pl.when(brief_empty).then(None).otherwise(pl.col("label"))
    ).with_columns(
        label=pl.col("label").forward_fill().backward_fill().over("base").fill_null("ladder_empty")
    )
    segmented = _segments(relabelled.drop("seg", "seg_span"))
    segs = (
        segmented.group_by("seg", maintain_order=True)
        .agg(pl.col("base").first(), pl.col("label").first(), pl.col("seg_span").first())
        .with_columns(anchor=pl.col("seg_span") >= change)
    )
    anchor_label = pl.when(pl.col("anchor")).then(pl.col("label"))
    previous_anchor = anchor_label.shift().forward_fill().over("base")
    new_piece = (pl.col("base") != pl.col("base").shift()).fill_null(True) | (
        pl.col("anchor") & previous_anchor.is_not_null() & (pl.col("label") != previous_anchor)
    )
    segs = segs.with_columns(piece=new_piece.cum_sum())
    rank = {cause: n for n, cause in enumerate(CAUSES)}
    causes = (
        segs.group_by("piece", "label")
        .agg(pl.col("seg_span").sum())
        .with_columns(rank=pl.col("label").replace_strict(rank, default=len(CAUSES)))
        .sort(["piece", "seg_span", "rank"], descending=[False, True, False])
        .group_by("piece", maintain_order=True)
        .agg(cause=pl.col("label").first())
    )
    pieces = segs.select("seg", "piece").join(causes, on="piece", how="left")
    return segmented.join(pieces, on="seg", how="left", maintain_order="left")


def _segments(rows: pl.DataFrame) -> pl.DataFrame:
    """Runs of one label within a base run, and how long each held (to the next run's start)."""
    new_segment = (
        (pl.col("label") != pl.col("label").shift()) | (pl.col("base") != pl.col("base").shift())
    ).fill_null(True)
    with_seg = rows.with_columns(seg=new_segment.cum_sum())
    return with_seg.with_columns(
        seg_span=pl.col("row_end").max().over("seg") - pl.col("time").min().over("seg")
    )


def _incident(obs: pl.DataFrame, window: dict[str, object], last_session: int) -> Incident:
    first_row, last_row = int(str(window["first_row"])), int(str(window["last_row"]))
    rows = obs.slice(first_row, last_row - first_row + 1)
    side = str(window["side"])
    session = int(str(window["session"]))
    evidence = _evidence(rows, side)
    hinted = [e for e in evidence if e.what != _QUOTE_CYCLE_EVIDENCE.format(side=side)]
    warnings = int((rows["hint"] == "sizes_filtered").sum())
    start, end = window["start"], window["end"]
    assert isinstance(start, datetime) and isinstance(end, datetime)
    ordered = sorted(hinted, key=lambda e: -e.count) + [e for e in evidence if e not in hinted]
    ended_by = str(window["ended_by"])
    if ended_by == "log_end" and session < last_session:
        ended_by = "restart"
    return Incident(
        session=session,
        side=side,
        start=start,
        end=end,
        cause=str(window["cause"]),
        evidence=tuple(ordered),
        warnings=warnings,
        ended_by=ended_by,
    )


def _evidence(rows: pl.DataFrame, side: str) -> list[Evidence]:
    grouped = (
        rows.with_columns(what=pl.col("hint").fill_null("cycle"))
        .group_by("what", maintain_order=True)
        .agg(
            count=pl.len(),
            first_time=pl.col("time").first(),
            last_time=pl.col("time").last(),
            source=pl.col("source").first(),
            line=pl.col("line").first(),
            last_source=pl.col("source").last(),
            last_line=pl.col("line").last(),
        )
    )
    result = []
    for row in grouped.iter_rows(named=True):
        what = row.pop("what")
        template = _QUOTE_CYCLE_EVIDENCE if what == "cycle" else _HINT_EVIDENCE[what]
        result.append(Evidence(what=template.format(side=side), **row))
    return result


def _merge_sides(found: list[Incident], options: DetectOptions) -> list[Incident]:
    close = timedelta(seconds=options.merge_s)
    by_key: dict[tuple[int, str], list[Incident]] = defaultdict(list)
    for incident in found:
        by_key[(incident.session, incident.cause)].append(incident)
    result: list[Incident] = []
    for group in by_key.values():
        bids = [i for i in group if i.side == "bid"]
        asks = [i for i in group if i.side == "ask"]
        for bid in bids:
            twin = next(
                (
                    a
                    for a in asks
                    if abs(a.start - bid.start) <= close and abs(a.end - bid.end) <= close
                ),
                None,
            )
            if twin is None:
                result.append(bid)
                continue
            asks.remove(twin)
            result.append(_both(bid, twin))
        result.extend(asks)
    return result


def _both(bid: Incident, ask: Incident) -> Incident:
    return replace(
        bid,
        side="both",
        start=min(bid.start, ask.start),
        end=max(bid.end, ask.end),
        evidence=tuple(dict.fromkeys(bid.evidence + ask.evidence)),
        warnings=bid.warnings + ask.warnings,
        ended_by=bid.ended_by if bid.end >= ask.end else ask.ended_by,
    )
