"""The events mmdiag knows: message patterns, fields and their types, in one table.

Facts from the bot `hyperliquid_rust_sdk` (binary `market_maker`) as of the release that added
the concentration fallback (d8bb6a1, 2026-01-02), plus later rewordings. Adding a newly worded
warning is one row here (or one more alternative in a row's pattern), not a hunt through regexes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import regex

FieldType = Literal["int", "float", "bool", "str"]
Side = Literal["bid", "ask"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of an event: `%` Display numbers arrive as text ("237.00") and are parsed."""

    name: str
    type: FieldType
    unit: str | None = None
    debug: bool = False
    """Recorded with `?`: a Debug string is quoted with its newlines escaped, one line."""


@dataclass(frozen=True)
class EventKind:
    name: str
    level: str
    target: str
    pattern: str
    """Regex matching the whole message. Named groups become fields taken from the message."""
    needle: str
    """A literal every message of this kind contains: the vectorised prefilter searches for it."""
    fields: tuple[FieldSpec, ...]
    summary: str
    side: Side | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def one_line(self) -> bool:
        """A record of this kind never spans lines in a text layout: its message is fixed and
        no field can hold a newline (numbers, booleans, Debug strings)."""
        fixed = "(?P<" not in self.pattern and ".*" not in self.pattern
        return fixed and all(f.type != "str" or f.debug for f in self.fields)


def _f(name: str, type_: FieldType, unit: str | None = None, debug: bool = False) -> FieldSpec:
    return FieldSpec(name, type_, unit, debug)


_MM = "hyperliquid_rust_sdk::market_maker"
_FILTERED_FIELDS = (
    _f("available_margin", "float", "USD"),
    _f("available_position", "float", "coins"),
    _f("min_notional", "float", "USD"),
    _f("min_level_size", "float", "coins"),
    _f("mid_price", "float", "USD"),
)
_OPTIMIZER_FIELDS = (
    _f("binding", "str", debug=True),
    _f("margin_used", "float", "USD"),
    _f("position_used", "float", "coins"),
    _f("shadow_price", "float"),
    _f("kelly_stochastic", "bool"),
    _f("kelly_fraction", "float"),
    _f("regime", "str", debug=True),
)
# The first release says "(sizes too small)"; later ones reword the reason in brackets.
_FILTERED_REASON = r"(?: \((?:sizes too small|total size below min_notional|[^()\n]*)\))?"

