"""Quote cycles, and runs of cycles that say the same thing, found in polars.

A cycle is a plan line (the kind the table logs most: one a cycle) and the lines after it up
to the next one. Its signature is what the observer and the detector act on in each of its
lines: kind, side, target, the field names, the level counts or quotes of a plan, whether each
sizing number of a filtered-out warning is a plain decimal, the orders placed of a metrics line,
the lines a row stands for, the message where the wording dates a release. Prices, sizes,
times and line numbers are left out: the detector keeps only their first, last, least and
most. A batch line (`Bulk order placed`) comes in some cycles and not others and changes
nothing but the session's last batch: it is left out of the signature too.

A run is five or more consecutive cycles of one signature, of lines the observer reads without
keeping order books (plans, reasons, warm-up, batch and metrics lines), in time order, none
longer than a third of the shortest silence or cause change the detector tells apart. Its
cycles from the third to the last but one may be skipped (`mmdiag.runs.state` decides): their
times, the first and last batch line and the least and most sizing numbers of their warnings
are gathered here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import polars as pl

from mmdiag import catalog
from mmdiag.detect import SIZING_FIELDS

_ROLES = {kind.name: kind.role for kind in catalog.KINDS}
_LEVEL_PLANS = tuple(name for name, role in _ROLES.items() if role == "plan_levels")
_QUOTE_PLANS = tuple(name for name, role in _ROLES.items() if role == "plan_quotes")
_PLANS = (*_LEVEL_PLANS, *_QUOTE_PLANS)
_SAYING = tuple(name for name, role in _ROLES.items() if role in ("reason", "warmup"))
BATCH = "bulk_placed"
_READ_ALONE = (*_PLANS, *_SAYING, "metrics", BATCH)
"""Kinds the observer reads without its books (order lines, quote inputs and session lines
change what it keeps, so a cycle holding one is never skipped)."""
FILTERED = ("bids_filtered", "asks_filtered")
"""The warnings whose sizing numbers the detector keeps the range of (`detect.segments`)."""
_WORDED = tuple(sorted(catalog.worded_kinds()))
MIN_CYCLES = 5
"""Two cycles read to see the state hold, one at the end, and at least two to skip."""
_NONE = "\u2205"


@dataclass(frozen=True)
class Run:
    """Cycles of one signature, by their rows in the table ([start, end) each)."""

    first: tuple[int, int]
    second: tuple[int, int]
    skipped: tuple[int, int]
    """The third cycle to the last but one."""
    last: tuple[int, int]
    cycles: int
    """How many cycles `skipped` holds."""
    shift: timedelta
    """From the second cycle's start to the last skipped one's."""
    until: datetime
    """The time of the last skipped row."""
    batch: tuple[datetime, datetime, str, int] | None = None
    """The skipped batch lines: the first's time, the last's time, source and line."""
    batch_row: int | None = None
    """The first skipped batch line's row."""
    drift: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    """(side, sizing field) -> the least and most of the skipped filtered-out warnings."""


Step = tuple[int, int] | Run
"""Rows [start, end) to read one by one, or a run."""


def plan(events: pl.DataFrame, bound_s: float) -> list[Step]:
    """The table (thinned: `observe.thin`) as rows to read and runs that may be skipped.
    `bound_s`: no cycle of a run, and no gap between two of its lines, may last this long."""
    height = events.height
    kind = pl.col("kind")
    plans = events.filter(kind.is_in(_PLANS))
    if plans.is_empty():
        return [(0, height)] if height else []
    counts = plans.group_by("kind").len().sort(["len", "kind"], descending=[True, False])
    marker = str(counts["kind"][0])
    bound = int(bound_s * 1_000_000)
    rows = events.select(
        "time",
        "source",
        "line",
        "kind",
        "side",
        "fields",
        sig=_signatures(events),
        alone=kind.is_in(_READ_ALONE),
        batch=kind == BATCH,
        cycle=(kind == marker).cum_sum(),
        gap=pl.col("time").diff().dt.total_microseconds().fill_null(0),
    ).with_row_index("row")
    runs = _cycles(rows, bound)
    if runs.is_empty():
        return [(0, height)]
    return _steps(rows, runs, height)


