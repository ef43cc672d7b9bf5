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
    per_side = [_incident(obs, row, options) for row in windows.iter_rows(named=True)]
    merged = _merge_sides([i for i in per_side if i.duration_s >= options.min_window_s], options)
    metrics = _metrics(events)
    with_metrics = [_with_flat_metrics(i, metrics) for i in merged]
    return sorted(with_metrics, key=lambda i: (i.start, i.side))


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
    flat = Evidence(
        what=f"metrics lines with orders_placed flat at {first['orders']}",
        count=inside.height,
        first_time=first["time"],
        last_time=last["time"],
        source=first["source"],
        line=first["line"],
        last_source=last["source"],
        last_line=last["line"],
    )
    return replace(incident, evidence=(*incident.evidence, flat))


def _windows(obs: pl.DataFrame, options: DetectOptions) -> pl.DataFrame:
    group = ["session", "side"]
    gap = timedelta(seconds=options.max_gap_s)
    marked = obs.with_row_index("row").with_columns(
        gapped=(pl.col("time").diff().over(group) > gap).fill_null(False),
        changed=(pl.col("quoting") != pl.col("quoting").shift().over(group)).fill_null(True),
    )
    # Within a run of not-quoting rows, a change of cause (warm-up, then sizes filtered) starts a
    # new window: back-to-back incidents stay two. Rows without a cause take their neighbours'.
    base = marked.with_columns(base=(pl.col("changed") | pl.col("gapped")).cum_sum())
    hinted = base.with_columns(
        cause=pl.col("hint").forward_fill().backward_fill().over("base").fill_null("")
    )
    runs = hinted.with_columns(
        run=(
            pl.col("changed")
            | pl.col("gapped")
            | (pl.col("cause") != pl.col("cause").shift()).fill_null(True)
        ).cum_sum()
    )
    summary = (
        runs.group_by("run", maintain_order=True)
        .agg(
            pl.col("session").first(),
            pl.col("side").first(),
            pl.col("quoting").first(),
            first_gapped=pl.col("gapped").first(),
            start=pl.col("time").first(),
            last=pl.col("time").last(),
            first_row=pl.col("row").first(),
            last_row=pl.col("row").last(),
        )
        .with_columns(
            next_start=pl.col("start").shift(-1).over(group),
            next_gapped=pl.col("first_gapped").shift(-1).over(group),
        )
    )
    ends_by_quoting = pl.col("next_start").is_not_null() & ~pl.col("next_gapped").fill_null(False)
    return summary.filter(~pl.col("quoting")).with_columns(
        end=pl.when(ends_by_quoting).then(pl.col("next_start")).otherwise(pl.col("last")),
        open_ended=pl.col("next_start").is_null(),
    )


def _incident(obs: pl.DataFrame, window: dict[str, object], options: DetectOptions) -> Incident:
    first_row, last_row = int(str(window["first_row"])), int(str(window["last_row"]))
    rows = obs.slice(first_row, last_row - first_row + 1)
    side = str(window["side"])
    evidence = _evidence(rows, side)
    hinted = [e for e in evidence if e.what != _QUOTE_CYCLE_EVIDENCE.format(side=side)]
    cause = _cause(rows)
    warnings = int((rows["hint"] == "sizes_filtered").sum())
    start, end = window["start"], window["end"]
    assert isinstance(start, datetime) and isinstance(end, datetime)
    ordered = sorted(hinted, key=lambda e: -e.count) + [e for e in evidence if e not in hinted]
    return Incident(
        session=int(str(window["session"])),
        side=side,
        start=start,
        end=end,
        cause=cause,
        evidence=tuple(ordered),
        warnings=warnings,
        open_ended=bool(window["open_ended"]),
    )


def _cause(rows: pl.DataFrame) -> str:
    counts = rows["hint"].drop_nulls().value_counts()
    if counts.is_empty():
        return "ladder_empty"
    by_hint = dict(zip(counts["hint"].to_list(), counts["count"].to_list(), strict=True))
    best: str = max(by_hint, key=lambda h: (by_hint[h], -CAUSES.index(h)))
    return best


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
        open_ended=bid.open_ended and ask.open_ended,
    )