KINDS: tuple[EventKind, ...] = (
    EventKind(
        name="started",
        level="INFO",
        target="market_maker",
        pattern=r"Starting market maker",
        needle="Starting market maker",
        fields=(
            _f("asset", "str"),
            _f("target_liquidity", "float", "coins"),
            _f("risk_aversion", "float"),
            _f("max_bps_diff", "float", "bps"),
            _f("max_position", "float", "coins"),
            _f("leverage", "float", "x"),
            _f("decimals", "int"),
            _f("strategy", "str", debug=True),
            _f("network", "str", debug=True),
            _f("dry_run", "bool"),
        ),
        summary="the bot started: a new session begins",
    ),
    EventKind(
        name="leverage",
        level="INFO",
        target="market_maker",
        pattern=r"Leverage: .*",
        needle="Leverage: ",
        fields=(
            _f("asset", "str"),
            _f("max_leverage", "int", "x"),
            _f("using_leverage", "int", "x"),
        ),
        summary="the leverage the bot uses",
    ),
    EventKind(
        name="precision",
        level="INFO",
        target="market_maker",
        pattern=r"Auto-calculated price precision from asset metadata",
        needle="Auto-calculated price precision",
        fields=(_f("asset", "str"), _f("sz_decimals", "int"), _f("price_decimals", "int")),
        summary="size and price decimals from the asset's metadata",
    ),
    EventKind(
        name="asset_prefixed",
        level="INFO",
        target="market_maker",
        pattern=r"Auto-prefixed asset name for HIP-3 DEX",
        needle="Auto-prefixed asset name",
        fields=(_f("original", "str"), _f("prefixed", "str"), _f("dex", "str")),
        summary="the asset name was prefixed with a HIP-3 dex",
    ),
    EventKind(
        name="metrics",
        level="INFO",
        target="market_maker",
        pattern=r"Market maker metrics",
        needle="Market maker metrics",
        fields=(
            _f("orders_placed", "int"),
            _f("orders_cancelled", "int"),
            _f("orders_filled", "int"),
            _f("volume_bought", "float", "coins"),
            _f("volume_sold", "float", "coins"),
            _f("position", "float", "coins"),
            _f("uptime_secs", "int", "s"),
        ),
        summary="cumulative counters, every 60 s (reset at a restart)",
    ),
    EventKind(
        name="warmup",
        level="WARN",
        target=_MM,
        pattern=r"Warmup incomplete - no orders placed(?: \(waiting for market data\))?",
        needle="Warmup incomplete",
        fields=(
            _f("volume_ticks", "int"),
            _f("volume_ticks_required", "int"),
            _f("trade_observations", "int"),
            _f("trade_observations_required", "int"),
        ),
        summary="the warm-up gate held every order back (logged at most every 10 s)",
    ),
    EventKind(
        name="quote_cycle",
        level="INFO",
        target=_MM,
        pattern=r"Quote cycle complete",
        needle="Quote cycle complete",
        fields=(
            _f("modified", "int"),
            _f("oid_remaps", "int"),
            _f("best_bid", "float", "USD"),
            _f("best_ask", "float", "USD"),
            _f("spread_bps", "float", "bps"),
            _f("bid_levels", "int"),
            _f("ask_levels", "int"),
            _f("position", "float", "coins"),
        ),
        summary="one quote cycle ended, with the number of levels quoted per side",
    ),
    EventKind(
        name="optimizer_bids",
        level="DEBUG",
        target=f"{_MM}::strategy::ladder_strat",
        pattern=r"Constrained optimizer applied to bids",
        needle="Constrained optimizer applied to bids",
        fields=_OPTIMIZER_FIELDS,
        summary="the constrained optimizer sized the bid ladder",
        side="bid",
    ),
    EventKind(
        name="optimizer_asks",
        level="DEBUG",
        target=f"{_MM}::strategy::ladder_strat",
        pattern=r"Constrained optimizer applied to asks",
        needle="Constrained optimizer applied to asks",
        fields=_OPTIMIZER_FIELDS,
        summary="the constrained optimizer sized the ask ladder",
        side="ask",
    ),
    EventKind(
        name="bids_filtered",
        level="WARN",
        target=f"{_MM}::strategy::ladder_strat",
        pattern=r"All bid levels filtered out" + _FILTERED_REASON,
        needle="All bid levels filtered out",
        fields=(_f("bids_before", "int"), *_FILTERED_FIELDS),
        summary="every bid level was sized to zero: no bid quoted this cycle",
        side="bid",
    ),
    EventKind(
        name="asks_filtered",
        level="WARN",
        target=f"{_MM}::strategy::ladder_strat",
        pattern=r"All ask levels filtered out" + _FILTERED_REASON,
        needle="All ask levels filtered out",
        fields=(_f("asks_before", "int"), *_FILTERED_FIELDS),
        summary="every ask level was sized to zero: no ask quoted this cycle",
        side="ask",
    ),
    EventKind(
        name="concentration_fallback",
        level="INFO",
        target=f"{_MM}::quoting::ladder::optimizer",
        pattern=r"Concentration fallback(?: \(Kelly\))?: single quote at best level",
        needle="Concentration fallback",
        fields=(
            _f("levels", "int"),
            _f("best_level", "int"),
            _f("concentrated_size", "float", "coins"),
            _f("notional", "float", "USD"),
            _f("max_position_total", "float", "coins"),
            _f("best_mv", "float"),
        ),
        summary="the fixed optimizer put the whole capacity on one level",
    ),
    EventKind(
        name="bulk_placed",
        level="INFO",
        target=f"{_MM}::infra::executor",
        pattern=r"Bulk order placed",
        needle="Bulk order placed",
        fields=(_f("resting", "int"), _f("filled", "int"), _f("errors", "int")),
        summary="a batch of orders reached the exchange",
    ),
    EventKind(
        name="order_rejected",
        level="ERROR",
        target=f"{_MM}::infra::executor",
        # Everything is in the message (no tracing fields); the groups pick out its parts.
        pattern=(
            r"Bulk order (?P<order_index>\d+) rejected:"
            r"(?: asset=(?P<asset>\S+))?(?: side=(?P<order_side>\w+))?"
            r"(?: sz=(?P<sz>\S+))?(?: price=(?P<price>\S+))?(?: cloid=(?P<cloid>\S+))?"
            r"(?:.*? error=(?P<error>.*)|.*)"
        ),
        needle=" rejected: ",
        fields=(
            _f("order_index", "int"),
            _f("asset", "str"),
            _f("order_side", "str"),
            _f("sz", "float", "coins"),
            _f("price", "float", "USD"),
            _f("cloid", "str"),
            _f("error", "str"),
        ),
        summary="the exchange rejected an order",
    ),
    EventKind(
        name="limits_stale",
        level="WARN",
        target=f"{_MM}::strategy::ladder_strat",
        pattern=r"Exchange limits are stale - sizing may be reduced",
        needle="Exchange limits are stale",
        fields=(_f("age_ms", "int", "ms"),),
        summary="exchange limits were old: side capacity was halved or zeroed",
    ),
)

# Spans the bot opens, with their fields: Compact prints span fields after the event's own,
# unmarked, so knowing them tells the two apart. The quote loop runs in `quote_cycle{asset}`.
KNOWN_SPAN_FIELDS: dict[str, frozenset[str]] = {"quote_cycle": frozenset({"asset"})}

OTHER = "other"
BY_NAME: dict[str, EventKind] = {kind.name: kind for kind in KINDS}
KIND_NAMES: tuple[str, ...] = (*BY_NAME, OTHER)
_COMPILED = tuple((kind, regex.compile(kind.pattern, regex.DOTALL)) for kind in KINDS)


def match_message(message: str) -> tuple[EventKind | None, dict[str, str]]:
    """The kind whose pattern matches the whole message, and the text of its named groups."""
    for kind, compiled in _COMPILED:
        if kind.needle not in message:
            continue
        found = compiled.fullmatch(message)
        if found is not None:
            groups = {k: v for k, v in found.groupdict().items() if v is not None}
            return kind, groups
    return None, {}


def candidate_kind(text: str) -> EventKind | None:
    """For text layouts, where fields follow the message: the kind whose message starts `text`.

    The caller splits the message from the fields (it knows the layout's separators) and
    confirms the kind with `match_message` on the message alone.
    """
    for kind, compiled in _COMPILED:
        if kind.needle in text and compiled.match(text) is not None:
            return kind
    return None


def side_of(kind: EventKind | None, fields: Mapping[str, object]) -> Side | None:
    """The book side an event is about, where it is about one."""
    if kind is None:
        return None
    if kind.side is not None:
        return kind.side
    order_side = fields.get("order_side")
    if order_side == "Buy":
        return "bid"
    if order_side == "Sell":
        return "ask"
    return None
