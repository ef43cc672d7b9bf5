"""Incident -> State: the optimizer's inputs at the incident, each tagged with its origin.

The filtered-out warning logs most of them (rounded to 2 or 6 decimals); start-up lines give the
leverage and sz_decimals; the bot's defaults fill the rest; overrides win over everything. What
the lines logged was gathered while the incident was detected (`Incident.log`): no second pass.
"""

from __future__ import annotations

from collections.abc import Mapping

from mmdiag.model import Incident, Logged, State, StateValue

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
    incident: Incident,
    side: str,
    overrides: Mapping[str, float] | None = None,
) -> State:
    """The state on `side` during `incident`, from what its lines logged (`incident.log`)."""
    log = incident.log
    facts = log.facts if log is not None else {}
    asset = facts.get("asset")
    coin = coin_of(str(asset[0]) if asset else None)
    units = _units(coin)
    values: dict[str, StateValue] = {}
    logged = log.values.get(side, {}) if log is not None else {}
    if logged:
        values.update(_from_warnings(logged, side, units))
    last = log.last_quoting.get(side) if log is not None else None
    if last is not None and ("price" not in values or "levels" not in values):
        price, levels, where = last
        if price is not None:
            values.setdefault("price", StateValue("price", price, "USD", "log", where, 0.005))
        values.setdefault("levels", StateValue("levels", float(levels), "levels", "log", where))
    for name in ("leverage", "sz_decimals"):
        fact = facts.get(name)
        if fact is not None and fact[0] is not None:
            values[name] = StateValue(name, float(fact[0]), units[name], "startup", fact[1])
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


def _from_warnings(
    logged: Mapping[str, Logged], side: str, units: dict[str, str]
) -> dict[str, StateValue]:
    """Each value from the first warning that logs it, with its drift over the incident."""
    values: dict[str, StateValue] = {}
    before = "bids_before" if side == "bid" else "asks_before"
    for field, (name, half_step) in {**_FROM_WARNING, before: ("levels", None)}.items():
        found = logged.get(field)
        if found is None:
            continue
        values[name] = StateValue(
            name,
            found.first,
            units[name],
            "log",
            found.where,
            half_step,
            first=found.first,
            last=found.last,
            low=found.low,
            high=found.high,
        )
    return values
