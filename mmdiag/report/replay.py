"""A replay -> rich text or JSON, side by side for the two optimizer versions. No analysis here."""

from __future__ import annotations

import json
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mmdiag.replay import PlacedOrder, ReplayResult, SweepRow, VersionOutcome

VERSION_TITLES = {"pre_fallback": "before the fix (1b8ac34)", "with_fallback": "fixed (d8bb6a1)"}


def _coins(value: float, coin: str) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".") + f" {coin}"


def input_lines(result: ReplayResult, sources: dict[str, str]) -> list[str]:
    i = result.inputs
    rows = [
        ("price", f"{i.price:,.2f} USD"),
        ("side_capacity", _coins(i.side_capacity, i.coin)),
        ("levels", f"{i.levels}"),
        ("min_notional", f"{i.min_notional:,.2f} USD"),
        ("min_level_size", _coins(i.min_level_size, i.coin)),
        ("sz_decimals", f"{i.sz_decimals}"),
        ("leverage", f"{i.leverage:g}x"),
        ("margin", "unknown" if i.margin is None else f"{i.margin:,.2f} USD"),
    ]
    return [f"{name:<15} {text} ({sources.get(name, 'default')})" for name, text in rows]


def _order_text(order: PlacedOrder, coin: str) -> str:
    mark = "placed" if order.accepted else order.note
    return (
        f"{_coins(order.raw_size, coin)} -> {_coins(order.size, coin)} "
        f"= {order.usd:,.2f} USD: {mark}"
    )


def _level_cell(outcome: VersionOutcome, level: int, coin: str) -> str:
    for order in outcome.orders:
        if order.level == level:
            return _order_text(order, coin)
    return "0 (filtered by the optimizer)"


def render_text(result: ReplayResult, sources: dict[str, str], console: Console) -> None:
    coin = result.inputs.coin
    console.print(Text(f"mmdiag replay: {result.inputs.side} side, {result.method} method", "bold"))
    for line in input_lines(result, sources):
        console.print(Text("  " + line))
    table = Table(title="Both versions", title_justify="left")
    table.add_column("")
    for version in ("pre_fallback", "with_fallback"):
        table.add_column(VERSION_TITLES[version])
    pre, fixed = result.pre, result.fixed
    table.add_row("orders placed", str(len(pre.accepted)), str(len(fixed.accepted)))
    table.add_row("minimum size", _coins(pre.min_size, coin), _coins(fixed.min_size, coin))
    fired = "yes, at level " + str(fixed.fallback_level) if fixed.fallback_fired else "no"
    table.add_row("fallback fired", "(no fallback)", fired)
    table.add_row("binding", pre.binding_constraint, fixed.binding_constraint)
    warns = ("yes" if pre.warning else "no", "yes" if fixed.warning else "no")
    table.add_row("'filtered out' warning", *warns)
    for level in range(result.inputs.levels):
        table.add_row(
            f"level {level}", _level_cell(pre, level, coin), _level_cell(fixed, level, coin)
        )
    console.print(table)
    console.print(Text(verdict_line(result), style="bold"))
    for silent in (*pre.silent, *fixed.silent):
        console.print(Text(f"Silent outcome: {silent}.", style="yellow"))
    for note in result.notes:
        console.print(Text(f"Note: {note}."))
    thresholds = Table(title="Capacity against each threshold", title_justify="left")
    for column in ("threshold", f"capacity ({coin})", "USD at price", "your capacity / it"):
        thresholds.add_column(column)
    thresholds.add_column("meaning")
    for t in result.thresholds:
        thresholds.add_row(
            t.name, _coins(t.capacity, ""), f"{t.usd:,.2f}", f"{t.ratio:.2f}x", t.meaning
        )
    console.print(thresholds)


def verdict_line(result: ReplayResult) -> str:
    fixed = "quotes" if result.fixed_quotes else "places no order the exchange accepts"
    pre = "quotes" if result.pre_fallback_quotes else "places nothing"
    scope = (
        "for every per-level profile"
        if result.certain
        else f"only under {result.profile} (modelled: {result.modelled_fallback})"
    )
    return (
        f"Fixed version {fixed} (fallback: {result.fallback}); this holds {scope}. "
        f"The version before the fix {pre}."
    )


def result_json(result: ReplayResult, sources: dict[str, str]) -> dict[str, Any]:
    return {**result.to_dict(), "input_sources": sources, "sentence": verdict_line(result)}


def write_json(result: ReplayResult, sources: dict[str, str], out: IO[str]) -> None:
    json.dump(result_json(result, sources), out, indent=2, allow_nan=False, default=str)
    out.write("\n")


def render_sweep(rows: tuple[SweepRow, ...], coin: str, leverage: float, console: Console) -> None:
    table = Table(
        title=f"Capacity needed to place N orders (margin at {leverage:g}x)", title_justify="left"
    )
    for column in ("version", "orders", f"capacity ({coin})", "notional (USD)", "margin (USD)"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            VERSION_TITLES[row.version],
            str(row.orders),
            f"{row.capacity:.6f}",
            f"{row.usd:,.2f}",
            f"{row.margin_at_leverage:,.2f}",
        )
    console.print(table)


def sweep_json(rows: tuple[SweepRow, ...], out: IO[str]) -> None:
    data = [
        {
            "version": r.version,
            "orders": r.orders,
            "capacity": r.capacity,
            "usd": r.usd,
            "margin_at_leverage": r.margin_at_leverage,
        }
        for r in rows
    ]
    json.dump({"sweep": data}, out, indent=2)
    out.write("\n")