def _signatures(events: pl.DataFrame) -> pl.Series:
    """Each row's signature. The fields are taken as logged but for plain decimals (`#`); the
    level counts of a plan, its quotes' kind, and a metrics line's orders placed, exactly."""
    kind = pl.col("kind")
    worded = pl.when(kind.is_in(_WORDED)).then(pl.col("message")).otherwise(pl.lit(""))
    parts = [kind, pl.col("side"), pl.col("target"), pl.col("lines").cast(pl.String), worded]
    normal = pl.col("fields").str.replace_all(_PLAIN_VALUE, '": "#"')
    common = pl.concat_str([p.fill_null(_NONE) for p in (*parts, normal)], separator="\x1f")
    rows = events.with_row_index("row").select("row", "kind", "fields", sig=common)
    exact = [
        rows.filter(kind.is_in(_LEVEL_PLANS)).select(
            "row", extra=pl.concat_str([_raw("bid_levels"), _raw("ask_levels")], separator="|")
        ),
        rows.filter(kind.is_in(_QUOTE_PLANS)).select(
            "row", extra=pl.concat_str([_quote("bid"), _quote("ask")], separator="|")
        ),
        rows.filter(kind == "metrics").select("row", extra=_raw("orders_placed")),
    ]
    extra = pl.concat(exact)
    if extra.is_empty():
        return rows["sig"]
    joined = rows.select("row", "sig").join(extra, on="row", how="left", maintain_order="left")
    return joined.select(pl.concat_str(["sig", pl.col("extra").fill_null("")], separator="\x1f"))[
        "sig"
    ]


def _raw(name: str) -> pl.Expr:
    """A field's value as the `fields` JSON writes it (a string with its quotes), or `_NONE`."""
    value = pl.col("fields").str.extract(rf'(?:\{{|, )"{name}": ("(?:[^"\\]|\\.)*"|[^,}}]*)', 1)
    return value.fill_null(_NONE)


def _quote(side: str) -> pl.Expr:
    """A single-quote plan's side as the observer reads it: none, `None`, or a quote."""
    raw = _raw(side)
    text = raw.str.strip_prefix('"').str.strip_suffix('"').str.strip_chars()
    quoted = raw.str.starts_with('"')
    return (
        pl.when(quoted & (text == "None"))
        .then(pl.lit("N"))
        .when(quoted)
        .then(pl.lit("Q"))
        .otherwise(raw)
    )


_DECIMAL = r"(?:\d+(?:\.\d+)?|-(?:\d*[1-9]\d*(?:\.\d+)?|\d+\.\d*[1-9]\d*))"
"""A plain decimal, not a negative zero: polars and Python read it to the same float, and a
least or most of them is the same whichever of two equal ones is kept."""
_PLAIN_VALUE = rf'": "{_DECIMAL}"'
_PLAIN_NUMBER = rf'^"?{_DECIMAL}"?$'


def _cycles(rows: pl.DataFrame, bound: int) -> pl.DataFrame:
    """One row per run of cycles of one signature: its cycles' rows, count and times."""
    gap = pl.col("gap")
    per_cycle = rows.group_by("cycle", maintain_order=True).agg(
        first=pl.col("row").first(),
        end=pl.col("row").last() + 1,
        start=pl.col("time").first(),
        until=pl.col("time").last(),
        sig=pl.col("sig").filter(~pl.col("batch")).str.join("\x1e"),
        ok=pl.col("alone").all() & (gap >= 0).all() & (gap < bound).all(),
    )
    span = (pl.col("start").shift(-1) - pl.col("start")).dt.total_microseconds()
    ok = pl.col("ok") & (pl.col("cycle") > 0) & (span > 0) & (span < bound)
    key = (
        pl.when(ok.fill_null(False)).then(pl.col("sig")).otherwise(pl.col("cycle").cast(pl.String))
    )
    firsts, ends, starts = pl.col("firsts"), pl.col("ends"), pl.col("starts")
    return (
        per_cycle.with_columns(run=key.rle_id())
        .group_by("run", maintain_order=True)
        .agg(
            cycles=pl.len(),
            firsts=pl.col("first"),
            ends=pl.col("end"),
            starts=pl.col("start"),
            untils=pl.col("until"),
        )
        .filter(pl.col("cycles") >= MIN_CYCLES)
        .select(
            first=pl.concat_list(firsts.list.get(0), ends.list.get(0)),
            second=pl.concat_list(firsts.list.get(1), ends.list.get(1)),
            skipped=pl.concat_list(firsts.list.get(2), ends.list.get(-2)),
            last=pl.concat_list(firsts.list.get(-1), ends.list.get(-1)),
            cycles=pl.col("cycles") - 3,
            shift=starts.list.get(-2) - starts.list.get(1),
            until=pl.col("untils").list.get(-2),
        )
    )


