"""The fleet's summary as a terminal table, and its one-line account. No analysis here."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from mmdiag.fleet.run import FleetResult
from mmdiag.report.escape import rich_text
from mmdiag.verdict import duration_text

COLUMNS = (
    "bot",
    "asset",
    "day",
    "sessions",
    "no bids",
    "no asks",
    "failing",
    "next quotes",
    "unread",
    "incidents by cause",
)


def render_summary(result: FleetResult, console: Console) -> None:
    """One row per bot and day: what a team reads each morning."""
    policy = result.settings.fail_on
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for name in COLUMNS:
        left = name in ("bot", "asset", "day", "incidents by cause")
        justify: Any = "left" if left else "right"
        wraps = name == "incidents by cause"
        table.add_column(name, justify=justify, overflow="fold", no_wrap=not wraps)
    assets = _bot_assets(result)
    for row in result.summary.iter_rows(named=True):
        names = row["assets"] or assets.get(row["bot"], [])
        table.add_row(
            rich_text(row["bot"] or ""),
            rich_text(", ".join(names) or "-"),
            row["day"].isoformat() if row["day"] is not None else "(unread)",
            str(row["sessions"]),
            duration_text(row["bid_min"] * 60) if row["bid_min"] else "-",
            duration_text(row["ask_min"] * 60) if row["ask_min"] else "-",
            str(row["failing"]) if row["failing"] else "-",
            f"{row['next_quotes']} of {row['replayed']}" if row["replayed"] else "-",
            str(row["unread"]) if row["unread"] else "-",
            rich_text(", ".join(row["causes"]) or "-"),
        )
    console.print(table)
    for line in (
        "no bids, no asks: how long the side had no order (its incidents' durations)",
        f"failing: incidents that fail the '{policy}' policy (as mmdiag check counts them)",
        "next quotes: sizing incidents the next release quotes through on every side",
        "unread: files that could not be read (stderr names each, and why)",
    ):
        console.print(line)


def _bot_assets(result: FleetResult) -> dict[str, list[str]]:
    """Per bot, every asset its sessions name (a day of continued sessions names none)."""
    found: dict[str, set[str]] = {}
    for bot, asset in result.tables.sessions.select("bot", "asset").drop_nulls().iter_rows():
        found.setdefault(bot, set()).add(asset)
    return {bot: sorted(names) for bot, names in found.items()}


def account(result: FleetResult) -> str:
    """`mmdiag fleet: 3 bot(s), 6 log(s): 4 analysed, 2 from the cache, 1 unreadable; 2.1 s,
    2 job(s)`."""
    logs = len(result.outcomes)
    unread = sum(1 for o in result.outcomes if o.errors)
    cached = result.cached
    jobs = f"{result.jobs} job(s)" if result.jobs else "in process"
    return (
        f"mmdiag fleet: {len(result.fleet.bots)} bot(s), {logs} log(s): "
        f"{logs - cached} analysed, {cached} from the cache, {unread} unreadable; "
        f"{result.seconds:.1f} s, {jobs}"
    )
