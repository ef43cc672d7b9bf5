"""Quiet lines, dropped before they are parsed: most of a log says nothing new.

While the bot quotes both sides, its plans (`Quote cycle complete`, `Calculated ladder quotes`
with levels on both sides), batch results (`Bulk order placed`) and metrics repeat what the
last one said. In a run of such lines with no other wanted line between them, only the first
and last plan of each kind and the last batch and metrics lines matter to detection; the kept
last plan says how many lines it stands for. A sizing path's marks (`Constrained optimizer
applied to bids`, ..., logged every cycle since 2025-12-29) are quiet too: the first and last of
each kind in a run are kept (the detector reads only the first after a start). The test is
strict (the message as the layout writes it, both level counts read): a line it is unsure of is
kept and parsed.

`marks` are expressions the reader's scan computes on each wanted line, in its streaming
engine; `thin_lines` then cuts the runs of a batch.
"""

from __future__ import annotations

import polars as pl

from mmdiag import catalog

_PLAN_MESSAGES = ("Quote cycle complete", "Calculated ladder quotes")
_CONTEXT_MESSAGES = ("Bulk order placed", "Market maker metrics")
_MARK_MESSAGES = tuple(catalog.BY_NAME[name].needle for name in catalog.MARKS)
"""The start of each mark's message (a mark kind may word its side: `... applied to bids`)."""
_PLANS = len(_PLAN_MESSAGES)
_MARKS_FROM = _PLANS + len(_CONTEXT_MESSAGES)
"""Codes below `_PLANS` are plans, from `_MARKS_FROM` on marks, the others context."""


def _literals(header: str) -> list[str]:
    """Each quiet message as the layout writes it: a JSON message field, or a text message
    between spaces (a mark's by its start: its side may follow)."""
    whole = (*_PLAN_MESSAGES, *_CONTEXT_MESSAGES)
    if header == "json":
        return [f'"message":"{m}"' for m in whole] + [f'"message":"{m}' for m in _MARK_MESSAGES]
    marks = [f" {m}" if m.endswith(" ") else f" {m} " for m in _MARK_MESSAGES]
    return [f" {m} " for m in whole] + marks


_KEYS = {"json": '"{side}_levels":', "text": " {side}_levels="}


def marks(header: str) -> list[pl.Expr]:
    """`quiet_kind` (which quiet message, or null) and `quiet` for each line of a batch."""
    line = pl.col("line")
    kind = pl.lit(None, pl.Int8)
    for code, literal in reversed(list(enumerate(_literals(header)))):
        kind = (
            pl.when(line.str.contains(literal, literal=True))
            .then(pl.lit(code, pl.Int8))
            .otherwise(kind)
        )
    levels = [_levels(header, side) for side in ("bid", "ask")]
    is_plan = kind < _PLANS
    quiet = (
        pl.when(kind.is_null()).then(False).when(is_plan).then((levels[0] > 0) & (levels[1] > 0))
    )
    return [kind.alias("quiet_kind"), quiet.otherwise(True).fill_null(False).alias("quiet")]


def _levels(header: str, side: str) -> pl.Expr:
    """The level count a line logs for `side`: found by its key, read from the few characters
    after it (cheaper than a regex over the whole line)."""
    key = _KEYS[header].format(side=side)
    line = pl.col("line")
    at = line.str.find(key, literal=True)
    return line.str.slice(at + len(key), 8).str.extract(r'^"?(\d+)', 1).cast(pl.Int64)


def thin_lines(batch: pl.DataFrame, header: str) -> tuple[pl.DataFrame, int, dict[int, int]]:
    """(the lines to parse, how many were dropped, line number -> lines a kept one stands for).

    `batch` holds columns `n` and `line` in file order, only the lines worth a look, and the
    `marks` if the scan computed them."""
    if "quiet" not in batch.columns:
        batch = batch.with_columns(marks(header))
    weighed = batch.with_columns(lines=pl.lit(1, pl.Int64))
    code = pl.col("quiet_kind")
    kept = cut_quiet_runs(weighed, "quiet_kind", code < _PLANS, keep_first=code >= _MARKS_FROM)
    many = kept.filter(pl.col("lines") > 1)
    stand_for = dict(zip(many["n"].to_list(), many["lines"].to_list(), strict=True))
    return kept.select("n", "line"), batch.height - kept.height, stand_for


def cut_quiet_runs(
    frame: pl.DataFrame, kind: str, is_plan: pl.Expr, keep_first: pl.Expr | None = None
) -> pl.DataFrame:
    """`frame` (columns `quiet`, `kind`, `lines`: how many lines a row stands for) with each run
    of quiet rows cut to the first and last plan of each kind and the last row of the other
    kinds (and the first too where `keep_first`: the marks); a kept last plan stands for every
    line of its run but the first's (kept too). The line reader and the event-level thinning
    of `observe` both cut runs with it."""
    marked = frame.with_columns(
        run=(pl.col("quiet") != pl.col("quiet").shift()).fill_null(True).cum_sum()
    )
    group = ("run", kind)
    position = pl.int_range(pl.len()).over(group)
    size = pl.len().over(group)
    last = position == size - 1
    quiet = pl.col("quiet")
    first = is_plan if keep_first is None else is_plan | keep_first
    keep = ~quiet | last | ((position == 0) & first)
    stands = pl.col("lines").sum().over(group) - pl.col("lines").first().over(group)
    lines = pl.when(quiet & last & is_plan & (size > 1)).then(stands).otherwise(pl.col("lines"))
    return marked.with_columns(lines=lines.cast(pl.Int64)).filter(keep).drop("run")