def _steps(rows: pl.DataFrame, runs: pl.DataFrame, height: int) -> list[Step]:
    found = [
        Run(
            first=(first[0], first[1]),
            second=(second[0], second[1]),
            skipped=(skipped[0], skipped[1]),
            last=(last[0], last[1]),
            cycles=cycles,
            shift=shift,
            until=until,
        )
        for first, second, skipped, last, cycles, shift, until in runs.iter_rows()
    ]
    found = _gathered(rows, found)
    steps: list[Step] = []
    done = 0
    for run in found:
        if run.first[0] > done:
            steps.append((done, run.first[0]))
        steps.append(run)
        done = run.last[1]
    if done < height:
        steps.append((done, height))
    return steps


def _gathered(rows: pl.DataFrame, runs: list[Run]) -> list[Run]:
    """Each run with its skipped rows' batch lines and the range of their sizing numbers."""
    wanted = rows.filter(pl.col("batch") | pl.col("kind").is_in(FILTERED))
    starts = pl.Series([r.skipped[0] for r in runs], dtype=pl.Int64)
    ends = pl.Series([r.skipped[1] for r in runs], dtype=pl.Int64)
    at = starts.search_sorted(wanted["row"].cast(pl.Int64), side="right").cast(pl.Int64) - 1
    skipped = wanted.with_columns(run=at).filter(
        (pl.col("run") >= 0) & (pl.col("row") < ends.gather(pl.Series(at).clip(0)))
    )
    batches = {
        run: (at_row, (first, last, source, line))
        for run, at_row, first, last, source, line in skipped.filter(pl.col("batch"))
        .group_by("run")
        .agg(
            pl.col("row").first(),
            pl.col("time").first(),
            pl.col("time").last().alias("last"),
            pl.col("source").last(),
            pl.col("line").last(),
        )
        .iter_rows()
    }
    drift: dict[int, dict[tuple[str, str], tuple[float, float]]] = {}
    warnings = skipped.filter(pl.col("kind").is_in(FILTERED))
    if warnings.height:
        struct = pl.Struct(dict.fromkeys(SIZING_FIELDS, pl.String))
        texts = warnings.with_columns(pl.col("fields").str.json_decode(struct).struct.unnest())
        values = [_value(pl.col(name)).alias(name) for name in SIZING_FIELDS]
        ranges = (
            texts.select("run", "side", *values)
            .group_by("run", "side")
            .agg(
                *[pl.col(n).min().alias(f"{n}:low") for n in SIZING_FIELDS],
                *[pl.col(n).max().alias(f"{n}:high") for n in SIZING_FIELDS],
            )
        )
        for row in ranges.iter_rows(named=True):
            for name in SIZING_FIELDS:
                low, high = row[f"{name}:low"], row[f"{name}:high"]
                if low is not None and high is not None:
                    drift.setdefault(row["run"], {})[(row["side"], name)] = (low, high)
    found = []
    for n, run in enumerate(runs):
        batch_row, batch = batches.get(n, (None, None))
        found.append(replace(run, batch=batch, batch_row=batch_row, drift=drift.get(n, {})))
    return found


def _value(text: pl.Expr) -> pl.Expr:
    """A field's text as a number, where it is a plain decimal (as the detector reads it)."""
    return pl.when(text.str.contains(_PLAIN_NUMBER)).then(text.cast(pl.Float64, strict=False))
