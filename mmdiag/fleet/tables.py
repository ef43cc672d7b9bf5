"""Rows -> typed polars tables, the per bot and day summary, and the Parquet folders (hive
layout: `OUT/incidents/bot=NAME/day=2026-02-03/part-0.parquet`)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from mmdiag.errors import UsageError
from mmdiag.fleet.rows import Row
from mmdiag.fleet.schema import PARTITIONS, TABLES, TIME, schema

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
"""Hive's name for a null partition value: Spark, DuckDB and polars read it as null."""


@dataclass(frozen=True)
class Tables:
    logs: pl.DataFrame
    sessions: pl.DataFrame
    incidents: pl.DataFrame

    def items(self) -> Iterable[tuple[str, pl.DataFrame]]:
        return (("logs", self.logs), ("sessions", self.sessions), ("incidents", self.incidents))


def frame(table: str, rows: list[Row]) -> pl.DataFrame:
    """The table's rows, typed as documented, in a stable order."""
    columns = schema(table)
    raw = {
        name: (pl.Int64() if dtype == TIME else pl.String() if name == "day" else dtype)
        for name, dtype in columns.items()
    }
    data = pl.DataFrame([{k: r.get(k) for k in columns} for r in rows], schema=raw, orient="row")
    data = data.with_columns(
        *(pl.col(n).cast(TIME) for n, d in columns.items() if d == TIME),
        pl.col("day").str.to_date("%Y-%m-%d"),
    )
    order = [c for c in ("bot", "day", "log", "path", "session", "incident") if c in columns]
    return data.sort(order, nulls_last=True, maintain_order=True)


def tables(logs: list[Row], sessions: list[Row], incidents: list[Row]) -> Tables:
    return Tables(frame("logs", logs), frame("sessions", sessions), frame("incidents", incidents))


def summary(found: Tables) -> pl.DataFrame:
    """Per bot and day: sessions, incidents by cause, minutes without orders per side,
    incidents failing the policy, how many of those replayed (sizing incidents) the next
    release quotes through, logs that could not be read."""
    keys = ["bot", "day"]
    days = pl.concat([t.select(keys) for _, t in found.items()], how="vertical").unique()
    sessions = found.sessions.group_by(keys).agg(
        sessions=pl.len(),
        assets=pl.col("asset").drop_nulls().unique().sort(),
    )
    incidents = found.incidents
    by_cause = (
        incidents.group_by([*keys, "cause"])
        .agg(n=pl.len())
        .sort(["n", "cause"], descending=[True, False])
        .group_by(keys, maintain_order=True)
        .agg(causes=pl.format("{} {}", pl.col("cause"), pl.col("n")))
    )
    side = pl.col("side")
    minutes = incidents.group_by(keys).agg(
        incidents=pl.len(),
        bid_min=pl.col("duration_s").filter(side.is_in(["bid", "both"])).sum() / 60,
        ask_min=pl.col("duration_s").filter(side.is_in(["ask", "both"])).sum() / 60,
        failing=pl.col("fails_policy").sum(),
        replayed=pl.col("next_version").is_not_null().sum(),
        next_quotes=pl.col("next_quotes").fill_null(False).sum(),
    )
    unread = found.logs.filter(pl.col("error").is_not_null()).group_by(keys).agg(unread=pl.len())
    result = days
    for part in (sessions, by_cause, minutes, unread):
        result = result.join(part, on=keys, how="left", nulls_equal=True)
    return result.with_columns(
        pl.col("sessions", "incidents", "failing", "replayed", "next_quotes", "unread")
        .fill_null(0)
        .cast(pl.Int64),
        pl.col("bid_min", "ask_min").fill_null(0.0),
        pl.col("causes").fill_null([]),
        pl.col("assets").fill_null([]),
    ).sort(keys, nulls_last=True)


def write_parquet(found: Tables, out: Path) -> dict[str, int]:
    """Each table in its own folder under `out`, partitioned by bot and day; every table has a
    file (perhaps of no rows) for every bot and day any table has, so that each can be read
    alone. The tables replace those of an earlier run; nothing else in `out` is touched."""
    _check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    partitions = sorted(
        {k for _, t in found.items() for k in t.select(PARTITIONS).unique().iter_rows()},
        key=lambda k: (k[0] or "", k[1] is None, k[1] or 0),
    )
    staging = Path(tempfile.mkdtemp(dir=out, prefix=".fleet-"))
    try:
        for name, table in found.items():
            _write_table(table, staging / name, partitions)
        for name, _ in found.items():
            _replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {name: table.height for name, table in found.items()}


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--output {out} is a file: Parquet tables are written into a folder")
    for name in TABLES:
        folder = out / name
        if folder.exists() and not _is_fleet_table(folder):
            raise UsageError(
                f"--output {out}: {folder} exists and is not a table mmdiag fleet wrote "
                "(its folders are bot=NAME): choose another folder"
            )


def _is_fleet_table(folder: Path) -> bool:
    return folder.is_dir() and all(p.name.startswith("bot=") for p in folder.iterdir())


def _write_table(table: pl.DataFrame, folder: Path, partitions: list[tuple[object, ...]]) -> None:
    groups = {
        key: part.drop(PARTITIONS) for key, part in table.group_by(PARTITIONS, maintain_order=True)
    }
    empty = table.drop(PARTITIONS).clear()
    for key in partitions:
        bot, day = key
        where = folder / f"bot={_escape(bot)}" / f"day={_escape(day)}"
        where.mkdir(parents=True, exist_ok=True)
        groups.get(key, empty).write_parquet(where / "part-0.parquet", statistics=True)


def _escape(value: object) -> str:
    """A partition value as Hive writes it in a path: null is `__HIVE_DEFAULT_PARTITION__`,
    characters that cannot be in a folder's name (or would read as syntax) are %XX."""
    if value is None:
        return NULL_PARTITION
    return "".join(f"%{ord(c):02X}" if _escaped(c) else c for c in str(value))


_HIVE_ESCAPED = frozenset("\"#%'*/:=?\\^{[]\x7f")


def _escaped(char: str) -> bool:
    """Hive's (and Spark's) escaped characters in a partition's folder name."""
    return char in _HIVE_ESCAPED or ord(char) < 0x20


def _replace(new: Path, old: Path) -> None:
    """`old` becomes `new`; the earlier `old` is removed only once `new` is in place."""
    gone = None
    if old.exists():
        gone = old.with_name(f".{old.name}-old")
        shutil.rmtree(gone, ignore_errors=True)
        old.rename(gone)
    new.rename(old)
    if gone is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(gone)
