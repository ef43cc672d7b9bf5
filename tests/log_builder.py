"""Small JSON-layout logs written record by record, as the bot writes them, for focused tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

T0 = datetime(2026, 3, 1, 10, tzinfo=UTC)
MM = "hyperliquid_rust_sdk::market_maker"
SPAN = {"asset": "hyna:BTC", "name": "quote_cycle"}


def record(offset: float, level: str, target: str, message: str, **fields: object) -> str:
    stamp = (T0 + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = {"timestamp": stamp, "level": level, "fields": {"message": message, **fields}}
    return json.dumps({**body, "target": target, "span": SPAN, "spans": [SPAN]})


def started(offset: float, leverage: str = "10") -> list[str]:
    return [
        record(
            offset, "INFO", "market_maker", "Starting market maker", asset="hyna:BTC",
            leverage=leverage,
        ),
        record(
            offset + 0.003, "INFO", "market_maker",
            "Auto-calculated price precision from asset metadata", asset="hyna:BTC",
            sz_decimals=5, price_decimals=1,
        ),
    ]  # fmt: skip


def cycle(offset: float, bid: int, ask: int) -> str:
    return record(
        offset, "INFO", MM, "Quote cycle complete", best_bid="90000.00", best_ask="90036.00",
        bid_levels=bid, ask_levels=ask,
    )  # fmt: skip


def filtered(offset: float, side: str, capacity: str = "0.000100", **drop_or_set: object) -> str:
    fields: dict[str, object] = {
        f"{side}s_before": 5,
        "available_margin": "3.00",
        "available_position": capacity,
        "min_notional": "10.00",
        "min_level_size": "0.001000",
        "mid_price": "90018.00",
    }
    for name, value in drop_or_set.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    message = f"All {side} levels filtered out (sizes too small)"
    return record(offset, "WARN", f"{MM}::strategy::ladder_strat", message, **fields)


def rejected(
    offset: float, error: str = "Insufficient margin to place order. asset=0", side: str = "Buy"
) -> str:
    return record(
        offset, "ERROR", f"{MM}::infra::executor",
        f"Bulk order 0 rejected: asset=hyna:BTC side={side} sz=0.0001 price=90012.0 "
        f'cloid=Some("0x1a") error={error}',
    )  # fmt: skip


def quoting(start: int, end: int) -> list[str]:
    return [cycle(t, 5, 5) for t in range(start, end)]


def sizes_filtered(
    start: int, end: int, capacity: str = "0.000100", rejected_every: int = 0, **fields: object
) -> list[str]:
    """Both sides filtered each second: the two warnings, then the cycle with no level."""
    lines = []
    for t in range(start, end):
        lines += [
            filtered(t, "bid", capacity, **fields),
            filtered(t + 0.001, "ask", capacity, **fields),
            cycle(t + 0.02, 0, 0),
        ]
        if rejected_every and t % rejected_every == 0:
            lines.append(rejected(t + 0.5))
    return lines


def write_log(folder: Path, lines: list[str], name: str = "run.json.log") -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
