"""A replay -> rich text or JSON, side by side for the two optimizer versions. No analysis here."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mmdiag.optimizer import SizingVersion, versions
from mmdiag.optimizer import version as sizing_version
from mmdiag.replay import (
    PlacedOrder,
    ReplayInputs,
    ReplayResult,
    Sweep,
    VersionOutcome,
    coins_text,
    explain_facts,
    price_text,
    shown_capacity,
    usd_text,
)
from mmdiag.replay.versions import Needed, VersionReplay, needed, replay_version

VERSION_TITLES = {"pre_fallback": "before the fix (1b8ac34)", "with_fallback": "fixed (d8bb6a1)"}
MIN_SIZE_RULES = {
    "pre_fallback": "min_level_size",
    "with_fallback": "max(min_notional / price, 0.1 × min_level_size, 1e-8)",
}


def input_lines(result: ReplayResult, sources: dict[str, str]) -> list[str]:
    i = result.inputs
    leverage = f"{i.leverage:g}x"
    if i.leverage < 1:
        leverage += f", used as {i.effective_leverage:g}x (the bot takes max(leverage, 1))"
    rows = [
        ("price", price_text(i.price)),
        ("side_capacity", coins_text(i.side_capacity, i.coin)),
        ("levels", f"{i.levels}"),
        ("min_notional", f"{i.min_notional:,.2f} USD"),
        ("min_level_size", coins_text(i.min_level_size, i.coin)),
        ("sz_decimals", f"{i.sz_decimals}"),
        ("leverage", leverage),
        ("margin", "unknown" if i.margin is None else f"{i.margin:,.2f} USD"),
    ]
    lines = [f"{name:<15} {text} ({sources.get(name, 'default')})" for name, text in rows]
    if result.room is not None:
        room = result.room
        by_margin = (
            "margin unknown"
            if room.by_margin is None
            else f"margin / (price / leverage) = {coins_text(room.by_margin, i.coin)}"
        )
        lines.append(
            f"{'capacity used':<15} {coins_text(room.capacity, i.coin)} (computed: the "
            f"optimizer's min(side_capacity, {by_margin}); binding {room.binding})"
        )
    lines.append(f"{'profile':<15} {result.profile} (modelled)")
    return lines


def _order_text(order: PlacedOrder, coin: str, min_notional: float) -> str:
    mark = "placed" if order.accepted else order.note
    return (
        f"{coins_text(order.raw_size, coin)} -> {coins_text(order.size, coin)} "
        f"= {usd_text(order.usd, min_notional)}: {mark}"
    )


def _level_cell(outcome: VersionOutcome, level: int, coin: str, min_notional: float) -> str:
    for order in outcome.orders:
        if order.level == level:
            return _order_text(order, coin, min_notional)
    return "0 (filtered by the optimizer)"


def _level_label(result: ReplayResult, level: int) -> str:
    if level < len(result.level_depths):
        depth, price = result.level_depths[level], result.level_prices[level]
        return f"level {level} ({depth:.2f} bps, {price_text(price)})"
    return f"level {level}"


def render_text(
    result: ReplayResult, sources: dict[str, str], console: Console, method_source: str = ""
) -> None:
    coin, mn = result.inputs.coin, result.inputs.min_notional
    source = f" ({method_source})" if method_source else ""
    console.print(
        Text(f"mmdiag replay: {result.inputs.side} side, {result.method} method{source}", "bold")
    )
    for line in input_lines(result, sources):
        console.print(Text("  " + line))
    table = Table(title="Both versions (level depths and prices: modelled)", title_justify="left")
    table.add_column("", max_width=34)
    for version in ("pre_fallback", "with_fallback"):
        table.add_column(VERSION_TITLES[version])
    pre, fixed = result.pre, result.fixed
    table.add_row("orders placed", str(len(pre.accepted)), str(len(fixed.accepted)))
    table.add_row(
        "minimum size",
        f"{coins_text(pre.min_size, coin)} ({MIN_SIZE_RULES['pre_fallback']})",
        f"{coins_text(fixed.min_size, coin)} ({MIN_SIZE_RULES['with_fallback']})",
    )
    fired = "yes, at level " + str(fixed.fallback_level) if fixed.fallback_fired else "no"
    table.add_row("fallback fired", "(no fallback)", fired)
    table.add_row("binding", pre.binding_constraint, fixed.binding_constraint)
    warns = ("yes" if pre.warning else "no", "yes" if fixed.warning else "no")
    side = result.inputs.side
    table.add_row(f"'All {side} levels filtered out' warning (d8bb6a1 ladder_strat)", *warns)
    for level in range(result.inputs.levels):
        table.add_row(
            _level_label(result, level),
            _level_cell(pre, level, coin, mn),
            _level_cell(fixed, level, coin, mn),
        )
    console.print(table)
    for sentence in verdict_sentences(result):
        console.print(Text(sentence, style="bold"))
    for silent in (*pre.silent, *fixed.silent):
        console.print(Text(f"Silent outcome: {silent}.", style="yellow"))
    for note in result.notes:
        console.print(Text(f"Note: {note}."))
    if result.generator is not None:
        summary = result.generator.summary()
        console.print(Text(summary[0].upper() + summary[1:] + ".", style="bold"))
    _render_thresholds(result, console)


def _render_thresholds(result: ReplayResult, console: Console) -> None:
    i = result.inputs
    capacity = result.room.capacity if result.room is not None else i.side_capacity
    table = Table(
        title=(
            f"Capacity against each threshold (the optimizer's capacity "
            f"{coins_text(capacity, i.coin)}; notional at the mid {price_text(i.price)}; margin "
            f"at {i.effective_leverage:g}x)"
        ),
        title_justify="left",
    )
    table.add_column("threshold", no_wrap=True)
    table.add_column("holds for", no_wrap=True)
    for column in (f"capacity ({i.coin}, rounded up)", "notional (USD)", "margin (USD)"):
        table.add_column(column)
    table.add_column("your capacity / it", no_wrap=True)
    for t in result.thresholds:
        if t.ratio is None:
            ratio = "n/a (threshold 0)" if t.capacity == 0 else "n/a (never)"
        else:
            ratio = f"{t.ratio:.2f}x"
        if t.in_gap:
            ratio += " (in the gap: no order)"
        table.add_row(
            t.name,
            t.scope,
            "never" if t.capacity is None else shown_capacity(t.capacity),
            "-" if t.usd is None else f"{t.usd:,.2f}",
            "-" if t.margin_usd is None else f"{t.margin_usd:,.2f}",
            ratio,
        )
    console.print(table)
    for t in result.thresholds:
        console.print(Text(f"  {t.name}: {t.meaning}."))


def _orders_text(outcome: VersionOutcome) -> str:
    n = len(outcome.accepted)
    via = " through the concentration fallback" if outcome.fallback_fired and n else ""
    return f"{n} order{'s' if n != 1 else ''}{via}"


def verdict_sentences(result: ReplayResult) -> list[str]:
    """The fixed version's answer, then the pre-fix version's, each with its scope."""
    i = result.inputs
    fixed_what = "quotes" if result.fixed_quotes else "places no order the exchange accepts"
    why = explain_facts(result.fixed_facts, i)
    if result.certain:
        fixed = (
            f"Fixed version {fixed_what} (fallback: {result.fallback}); this holds for every "
            f"per-level profile: {why}."
        )
        if result.fixed_quotes:
            fixed += f" Under {result.profile}: {_orders_text(result.fixed)}."
    else:
        fixed = (
            f"Fixed version {fixed_what} (fallback: {result.fallback}); this holds only under "
            f"{result.profile} (modelled: {result.modelled_fallback}, "
            f"{_orders_text(result.fixed)}); other profiles may differ: {why}."
        )
    pre_what = "quotes" if result.pre_fallback_quotes else "places nothing"
    pre_why = explain_facts(result.pre_facts, i)
    if result.pre_certain:
        pre = f"The version before the fix {pre_what}, for every per-level profile: {pre_why}."
    else:
        pre = (
            f"The version before the fix {pre_what} under the modelled profile "
            f"({_orders_text(result.pre)}); other profiles may differ: {pre_why}."
        )
    return [fixed, pre]


def verdict_line(result: ReplayResult) -> str:
    return " ".join(verdict_sentences(result))


def _finite(value: Any, path: str, found: list[str]) -> Any:
    """JSON has no inf or NaN: each becomes null, and its path is listed."""
    if isinstance(value, float) and not math.isfinite(value):
        found.append(f"{path} was {value!r}")
        return None
    if isinstance(value, dict):
        return {k: _finite(v, f"{path}.{k}", found) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v, f"{path}[{n}]", found) for n, v in enumerate(value)]
    return value


def finite_json(data: dict[str, Any]) -> dict[str, Any]:
    found: list[str] = []
    clean: dict[str, Any] = _finite(data, "$", found)
    if found:
        clean["non_finite"] = [f"{item}: written as null" for item in found]
    return clean


def result_json(
    result: ReplayResult,
    sources: dict[str, str],
    rows: list[tuple[SizingVersion, VersionReplay, tuple[Needed, ...]]] | None = None,
) -> dict[str, Any]:
    data = {**result.to_dict(), "input_sources": sources, "sentence": verdict_line(result)}
    if rows:
        data["versions"] = versions_json(rows)
    return finite_json(data)


def write_json(
    result: ReplayResult,
    sources: dict[str, str],
    out: IO[str],
    rows: list[tuple[SizingVersion, VersionReplay, tuple[Needed, ...]]] | None = None,
) -> None:
    json.dump(result_json(result, sources, rows), out, indent=2, allow_nan=False, default=str)
    out.write("\n")


def write_versions_json(
    rows: list[tuple[SizingVersion, VersionReplay, tuple[Needed, ...]]],
    inputs: ReplayInputs,
    sources: dict[str, str],
    out: IO[str],
) -> None:
    """`replay --version NAME`: the chosen versions only."""
    data = {
        "side": inputs.side,
        "inputs": asdict(inputs),
        "input_sources": sources,
        "versions": versions_json(rows),
    }
    json.dump(finite_json(data), out, indent=2, allow_nan=False, default=str)
    out.write("\n")


def render_version_inputs(
    inputs: ReplayInputs, sources: dict[str, str], console: Console, method_source: str
) -> None:
    console.print(Text(f"mmdiag replay: {inputs.side} side ({method_source})", "bold"))
    rows = [
        ("price", price_text(inputs.price)),
        ("side_capacity", coins_text(inputs.side_capacity, inputs.coin)),
        ("levels", f"{inputs.levels}"),
        ("min_notional", f"{inputs.min_notional:,.2f} USD"),
        ("min_level_size", coins_text(inputs.min_level_size, inputs.coin)),
        ("sz_decimals", f"{inputs.sz_decimals}"),
        ("leverage", f"{inputs.leverage:g}x"),
        ("margin", "unknown" if inputs.margin is None else f"{inputs.margin:,.2f} USD"),
    ]
    for name, text in rows:
        console.print(Text(f"  {name:<15} {text} ({sources.get(name, 'default')})"))


def _sweep_header(sweep: Sweep, sources: dict[str, str]) -> list[str]:
    i = sweep.inputs
    rows = [
        ("price", price_text(i.price)),
        ("levels", f"{i.levels}"),
        ("min_notional", f"{i.min_notional:,.2f} USD"),
        ("min_level_size", coins_text(i.min_level_size, i.coin)),
        ("sz_decimals", f"{i.sz_decimals}"),
        ("leverage", f"{i.leverage:g}x"),
        ("margin", "unknown" if i.margin is None else f"{i.margin:,.2f} USD"),
    ]
    lines = [f"{name:<15} {text} ({sources.get(name, 'default')})" for name, text in rows]
    lines.append(f"{'profile':<15} {sweep.profile} (modelled)")
    return lines


def render_sweep(
    sweep: Sweep, sources: dict[str, str], console: Console, method_source: str = ""
) -> None:
    i = sweep.inputs
    source = f" ({method_source})" if method_source else ""
    console.print(
        Text(f"mmdiag replay --sweep capacity: {i.side} side, {sweep.method} method{source}")
    )
    for line in _sweep_header(sweep, sources):
        console.print(Text("  " + line))
    table = Table(
        title=(
            f"Capacity needed to place N orders under the modelled profile (the optimizer's "
            f"capacity, rounded up; margin at {i.effective_leverage:g}x)"
        ),
        title_justify="left",
    )
    table.add_column("version", no_wrap=True)
    for column in (
        "orders",
        f"capacity ({i.coin})",
        "notional at the mid (USD)",
        "margin (USD)",
        "note",
    ):
        table.add_column(column)
    for row in sweep.rows:
        table.add_row(
            VERSION_TITLES[row.version],
            str(row.orders),
            row.shown,
            "-" if row.usd is None else f"{row.usd:,.2f}",
            "-" if row.margin_at_leverage is None else f"{row.margin_at_leverage:,.2f}",
            row.note,
        )
    console.print(table)
    for gap in sweep.gaps:
        end = (
            f"{shown_capacity(gap.end)} {i.coin}"
            if gap.end is not None
            else f"beyond {1e9:g} {i.coin}"
        )
        console.print(
            Text(
                f"Gap: {VERSION_TITLES[gap.version]} places 1 order from the capacity above, "
                f"except from {shown_capacity(gap.start)} to {end}, where it places none: "
                f"{gap.reason}.",
                style="yellow",
            )
        )
    for note in sweep.notes:
        console.print(Text(f"Note: {note}."))


def sweep_json(sweep: Sweep, sources: dict[str, str], out: IO[str]) -> None:
    data = finite_json({**sweep.to_dict(), "input_sources": sources})
    json.dump(data, out, indent=2, allow_nan=False)
    out.write("\n")


# --- sizing versions (`replay --version NAME`, `--every-version`) ------------------------------


def version_rows(
    inputs: ReplayInputs, method: str, names: list[str] | None
) -> list[tuple[SizingVersion, VersionReplay, tuple[Needed, ...]]]:
    """Each chosen version (every one when `names` is None) on the state, with how far it was
    from quoting."""
    chosen = versions() if names is None else tuple(sizing_version(n) for n in names)
    return [(v, replay_version(v, inputs, method), needed(v, inputs, method)) for v in chosen]


def _needed_text(found: tuple[Needed, ...], coin: str) -> str:
    parts = []
    for n in found:
        if n.value is None:
            parts.append(f"{n.name}: none up to the searched limit")
        elif n.name == "capacity":
            parts.append(f"capacity {coins_text(n.value, coin)}")
        elif n.name == "margin":
            parts.append(f"margin {usd_text(n.value)}")
        else:
            parts.append(f"leverage {n.value:.3g}x")
    return ", ".join(parts)


def _placed_text(replayed: VersionReplay, coin: str) -> str:
    if replayed.draws > 1:
        return (
            f"{replayed.placed[0]}-{replayed.placed[1]} "
            f"(orders in {replayed.quoting_draws}/{replayed.draws} draws)"
        )
    accepted = replayed.accepted
    if not accepted:
        return "0"
    return f"{len(accepted)}: " + ", ".join(
        f"{coins_text(o.size, coin)} ({usd_text(o.usd)})" for o in accepted
    )


def render_versions(
    rows: list[tuple[SizingVersion, VersionReplay, tuple[Needed, ...]]],
    inputs: ReplayInputs,
    console: Console,
) -> None:
    coin = inputs.coin
    table = Table(
        title=f"Sizing versions on this {inputs.side} state (per-level profile: modelled)",
        title_justify="left",
    )
    for column in ("version", "commit", "releases", "path", "orders placed", "quotes from"):
        table.add_column(column)
    for v, replayed, found in rows:
        releases = f"{v.first} .. {v.last or 'head'}"
        table.add_row(
            v.name,
            v.commit,
            releases,
            replayed.path,
            _placed_text(replayed, coin),
            _needed_text(found, coin),
        )
    console.print(table)
    for v, replayed, _ in rows:
        for message in replayed.messages:
            console.print(Text(f"  {v.name} logs {message}"))
        for note in v.not_from_log:
            console.print(Text(f"  {v.name}: {note}", style="dim"))


def versions_json(
    rows: list[tuple[SizingVersion, VersionReplay, tuple[Needed, ...]]],
) -> list[dict[str, Any]]:
    return [
        {
            **replayed.to_dict(),
            "first": v.first,
            "last": v.last,
            "summary": v.summary,
            "not_from_log": list(v.not_from_log),
            "needed": [n.to_dict() for n in found],
        }
        for v, replayed, found in rows
    ]


def version_list_json() -> list[dict[str, Any]]:
    return [
        {
            "name": v.name,
            "commit": v.commit,
            "first": v.first,
            "last": v.last,
            "ladder": v.ladder,
            "stochastic": v.stochastic,
            "inputs": list(v.inputs),
            "paths": list(v.paths),
            "summary": v.summary,
            "not_from_log": list(v.not_from_log),
        }
        for v in versions()
    ]


def render_version_list(console: Console, long: bool = False) -> None:
    """A row per version; `long` adds what each does (JSON always has it)."""
    table = Table(
        title="The bot's sizing versions, oldest first",
        caption=(
            "default: what a running bot takes (no: the legacy path once the tick grid is on "
            "in every capital tier); random: it samples (replays run seeded draws)"
        ),
        caption_justify="left",
        title_justify="left",
    )
    for column in ("version", "commit", "from", "to", "path", "default", "random"):
        table.add_column(column, no_wrap=True)
    if long:
        table.add_column("what it does")
    for v in versions():
        row = [
            v.name,
            v.commit,
            v.first,
            v.last or "head",
            v.ladder.replace("_", " "),
            "yes" if v.runs_by_default else "no",
            "yes" if v.stochastic else "no",
        ]
        table.add_row(*row, *([v.summary] if long else []))
    console.print(table)


#: SEED_TABLE.md's Table A: the seed's two accounts at $90,000, 5 levels, 20x, both methods.
SEED_SCENARIOS = (
    ("$237, 0.002633 BTC", 0.002633, 237.0, "kelly"),
    ("$237, 0.002633 BTC", 0.002633, 237.0, "proportional"),
    ("$50, 0.0003 BTC", 0.0003, 50.0, "kelly"),
    ("$50, 0.0003 BTC", 0.0003, 50.0, "proportional"),
)


def seed_table() -> list[dict[str, Any]]:
    """Every sizing version on the seed's scenarios: orders placed (fewest and most over the
    draws of a version that samples at random)."""
    rows = []
    for v in versions():
        cells = []
        for label, capacity, margin, method in SEED_SCENARIOS:
            inputs = ReplayInputs(
                price=90000.0,
                side_capacity=capacity,
                levels=5,
                leverage=20.0,
                margin=margin,
                coin="BTC",
            )
            replayed = replay_version(v, inputs, method)
            cells.append(
                {
                    "scenario": label,
                    "method": method,
                    "orders_placed": len(replayed.accepted),
                    "placed_range": list(replayed.placed),
                    "quoting_draws": replayed.quoting_draws,
                    "draws": replayed.draws,
                    "path": replayed.path,
                }
            )
        rows.append({"version": v.name, "commit": v.commit, "first": v.first, "cells": cells})
    return rows


def render_seed_table(console: Console) -> None:
    """The seed's scenarios (SEED_TABLE.md Table A), orders placed by every sizing version."""
    table = Table(
        title="The seed's scenarios (BTC at $90,000, 5 levels, 20x, bid side): orders placed",
        title_justify="left",
    )
    table.add_column("version", no_wrap=True)
    table.add_column("commit", no_wrap=True)
    for label, _, _, method in SEED_SCENARIOS:
        table.add_column(f"{label}, {method}")
    for row in seed_table():
        cells = []
        for cell in row["cells"]:
            low, high = cell["placed_range"]
            text = str(low) if low == high else f"{low}-{high}"
            if cell["draws"] > 1:
                text += f" ({cell['quoting_draws']}/{cell['draws']} draws)"
            cells.append(text)
        table.add_row(row["version"], row["commit"], *cells)
    console.print(table)
