"""Quiet lines, dropped before they are parsed: most of a log says nothing new.

While the bot quotes both sides, its plans (`Quote cycle complete`, `Calculated ladder quotes`
with levels on both sides), batch results (`Bulk order placed`) and metrics repeat what the
last one said. In a run of such lines with no other wanted line between them, only the first
and last plan of each kind and the last batch and metrics lines matter to detection; the kept
last plan says how many lines it stands for. The test is strict (the message as the layout
writes it, both level counts read): a line it is unsure of is kept and parsed.
"""

from __future__ import annotations

import polars as pl

_JSON = {
    "plan": (
        '"message":"Quote cycle complete"',
        '"message":"Calculated ladder quotes"',
    ),
    "context": ('"message":"Bulk order placed"', '"message":"Market maker metrics"'),
}
_TEXT = {
    "plan": (" Quote cycle complete ", " Calculated ladder quotes "),
    "context": (" Bulk order placed ", " Market maker metrics "),
}
_LEVELS = {
    "json": r'"{side}_levels":"?(\d+)',
    "text": r" {side}_levels=(\d+)",
}


def thin_lines(batch: pl.DataFrame, header: str) -> tuple[pl.DataFrame, int, dict[int, int]]:
    """(the lines to parse, how many were dropped, line number -> lines a kept one stands for).

    `batch` holds columns `n` and `line`, in file order, only the lines worth a look."""
    literals = _JSON if header == "json" else _TEXT
    line = pl.col("line")
    kind = pl.lit(None, pl.Int8)
    for code, literal in enumerate((*literals["plan"], *literals["context"])):
        kind = (
            pl.when(line.str.contains(literal, literal=True))
            .then(pl.lit(code, pl.Int8))
            .otherwise(kind)
        )
    plans = len(literals["plan"])
    pattern = _LEVELS["json" if header == "json" else "text"]
    levels = [
        line.str.extract(pattern.format(side=side), 1).cast(pl.Int64) for side in ("bid", "ask")
    ]
    is_plan = pl.col("kind") < plans
    quiet = (is_plan & (levels[0] > 0) & (levels[1] > 0)) | (pl.col("kind") >= plans)
    marked = (
        batch.with_columns(kind=kind)
        .with_columns(quiet=pl.when(pl.col("kind").is_not_null()).then(quiet).otherwise(False))
        .with_columns(run=(pl.col("quiet") != pl.col("quiet").shift()).fill_null(True).cum_sum())
    )
    position = pl.int_range(pl.len()).over("run", "kind")
    size = pl.len().over("run", "kind")
    last = position == size - 1
    keep = ~pl.col("quiet") | last | ((position == 0) & is_plan)
    stands = pl.when(pl.col("quiet") & last & is_plan & (size > 1)).then(size - 1).otherwise(1)
    judged = marked.with_columns(keep=keep, stands=stands)
    kept = judged.filter(pl.col("keep"))
    many = kept.filter(pl.col("stands") > 1)
    stand_for = dict(zip(many["n"].to_list(), many["stands"].to_list(), strict=True))
    return kept.select("n", "line"), batch.height - kept.height, stand_for
