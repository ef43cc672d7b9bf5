"""Incident + events -> State: the optimizer's inputs at the incident, each tagged with its origin.

The filtered-out warning logs most of them (rounded to 2 or 6 decimals); start-up lines give the
leverage and sz_decimals; the bot's defaults fill the rest; overrides win over everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import polars as pl

from mmdiag.model import Incident, State, StateValue
from mmdiag.parse.typed import kind_frame

# The bot's defaults where the log is silent (SEED_TABLE.md: LadderConfig at d8bb6a1; the
# exchange's $10 minimum order value; BTC's sz_decimals on Hyperliquid).
DEFAULTS: dict[str, float] = {
    "min_notional": 10.0,
    "min_level_size": 0.001,
    "levels": 5,
    "leverage": 10,
    "sz_decimals": 5,
}
OVERRIDABLE = (
    "price",
    "side_capacity",
    "margin",
    "min_notional",
    "min_level_size",
    "levels",
    "leverage",
    "sz_decimals",
)

# Warning field -> state name, and the half-step of the rounding the log applied (`%.2`/`%.6`).
_FROM_WARNING = {
    "mid_price": ("price", 0.005),
    "available_position": ("side_capacity", 5e-7),
    "available_margin": ("margin", 0.005),
    "min_notional": ("min_notional", 0.005),
    "min_level_size": ("min_level_size", 5e-7),
}


def coin_of(asset: str | None) -> str:
    """`hyna:BTC` -> `BTC`: HIP-3 assets carry their dex as a prefix."""
    if not asset:
        return "coins"
    return asset.rsplit(":", 1)[-1]


def reconstruct(
    events: pl.DataFrame,
    incident: Incident,
    side: str,
    overrides: Mapping[str, float] | None = None,
) -> State:
    """The state on `side` during `incident`, from a table with a `session` column."""
    session = events.filter(pl.col("session") == incident.session)
    startup = _startup(session)
    coin = coin_of(startup.get("asset_name"))  # type: ignore[arg-type]
    units = _units(coin)
    values: dict[str, StateValue] = {}
    kind = "bids_filtered" if side == "bid" else "asks_filtered"
    warnings = kind_frame(session, kind).filter(
        pl.col("time").is_between(incident.start, incident.end)
    )
    if not warnings.is_empty():
        values.update(_from_warnings(warnings, side, units))
    if "price" not in values or "levels" not in values:
        for name, cycle_value in _from_quote_cycles(session, incident, side, units).items():
            values.setdefault(name, cycle_value)
    for name in ("leverage", "sz_decimals"):
        found = startup.get(name)
        if isinstance(found, StateValue):
            values[name] = replace(found, unit=units[name])
    for name in OVERRIDABLE:
        if name not in values:
            default = DEFAULTS.get(name)
            source = "default" if default is not None else "missing"
            values[name] = StateValue(name, default, units[name], source)
    for name, value in (overrides or {}).items():
        values[name] = StateValue(name, float(value), units[name], "override")
    return State(side=side, coin=coin, **values)


def _units(coin: str) -> dict[str, str]:
    return {
        "price": "USD",
        "side_capacity": coin,
        "margin": "USD",
        "min_notional": "USD",
        "min_level_size": coin,
        "levels": "levels",
        "leverage": "x",
        "sz_decimals": "decimals",
    }


def _where(row: Mapping[str, object]) -> str:
    return f"{row['source']}:{row['line']}"


def _startup(session: pl.DataFrame) -> dict[str, object]:
    found: dict[str, object] = {}
    started = kind_frame(session, "started")
    if not started.is_empty():
        row = started.row(0, named=True)
        found["asset_name"] = row["asset"]
        if row["leverage"] is not None:
            found["leverage"] = StateValue("leverage", row["leverage"], "x", "startup", _where(row))
    prefixed = kind_frame(session, "asset_prefixed")
    if not prefixed.is_empty() and "asset_name" not in found:
        found["asset_name"] = prefixed.row(0, named=True)["prefixed"]
    leverage = kind_frame(session, "leverage")
    if not leverage.is_empty():
        row = leverage.row(0, named=True)
        if row["using_leverage"] is not None:
            found["leverage"] = StateValue(
                "leverage", float(row["using_leverage"]), "x", "startup", _where(row)
            )
    precision = kind_frame(session, "precision")
    if not precision.is_empty():
        row = precision.row(0, named=True)
        if row["sz_decimals"] is not None:
            found["sz_decimals"] = StateValue(
                "sz_decimals", float(row["sz_decimals"]), "decimals", "startup", _where(row)
            )
    return found


def _from_warnings(
    warnings: pl.DataFrame, side: str, units: dict[str, str]
) -> dict[str, StateValue]:
    """Each value from the first warning that logs it, with its drift over the incident."""
    values: dict[str, StateValue] = {}
    before = "bids_before" if side == "bid" else "asks_before"
    for field, (name, half_step) in {**_FROM_WARNING, before: ("levels", None)}.items():
        present = warnings.filter(pl.col(field).is_not_null())
        if present.is_empty():
            continue
        column = present[field]
        values[name] = StateValue(
            name,
            float(column[0]),
            units[name],
            "log",
            _where(present.row(0, named=True)),
            half_step,
            first=float(column[0]),
            last=float(column[-1]),
            low=float(column.min()),  # type: ignore[arg-type]
            high=float(column.max()),  # type: ignore[arg-type]
        )
    return values


def _from_quote_cycles(
    session: pl.DataFrame, incident: Incident, side: str, units: dict[str, str]
) -> dict[str, StateValue]:
    """The last quote cycle with levels on the side before the window: its best price on the
    side (the mid is not logged there) and its level count, where no warning gives them."""
    before = session.filter((pl.col("kind") == "quote_cycle") & (pl.col("time") < incident.start))
    # Decode only the last cycles before the window (a session can hold millions).
    cycles = kind_frame(before.tail(5000), "quote_cycle").filter(pl.col(f"{side}_levels") > 0)
    if cycles.is_empty():
        cycles = kind_frame(before, "quote_cycle").filter(pl.col(f"{side}_levels") > 0)
    if cycles.is_empty():
        return {}
    row = cycles.row(-1, named=True)
    price = row["best_bid" if side == "bid" else "best_ask"]
    where = _where(row)
    return {
        "price": StateValue("price", price, units["price"], "log", where, 0.005),
        "levels": StateValue("levels", float(row[f"{side}_levels"]), "levels", "log", where),
    }
