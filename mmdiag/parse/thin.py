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

from collections.abc import Sequence

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
    quiet = pl.col("quiet")
    run = (quiet != quiet.shift()).fill_null(True).cum_sum()
    group = pl.struct("_run", kind)
    marked = frame.with_columns(_run=run).with_columns(
        _first=group.is_first_distinct(), _last=group.is_last_distinct()
    )
    first, last = pl.col("_first"), pl.col("_last")
    firsts = is_plan if keep_first is None else is_plan | keep_first
    kept = marked.filter(~quiet | last | (first & firsts))
    many = marked.filter(quiet & is_plan & ~(first & last))  # plans of runs of two or more
    if many.height:
        stands = many.group_by("_run", kind).agg(
            _stands=pl.col("lines").sum() - pl.col("lines").first()
        )
        kept = kept.join(stands, on=["_run", kind], how="left", maintain_order="left")
        standing = quiet & last & is_plan & pl.col("_stands").is_not_null()
        kept = kept.with_columns(
            lines=pl.when(standing).then(pl.col("_stands")).otherwise(pl.col("lines"))
        ).drop("_stands")
    return kept.with_columns(pl.col("lines").cast(pl.Int64)).drop("_run", "_first", "_last")


def plan_levels(events: pl.DataFrame, plans: Sequence[str], side: str) -> pl.Series:
    """The level count of `side` each plan row of an event table logs (null elsewhere), as
    `json_path_match` reads it from `fields`: a plain count by a regex, the rest (a count the
    regex cannot be sure of) by the JSON reader, row by row only there."""
    fields = pl.col("fields")
    plain = fields.str.extract(rf'(?:\{{|, )"{side}_levels": "?(\d{{1,18}})"?[,}}]', 1)
    is_plan = pl.col("kind").is_in(list(plans))
    read = events.select(
        levels=pl.when(is_plan).then(plain.cast(pl.Int64, strict=False)),
        unsure=is_plan & plain.is_null() & fields.str.contains(f'"{side}_levels"', literal=True),
    )
    levels = read["levels"]
    unsure = read["unsure"].arg_true()
    if unsure.len():
        texts = events["fields"].gather(unsure)
        exact = texts.str.json_path_match(f"$.{side}_levels").cast(pl.Int64, strict=False)
        levels = levels.scatter(unsure, exact)
    return levels
