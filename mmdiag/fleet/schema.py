"""The fleet's three tables, their columns' types and meaning: one list the writer, the
reader and the README's reference all follow."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

PARTITIONS = ("bot", "day")
"""Hive partitions of every table (`bot=NAME/day=YYYY-MM-DD/`); a row with no day (a file
that could not be read) lies under `day=__HIVE_DEFAULT_PARTITION__`, which the engines read
as null."""

TIME = pl.Datetime("us", "UTC")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    doc: str


def _c(name: str, dtype: pl.DataType, doc: str) -> Column:
    return Column(name, dtype, doc)


_BOT = _c("bot", pl.String(), "the bot: its folder's name under the fleet's root (partition)")

LOGS = (
    _BOT,
    _c("day", pl.Date(), "UTC day of its first record; null: nothing read (partition)"),
    _c("path", pl.String(), "the file, relative to the fleet's root"),
    _c("log", pl.String(), "the log it was analysed in: the file, or a multi-stream day"),
    _c("bytes", pl.Int64(), "the file's size"),
    _c(
        "sha256", pl.String(), "its content's hash (with mmdiag's code and settings: the cache key)"
    ),
    _c("layouts", pl.List(pl.String()), "json, full, compact, pretty"),
    _c("compression", pl.String(), "gzip, zstd, bzip2, xz; null: none"),
    _c("stream", pl.String(), "a multi-stream log's stream (operational, errors, diagnostic)"),
    _c("lines", pl.Int64(), "lines read"),
    _c("records", pl.Int64(), "lines that start a log record"),
    _c("events", pl.Int64(), "records parsed into events"),
    _c("unparsed_lines", pl.Int64(), "lines that are not log records, or records not parsed"),
    _c("first_time", TIME, "its first record's time"),
    _c("last_time", TIME, "its last record's time"),
    _c("error", pl.String(), "why it could not be read, one line; null: it was read"),
    _c("cached", pl.Boolean(), "this run took its result from the cache"),
    _c("seconds", pl.Float64(), "seconds its log's analysis took (when it was computed)"),
    _c("mmdiag_version", pl.String(), "the mmdiag that analysed it"),
)

SESSIONS = (
    _BOT,
    _c("day", pl.Date(), "UTC day the session started (partition)"),
    _c("log", pl.String(), "the log it was found in"),
    _c("session", pl.Int64(), "its index in the log (0: it began before the log's first line)"),
    _c("start", TIME, "its first record"),
    _c("end", TIME, "its last record"),
    _c("duration_s", pl.Float64(), "end - start, seconds"),
    _c("continued", pl.Boolean(), "no start line in this log: it began in an earlier file"),
    _c("ended_by", pl.String(), "shutdown, kill_switch, restart, log_end"),
    _c("kill_reasons", pl.List(pl.String()), "as the kill switch logged them"),
    _c("asset", pl.String(), "as its start-up line names it (hyna:BTC); null: no start line"),
    _c("dex", pl.String(), "the HIP-3 dex the asset is prefixed with; null: the main dex"),
    _c("release_first", pl.String(), "first snapshot date its messages fit"),
    _c("release_last", pl.String(), "last snapshot date its messages fit"),
    _c("quote_cycles", pl.Int64(), "quote cycles logged"),
    _c("orders_placed", pl.Int64(), "last cumulative orders_placed of its metrics lines"),
    _c("first_order_bid_s", pl.Float64(), "seconds from its start to the first bid; null: never"),
    _c("first_order_ask_s", pl.Float64(), "seconds from its start to the first ask; null: never"),
    _c("incidents", pl.Int64(), "incidents in it"),
    _c("started_at", pl.String(), "file:line of its start line"),
    _c("stopped_at", pl.String(), "file:line of its shutdown or kill-switch line"),
)

INCIDENTS = (
    _BOT,
    _c("day", pl.Date(), "UTC day the incident started (partition)"),
    _c("log", pl.String(), "the log it was found in"),
    _c("incident", pl.Int64(), "its number in the log (analyze's id)"),
    _c("session", pl.Int64(), "its session's index in the log"),
    _c("side", pl.String(), "bid, ask, both"),
    _c("start", TIME, "the side's last order gone"),
    _c("end", TIME, "orders again, a stop, a silence or the log's end"),
    _c("duration_s", pl.Float64(), "seconds without orders"),
    _c("open_ended", pl.Boolean(), "the log ended inside it"),
    _c("ended_by", pl.String(), "quoting, cause_change, a stop, restart, log_end, silence"),
    _c("at_startup", pl.Boolean(), "it began with the session"),
    _c("cause", pl.String(), "sizes_filtered, reduce_only, position_limit, ... (analyze's causes)"),
    _c("filtered_warnings", pl.Int64(), "filtered-out warnings in it"),
    _c("asset", pl.String(), "its session's asset"),
    _c("dex", pl.String(), "its session's dex"),
    _c("fails_policy", pl.Boolean(), "it fails the run's --fail-on policy (as check counts)"),
    _c("versions_ran", pl.List(pl.String()), "sizing versions of the releases that ran"),
    _c("ran_quotes", pl.Boolean(), "they quote on its state; null: they differ, or not sizing"),
    _c("next_version", pl.String(), "the first version released after those that ran"),
    _c("next_quotes", pl.Boolean(), "it quotes on every side; null: on some, or not sizing"),
    _c("first_quoting_version", pl.String(), "the first later version quoting on every side"),
    _c("current_version", pl.String(), "the bot's current sizing (its newest default path)"),
    _c("current_quotes", pl.Boolean(), "the current sizing quotes on every side"),
    _c("certain", pl.Boolean(), "the verdict does not hang on rounding, drift or a missing value"),
    _c("evidence", pl.String(), "file:line of its first evidence line"),
    _c("sentence", pl.String(), "analyze's verdict sentence"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "logs": LOGS,
    "sessions": SESSIONS,
    "incidents": INCIDENTS,
}


def schema(table: str, partitions: bool = True) -> dict[str, pl.DataType]:
    """The table's polars schema (with or without the partition columns)."""
    return {c.name: c.dtype for c in TABLES[table] if partitions or c.name not in PARTITIONS}
