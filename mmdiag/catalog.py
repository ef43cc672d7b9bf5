"""The events mmdiag knows, of every release of the bot: message patterns, fields and their
types, what each one says about quoting, and the releases that write it, in one table.

Facts from the bot `hyperliquid_rust_sdk` (binary `market_maker`), December 2025 to March 2026
(`../shared/reference/VOCABULARY.md`: its call sites, snapshot by snapshot). A release that
rewords a message, moves it to another module or adds a field is one more row here (or one
more alternative in a row's pattern, or one more `Variant`), never a change to detection:
`observe.py` turns every row's `role` into the same few observations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

FieldType = Literal["int", "float", "bool", "str"]
Side = Literal["bid", "ask"]

_MM = "hyperliquid_rust_sdk::market_maker"
_ORCH = f"{_MM}::orchestrator"
FIRST_SNAPSHOT = "2025-12-22"
LAST_SNAPSHOT = "2026-03-13"


@dataclass(frozen=True)
class FieldSpec:
    """One field of an event: `%` Display numbers arrive as text ("237.00") and are parsed."""

    name: str
    type: FieldType
    unit: str | None = None
    debug: bool = False
    """Recorded with `?`: a Debug string is quoted with its newlines escaped, one line."""
    in_message: bool = False
    """Not a tracing field: a named group of the pattern picks it out of the message."""


@dataclass(frozen=True)
class Variant:
    """One call site's life: the snapshots that hold it, and how to tell it from its siblings.

    `target` is the module the call site logs from (None: any); `wording` a regex the message
    must match; `has`/`lacks` a field the event must hold or lack."""

    first: str
    last: str
    target: str | None = None
    wording: str | None = None
    has: str | None = None
    lacks: str | None = None


Role = Literal[
    "start",
    "stop",
    "kill",
    "kill_condition",
    "plan_levels",
    "plan_quotes",
    "quote_inputs",
    "reconcile",
    "placing",
    "placing_count",
    "resting",
    "filled_now",
    "side_resting",
    "rejected",
    "batch_rejected",
    "cancelled",
    "gone",
    "found_resting",
    "placement_failed",
    "reason",
    "warmup",
    "fact",
    "mark",
]


@dataclass(frozen=True)
class EventKind:
    name: str
    level: str
    target: str
    pattern: str
    """Regex matching the whole message. Named groups become fields taken from the message."""
    needle: str
    """A literal every message of this kind contains (or one of `also`): the vectorised
    prefilter searches for it, so it must be rare in lines of other kinds."""
    fields: tuple[FieldSpec, ...]
    summary: str
    also: tuple[str, ...] = ()
    """Needles of the pattern's other alternatives, where no one literal is in them all."""
    side: Side | None = None
    role: Role | None = None
    """What the event says about quoting (`observe.py` reads it); None: context only."""
    cause: str | None = None
    """For `reason` kinds: the cause of an empty side this event states."""
    side_field: str | None = None
    """The field or group naming the side the event is about (`BUY`, `bids`, `long`...)."""
    variants: tuple[Variant, ...] = ()
    """The releases that log it; empty: too long-lived to tell releases apart."""
    precedes_orders: bool = False
    """A plan logged before the cycle's order lines (reconcile, placements): where those are
    logged, they, not the plan, say whether the side has orders."""

    @property
    def needles(self) -> tuple[str, ...]:
        return (self.needle, *self.also)

    def holds_needle(self, text: str) -> bool:
        return any(needle in text for needle in self.needles)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def tracing_field_names(self) -> tuple[str, ...]:
        """The fields that follow the message (not picked out of it)."""
        return tuple(f.name for f in self.fields if not f.in_message)

    @property
    def targets(self) -> tuple[str, ...]:
        found = [self.target, *(v.target for v in self.variants if v.target is not None)]
        return tuple(dict.fromkeys(found))

    @property
    def one_line(self) -> bool:
        """A record of this kind never spans lines in a text layout: its message is fixed and
        no field can hold a newline (numbers, booleans, Debug strings)."""
        fixed = "(?P<" not in self.pattern and ".*" not in self.pattern
        return fixed and all(f.type != "str" or f.debug for f in self.fields)


def _f(name: str, type_: FieldType, unit: str | None = None, debug: bool = False) -> FieldSpec:
    return FieldSpec(name, type_, unit, debug)


def _g(name: str, type_: FieldType, unit: str | None = None) -> FieldSpec:
    """A value in the message itself, picked out by the pattern's group of that name."""
    return FieldSpec(name, type_, unit, in_message=True)


def _v(first: str, last: str, target: str | None = None, **tell: str) -> Variant:
    return Variant(first, last, target, **tell)


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
_FILTERED_VARIANTS = (
    _v("2026-01-02", "2026-01-11", wording=r".*\(sizes too small\)"),
    _v("2026-01-16", LAST_SNAPSHOT, wording=r".*\(total size below min_notional\)"),
)
# `Over max position (long) - reduce-only mode, cancelling bids` and its siblings: until
# 2025-12-28 one literal per direction in the binary's module, from 2025-12-29 one formatted
# call site in `quoting::filter` (`({}) ... cancelling {}`), the same text.
_REDUCE_ONLY_TAIL = (
    r" \((?P<direction>long|short|LONG|SHORT)\) - reduce-only mode, cancelling "
    r"(?:all )?(?P<cancelled>bids|asks)"
)
_FILTER_MODULE = f"{_MM}::quoting::filter"
_REDUCE_ONLY_VARIANTS = (_v("2025-12-24", "2025-12-28", _MM), _v("2025-12-29", LAST_SNAPSHOT))
_POSITION_FIELDS = (_f("position", "float", "coins"), _f("max_position", "float", "coins"))
_ORDER_ID = r"oid=(?P<oid>\d+)(?: cloid=.*)?"


def _reason(
    name: str,
    pattern: str,
    needle: str,
    cause: str,
    summary: str,
    *,
    level: str = "WARN",
    target: str = _MM,
    fields: tuple[FieldSpec, ...] = (),
    side_field: str | None = None,
    side: Side | None = None,
    variants: tuple[Variant, ...] = (),
    also: tuple[str, ...] = (),
) -> EventKind:
    """A message that says why a side (or both: no `side`, no `side_field`) has no order."""
    return EventKind(
        name=name,
        level=level,
        target=target,
        pattern=pattern,
        needle=needle,
        fields=fields,
        summary=summary,
        side=side,
        role="reason",
        cause=cause,
        side_field=side_field,
        variants=variants,
        also=also,
    )


_SESSION_KINDS: tuple[EventKind, ...] = (
    EventKind(
        name="started",
        level="INFO",
        target="market_maker",
        pattern=r"Starting market maker(?: \(None values will be auto-derived\))?",
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
        summary="the binary started: a new session begins",
        role="start",
        variants=(
            _v("2025-12-22", "2026-02-08", wording=r"Starting market maker"),
            _v("2026-02-15", LAST_SNAPSHOT, wording=r".*auto-derived.*"),
        ),
    ),
    EventKind(
        name="mm_started",
        level="INFO",
        target=_MM,
        pattern=(
            r"Market maker started(?: for (?P<asset>\S+) with (?P<strategy>\S+) strategy"
            r"| \(observation loop\))"
        ),
        needle="Market maker started",
        fields=(_f("asset", "str"), _f("strategy", "str"), _f("is_live", "bool")),
        summary="the market maker's loop started: a new session begins (real logs' first line)",
        role="start",
        variants=(
            _v("2025-12-22", "2026-01-09", _MM, wording=r".* for .*"),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::event_loop", wording=r".* for .*"),
            _v("2026-02-15", LAST_SNAPSHOT, f"{_ORCH}::event_loop", wording=r".*observation.*"),
        ),
    ),
    EventKind(
        name="shutdown",
        level="INFO",
        target=_MM,
        pattern=(
            r"Shutdown signal received(?: \((?P<signal>[^)]*)\))?"
            r"|=== GRACEFUL SHUTDOWN INITIATED ==="
            r"|Shutdown flag detected, initiating graceful shutdown\.\.\."
        ),
        needle="Shutdown signal received",
        also=("GRACEFUL SHUTDOWN INITIATED", "Shutdown flag detected"),
        fields=(_g("signal", "str"),),
        summary="the bot was told to stop: the session ends",
        role="stop",
        variants=(
            _v("2025-12-22", "2026-01-01", _MM, wording=r"Shutdown signal received"),
            _v("2026-01-02", "2026-01-09", _MM, wording=r"Shutdown signal received \(.*"),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::event_loop", wording=r"Shutdown signal.*"),
            _v("2025-12-27", "2026-01-09", _MM, wording=r"=== GRACEFUL.*"),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::recovery", wording=r"=== GRACEFUL.*"),
        ),
    ),
    EventKind(
        name="stopped",
        level="INFO",
        target=_MM,
        pattern=r"Market maker stopped\.",
        needle="Market maker stopped",
        fields=(),
        summary="the bot's loop ended",
        role="stop",
        variants=(
            _v(FIRST_SNAPSHOT, "2026-01-09", _MM),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::event_loop"),
        ),
    ),
    EventKind(
        name="kill_switch",
        level="ERROR",
        target=_MM,
        pattern=(
            r"KILL SWITCH TRIGGERED: (?P<reasons>.*)"
            r"|RiskAggregator kill condition triggered"
            r"|Q20: Stuck inventory kill — triggering emergency shutdown"
            r"|Q20: Inventory stuck — triggering kill switch"
            r"|Reconnection permanently failed after max retries - kill switch will trigger"
        ),
        needle="KILL SWITCH TRIGGERED",
        also=("RiskAggregator kill condition", "Q20: ", "Reconnection permanently failed"),
        fields=(_g("reasons", "str"),),
        summary="the kill switch stopped the bot (with the reasons it logged)",
        role="kill",
        variants=(
            _v("2025-12-27", "2026-01-09", _MM, wording=r"KILL SWITCH.*"),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::event_loop", wording=r"KILL SWITCH.*"),
        ),
    ),
    EventKind(
        name="kill_condition",
        level="WARN",
        target=_MM,
        pattern=r"Kill switch condition detected: (?P<condition>.*)",
        needle="Kill switch condition detected",
        fields=(_g("condition", "str"),),
        summary="a kill-switch condition the bot saw (the trigger follows)",
        role="kill_condition",
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
        role="fact",
    ),
    EventKind(
        name="precision",
        level="INFO",
        target="market_maker",
        pattern=r"Auto-calculated price precision from asset metadata",
        needle="Auto-calculated price precision",
        fields=(_f("asset", "str"), _f("sz_decimals", "int"), _f("price_decimals", "int")),
        summary="size and price decimals from the asset's metadata",
        role="fact",
    ),
    EventKind(
        name="asset_prefixed",
        level="INFO",
        target="market_maker",
        pattern=r"Auto-prefixed asset name for HIP-3 DEX",
        needle="Auto-prefixed asset name",
        fields=(_f("original", "str"), _f("prefixed", "str"), _f("dex", "str")),
        summary="the asset name was prefixed with a HIP-3 dex",
        role="fact",
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
)

_WARMUP_KINDS: tuple[EventKind, ...] = (
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
        role="warmup",
        variants=(
            _v("2026-01-02", "2026-01-09", _MM),
            _v(
                "2026-01-10", "2026-02-08", f"{_ORCH}::quote_engine", lacks="timeout_remaining_secs"
            ),
            _v("2026-02-15", "2026-02-28", f"{_ORCH}::quote_engine", has="timeout_remaining_secs"),
        ),
    ),
    EventKind(
        name="warming_up",
        level="INFO",
        target=_MM,
        pattern=(
            r"Warming up: (?P<progress>\d+/\d+ trades collected"
            r"|\d+/\d+ volume ticks, \d+/\d+ (?:L2 updates|trade observations))"
            r"|Warming up parameter estimator\.\.\."
        ),
        needle="Warming up",
        fields=(_g("progress", "str"),),
        summary="the estimator's warm-up and its progress: no order until it completes",
        role="warmup",
        variants=(
            _v("2025-12-22", "2025-12-22", wording=r".*trades collected"),
            _v("2025-12-23", "2026-01-01", wording=r".*L2 updates"),
            _v("2026-01-02", LAST_SNAPSHOT, wording=r".*trade observations"),
        ),
    ),
)

_PLAN_KINDS: tuple[EventKind, ...] = (
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
        role="plan_levels",
        variants=(
            _v("2026-01-02", "2026-01-09", _MM),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::reconcile", has="best_bid"),
            _v("2026-02-21", LAST_SNAPSHOT, f"{_ORCH}::reconcile", lacks="best_bid"),
        ),
    ),
    EventKind(
        name="ladder_quotes",
        level="DEBUG",
        target=_MM,
        pattern=r"Calculated ladder quotes",
        needle="Calculated ladder quotes",
        fields=(_f("bid_levels", "int"), _f("ask_levels", "int")),
        summary="the ladder a cycle planned: levels per side (best_bid/best_ask: price, size)",
        role="plan_levels",
        precedes_orders=True,
        variants=(
            _v("2025-12-27", "2026-01-09", _MM),
            _v("2026-01-10", "2026-02-08", f"{_ORCH}::quote_engine", lacks="defense_bid_mult"),
            _v("2026-02-15", LAST_SNAPSHOT, f"{_ORCH}::quote_engine", has="defense_bid_mult"),
        ),
    ),
    EventKind(
        name="quotes",
        level="DEBUG",
        target=_MM,
        pattern=r"Calculated quotes",
        needle="Calculated quotes",
        fields=(_f("bid", "str", debug=True), _f("ask", "str", debug=True)),
        summary="the single quote a cycle planned per side: Some((price, size)) or None",
        role="plan_quotes",
        precedes_orders=True,
        variants=(
            _v("2025-12-23", "2026-01-09", _MM),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::quote_engine"),
        ),
    ),
    EventKind(
        name="quote_inputs",
        level="DEBUG",
        target=_MM,
        pattern=r"Quote inputs(?: with microprice| with directional flow)?",
        needle="Quote inputs",
        fields=(
            _f("mid", "float", "USD"),
            _f("position", "float", "coins"),
            _f("max_pos", "float", "coins"),
            _f("effective_max_pos", "float", "coins"),
        ),
        summary="what a cycle's quotes were computed from: mid, position and its maximum",
        role="quote_inputs",
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
        role="mark",
        variants=(_v("2025-12-29", "2026-01-03"),),
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
        role="mark",
        variants=(_v("2025-12-29", "2026-01-03"),),
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
        name="limits_stale",
        level="WARN",
        target=f"{_MM}::strategy::ladder_strat",
        pattern=r"Exchange limits are stale - sizing may be reduced",
        needle="Exchange limits are stale",
        fields=(_f("age_ms", "int", "ms"),),
        summary="exchange limits were old: side capacity was halved or zeroed",
    ),
)

_ORDER_KINDS: tuple[EventKind, ...] = (
    EventKind(
        name="reconcile_ladder",
        level="DEBUG",
        target=_MM,
        pattern=r"Reconciling ladder",
        needle="Reconciling ladder",
        fields=(_f("side", "str"), _f("current_count", "int"), _f("new_levels", "int")),
        summary="a ladder side reconciled: orders resting (current_count) and levels wanted",
        role="reconcile",
        side_field="side",
        variants=(
            _v("2025-12-27", "2026-01-09", _MM),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::reconcile"),
        ),
    ),
    EventKind(
        name="reconcile",
        level="DEBUG",
        target=_MM,
        pattern=r"Reconciling",
        needle="Reconciling",
        fields=(
            _f("side", "str"),
            _f("current", "str", debug=True),
            _f("current_count", "int"),
            _f("current_oids", "str", debug=True),
            _f("new", "str", debug=True),
        ),
        summary="a single-quote side reconciled: the order resting (current) and the one wanted",
        role="reconcile",
        side_field="side",
        variants=(
            _v("2025-12-23", "2025-12-23", _MM, has="current"),
            _v("2025-12-24", "2026-01-09", _MM, has="current_count"),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::reconcile"),
        ),
    ),
    EventKind(
        name="placing_ladder",
        level="DEBUG",
        target=_MM,
        pattern=r"Placing ladder levels via bulk order(?: with CLOIDs)?",
        needle="Placing ladder levels",
        fields=(_f("side", "str"), _f("levels", "int")),
        summary="a side's levels sent to the exchange in one batch",
        role="placing",
        side_field="side",
        variants=(
            _v("2025-12-27", "2025-12-29", _MM, wording=r"Placing ladder levels via bulk order"),
            _v("2025-12-30", "2026-01-09", _MM, wording=r".*CLOIDs"),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::reconcile"),
        ),
    ),
    EventKind(
        name="placebulk_entering",
        level="INFO",
        target=_MM,
        pattern=r"\[PlaceBulk\] Entering place_bulk_ladder_orders",
        needle="[PlaceBulk] Entering",
        fields=(_f("side", "str"), _f("input_orders", "int")),
        summary="a side's levels on their way to the exchange (the path that logs no "
        "'Placing ladder levels' line); some may be filtered out before they are sent",
        role="placing",
        side_field="side",
        variants=(
            _v("2026-01-06", "2026-01-09", _MM),
            _v("2026-01-10", LAST_SNAPSHOT, f"{_ORCH}::reconcile"),
        ),
    ),
    EventKind(
        name="placing_bulk",
        level="INFO",
        target=f"{_MM}::infra::executor",
        pattern=r"Placing (?P<count>\d+) orders in bulk(?: with CLOIDs)?",
        needle=" orders in bulk",
        fields=(_g("count", "int"),),
        summary="a batch of orders sent to the exchange",
        role="placing_count",
    ),
    EventKind(
        name="bulk_failed",
        level="ERROR",
        target=f"{_MM}::infra::executor",
        pattern=r"Bulk order (?:request )?failed: .*|Bulk order response data is empty",
        needle="Bulk order failed: ",
        also=("Bulk order request failed: ", "Bulk order response data is empty"),
        fields=(),
        summary="a batch got no answer per order (the request or the response failed): "
        "none of its orders rests",
        role="placement_failed",
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
        name="order_resting",
        level="INFO",
        target=f"{_MM}::infra::executor",
        pattern=r"(?:Bulk order (?P<order_index>\d+) resting|Order resting): " + _ORDER_ID,
        needle=" resting: oid=",
        fields=(_g("order_index", "int"), _g("oid", "str")),
        summary="an order the bot sent rests on the book",
        role="resting",
    ),
    EventKind(
        name="order_filled_now",
        level="INFO",
        target=f"{_MM}::infra::executor",
        pattern=(
            r"(?:Bulk order (?P<order_index>\d+) filled immediately|Order filled immediately"
            r"|Modified order filled immediately): " + _ORDER_ID
        ),
        needle="filled immediately: oid=",
        fields=(_g("order_index", "int"), _g("oid", "str")),
        summary="an order the bot sent filled at once: nothing rests",
        role="filled_now",
    ),
    EventKind(
        name="side_resting",
        level="INFO",
        target=_MM,
        pattern=(
            r"(?P<order_side>BUY|SELL|Buy|Sell) (?P<size>\S+) (?P<coin>\S+) resting at "
            r"(?P<price>\S+)(?: \(margin-adjusted from \S+\))?"
        ),
        needle=" resting at ",
        fields=(_g("order_side", "str"), _g("size", "float", "coins"), _g("price", "float", "USD")),
        summary="the side of the order just sent (logged even when it filled at once)",
        role="side_resting",
        side_field="order_side",
    ),
    EventKind(
        name="order_rejected",
        level="ERROR",
        target=f"{_MM}::infra::executor",
        # Everything is in the message (no tracing fields); the groups pick out its parts.
        pattern=(
            r"(?:Bulk order (?P<order_index>\d+)|Order) rejected:"
            r"(?: asset=(?P<asset>\S+))?(?: side=(?P<order_side>\w+))?"
            r"(?: sz=(?P<sz>\S+))?(?: price=(?P<price>\S+))?(?: cloid=(?P<cloid>\S+))?"
            r"(?:.*? error=(?P<error>.*)|.*)"
        ),
        needle=" rejected: ",
        fields=(
            _g("order_index", "int"),
            _g("asset", "str"),
            _g("order_side", "str"),
            _g("sz", "float", "coins"),
            _g("price", "float", "USD"),
            _g("cloid", "str"),
            _g("error", "str"),
        ),
        summary="the exchange rejected an order",
        role="rejected",
        side_field="order_side",
    ),
    EventKind(
        name="batch_rejected",
        level="ERROR",
        target=f"{_MM}::infra::executor",
        pattern=r"\[PlaceBulk\] Batch rejected: \d+/\d+ orders failed",
        needle="[PlaceBulk] Batch rejected",
        fields=(
            _f("rejected_count", "int"),
            _f("total_count", "int"),
            _f("sample_error", "str"),
        ),
        summary="the exchange rejected a batch of orders",
        role="batch_rejected",
        variants=(_v("2026-01-09", LAST_SNAPSHOT),),
    ),
    EventKind(
        name="order_cancelled",
        level="INFO",
        target=_MM,
        pattern=(
            r"Cancelled (?:(?P<order_side>BUY|SELL) )?(?:ladder )?order: oid=(?P<oid>\d+)"
            r"|\[SafetySync\] Stale order in tracking \(not on exchange\): oid=(?P<oid>\d+)"
            r" - removing"
        ),
        needle="Cancelled ",
        also=("Stale order in tracking",),
        fields=(_g("order_side", "str"), _g("oid", "str")),
        summary="an order left the book (cancelled, or found gone)",
        role="cancelled",
        side_field="order_side",
    ),
    EventKind(
        name="order_replaced",
        level="INFO",
        target=_MM,
        pattern=(
            r"Cancelled (?:(?P<order_side>BUY|SELL) )?(?:ladder )?order for update: "
            r"oid=(?P<oid>\d+)"
            r"|Cancel confirmed for oid=(?P<oid>\d+), waiting for fill window"
        ),
        needle="order for update: oid=",
        also=("Cancel confirmed for oid",),
        fields=(_g("order_side", "str"), _g("oid", "str")),
        summary="an order cancelled to be replaced: it no longer rests (if the replacement "
        "fails, the side's window starts here, not at the failure)",
        role="cancelled",
        side_field="order_side",
    ),
    EventKind(
        name="order_filled",
        level="INFO",
        target=_MM,
        # `[Fill] bought 0.00435 BTC | oid=N | position: ..` (2025-12-24), with `tid=N` and the
        # AS/P&L tail from 2025-12-27; `[Fill] Untracked order filled: oid=N ..` (WARN).
        pattern=r"\[Fill\] .*?\boid=(?P<oid>\d+)\b.*",
        needle="[Fill] ",
        fields=(_g("oid", "str"),),
        summary="a fill of an order: a resting order that fills leaves the book (a partial fill "
        "is put back by the next reconcile's count)",
        role="gone",
    ),
    EventKind(
        name="found_resting",
        level="INFO",
        target=_MM,
        pattern=(
            r"\[MarketMaker\] Found resting (?P<order_side>BUY|SELL|Buy|Sell): "
            r"oid=(?P<oid>\d+) sz=(?P<sz>\S+) px=(?P<price>\S+)"
        ),
        needle="Found resting",
        fields=(_g("order_side", "str"), _g("oid", "str")),
        summary="an order left from a previous run, found at start-up (it rests)",
        role="found_resting",
        side_field="order_side",
        variants=(_v("2025-12-22", "2025-12-29"),),
    ),
)

_REASON_KINDS: tuple[EventKind, ...] = (
    EventKind(
        name="bids_filtered",
        level="WARN",
        target=f"{_MM}::strategy::ladder_strat",
        pattern=r"All bid levels filtered out" + _FILTERED_REASON,
        needle="All bid levels filtered out",
        fields=(_f("bids_before", "int"), *_FILTERED_FIELDS),
        summary="every bid level was sized to zero: no bid quoted this cycle",
        side="bid",
        role="reason",
        cause="sizes_filtered",
        variants=_FILTERED_VARIANTS,
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
        role="reason",
        cause="sizes_filtered",
        variants=_FILTERED_VARIANTS,
    ),
    _reason(
        "placebulk_filtered",
        r"\[PlaceBulk\] All orders filtered out - NOT PLACING ANY ORDERS",
        "[PlaceBulk] All orders filtered out",
        "sizes_filtered",
        "every order of a side's batch was under the exchange's minimum: none placed",
        fields=(_f("side", "str"), _f("input_orders", "int")),
        side_field="side",
        variants=(_v("2026-01-06", "2026-01-09", _MM), _v("2026-01-10", LAST_SNAPSHOT)),
    ),
    _reason(
        "concentrated_empty",
        r"Concentrated ladder empty: insufficient capital for min_notional",
        "Concentrated ladder empty",
        "sizes_filtered",
        "the Micro tier's one order a side is worth less than min_notional on both sides "
        "(half the effective max position, truncated to sz_decimals): no order",
        target=f"{_MM}::strategy::ladder_strat",
        fields=(
            _f("capital_tier", "str", debug=True),
            _f("effective_max_position", "float", "coins"),
            _f("min_notional", "float", "USD"),
            _f("microprice", "float", "USD"),
        ),
        variants=(_v("2026-02-15", LAST_SNAPSHOT),),
    ),
    _reason(
        "over_max_position",
        r"Over max position" + _REDUCE_ONLY_TAIL,
        "Over max position",
        "reduce_only",
        "reduce-only: the position is past max_position, the side that adds to it is cancelled",
        fields=_POSITION_FIELDS,
        side_field="cancelled",
        target=_FILTER_MODULE,
        variants=_REDUCE_ONLY_VARIANTS,
    ),
    _reason(
        "position_value_over_limit",
        r"Position value over limit" + _REDUCE_ONLY_TAIL,
        "Position value over limit",
        "reduce_only",
        "reduce-only: the position's value is past its limit",
        fields=(
            _f("position", "float", "coins"),
            _f("position_value", "float", "USD"),
            _f("limit", "float", "USD"),
        ),
        side_field="cancelled",
        target=_FILTER_MODULE,
        variants=(_v("2025-12-28", "2025-12-28", _MM), _v("2025-12-29", LAST_SNAPSHOT)),
    ),
    _reason(
        "margin_over_threshold",
        r"Margin utilization over threshold" + _REDUCE_ONLY_TAIL,
        "Margin utilization over threshold",
        "reduce_only",
        "reduce-only: margin utilisation is past its threshold",
        fields=(
            _f("position", "float", "coins"),
            _f("utilization", "float"),
            _f("threshold", "float"),
        ),
        side_field="cancelled",
        target=_FILTER_MODULE,
        variants=(_v("2026-01-03", LAST_SNAPSHOT),),
    ),
    _reason(
        "approaching_liquidation",
        r"APPROACHING LIQUIDATION" + _REDUCE_ONLY_TAIL,
        "APPROACHING LIQUIDATION",
        "reduce_only",
        "reduce-only: the position is close to liquidation",
        fields=(_f("position", "float", "coins"),),
        side_field="cancelled",
        target=_FILTER_MODULE,
        variants=(_v("2026-01-03", LAST_SNAPSHOT),),
    ),
    _reason(
        "side_blocked",
        r"Over max position \((?P<direction>LONG|SHORT)\) - (?P<cancelled>bids|asks) blocked.*",
        " blocked, ",
        "reduce_only",
        "the ladder blocks the side that adds to a position past max_position",
        level="DEBUG",
        target=f"{_MM}::strategy::ladder_strat",
        fields=_POSITION_FIELDS,
        side_field="cancelled",
    ),
    _reason(
        "safety_reduce_only",
        r"\[SafetySync\] REDUCE-ONLY MODE ACTIVE(?: \((?P<direction>long|short)\))?"
        r"(?: - (?P<detail>.*))?",
        "REDUCE-ONLY MODE ACTIVE",
        "reduce_only",
        "the safety sync found the bot in reduce-only mode",
        target=f"{_MM}::safety::auditor",
        fields=(_g("detail", "str"),),
        side_field="detail",
    ),
    _reason(
        "governor_kill_zone",
        r"InventoryGovernor: KILL zone — reduce-only mode, cancelling increasing-side",
        "InventoryGovernor: KILL zone",
        "reduce_only",
        "reduce-only: the inventory governor cancels the side that adds to the position",
        target=f"{_ORCH}::quote_engine",
        fields=_POSITION_FIELDS,
        side_field="position",
        variants=(_v("2026-02-21", LAST_SNAPSHOT),),
    ),
    _reason(
        "post_fill_reduce_only",
        r"Post-fill reduce-only: cancelling position-increasing orders",
        "Post-fill reduce-only",
        "reduce_only",
        "reduce-only after a fill: position-increasing orders cancelled",
        target=f"{_ORCH}::handlers",
        fields=(*_POSITION_FIELDS, _f("side", "str")),
        side_field="position",
        variants=(_v("2026-03-07", LAST_SNAPSHOT),),
    ),
    _reason(
        "clearing_bids",
        r"Kill-switch: clearing bids at (?:>100%|>=90%) utilization",
        "Kill-switch: clearing bids",
        "reduce_only",
        "the bids are cleared near full position utilisation",
        target=f"{_MM}::strategy::ladder_strat",
        side="bid",
        variants=(_v("2026-02-21", LAST_SNAPSHOT),),
    ),
    _reason(
        "placebulk_reduce_only",
        r"\[PlaceBulk\] Reduce-only: blocking position-increasing batch",
        "[PlaceBulk] Reduce-only",
        "reduce_only",
        "reduce-only: a position-increasing batch was blocked",
        target=f"{_ORCH}::reconcile",
        fields=(_f("side", "str"), _f("position", "float", "coins")),
        side_field="side",
        variants=(_v("2026-02-15", LAST_SNAPSHOT),),
    ),
    _reason(
        "quote_gate",
        r"Quote gate(?: \(calibrated\))?: (?P<gate>NO QUOTE|ONLY BIDS|ONLY ASKS"
        r"|cascade detected, pulling quotes|toxic flow predicted, pulling quotes"
        r"|CRITICAL Hawkes excitation, pulling quotes|regime change CONFIRMED, pulling quotes"
        r"|cascade via OI drop)(?P<rest>.*)",
        "Quote gate",
        "quote_gate",
        "the quote gate pulled quotes (both sides, or one side with ONLY BIDS / ONLY ASKS)",
        level="INFO",
        target=f"{_MM}::control::quote_gate",
        fields=(_g("gate", "str"), _f("reason", "str")),
        side_field="gate",
        variants=(_v("2026-01-24", "2026-02-15"),),
    ),
    _reason(
        "quotes_pulled",
        r"Changepoint confirmed, pulling quotes|HIP-3 OI cap reached, skipping quotes"
        r"|In cooldown, skipping quote cycle|Decision engine: not quoting"
        r"|EDGE KILL: consistently negative realized edge, pausing quotes"
        r"|Skipping quote cycle: ALL levels filtered by BBO crossing"
        r"|Risk overlay: kill switch — cancelling ALL quotes",
        "pulling quotes",
        "quote_gate",
        "a gate pulled or skipped the cycle's quotes",
        level="INFO",
        fields=(_f("reason", "str"),),
        also=(
            "skipping quotes",
            "skipping quote cycle",
            "Decision engine: not quoting",
            "pausing quotes",
            "ALL levels filtered by BBO",
            "cancelling ALL quotes",
        ),
        variants=(_v("2025-12-30", LAST_SNAPSHOT),),
    ),
    _reason(
        "stale_data",
        r"STALE DATA CRITICAL: pulling all quotes"
        r"|Skipping quote cycle: L2 book data too stale for safe order placement",
        "STALE DATA CRITICAL",
        "stale_data",
        "market data too old: every quote pulled",
        also=("L2 book data too stale",),
        target=f"{_ORCH}::quote_engine",
        fields=(_f("book_age_ms", "int", "ms"),),
        variants=(_v("2026-02-15", LAST_SNAPSHOT),),
    ),
)

# Lines a sizing path logs every cycle a side has levels: seen once in a session, they show
# which path sized its ladder (and date it). Absence proves nothing: a log may hold only some
# of the bot's targets or levels.
_STRAT = f"{_MM}::strategy::ladder_strat"
_MARK_KINDS: tuple[EventKind, ...] = (
    EventKind(
        name="entropy_applied",
        level="INFO",
        target=_STRAT,
        pattern=r"Entropy optimizer applied to (?:bids|asks)",
        needle="Entropy optimizer applied to ",
        fields=(_f("entropy", "float"), _f("active_levels", "int")),
        summary="the entropy optimizer sized a side on the legacy path (2026-01-04 on)",
        role="mark",
        variants=(_v("2026-01-04", LAST_SNAPSHOT),),
    ),
    EventKind(
        name="tick_grid_ladder",
        level="INFO",
        target=_STRAT,
        pattern=r"Tick-grid ladder: utility-weighted softmax allocation",
        needle="Tick-grid ladder: ",
        fields=(_f("bid_levels", "int"), _f("ask_levels", "int")),
        summary="the tick grid sized the ladder (2026-02-17 on; logged from 2026-02-21)",
        role="mark",
        variants=(_v("2026-02-21", LAST_SNAPSHOT),),
    ),
)
MARKS: dict[str, str] = {
    "optimizer_bids": "legacy",
    "optimizer_asks": "legacy",
    "entropy_applied": "legacy",
    "tick_grid_ladder": "tick_grid",
}
"""Each mark and the sizing path (`SizingVersion.ladder`) it shows ran."""

KINDS: tuple[EventKind, ...] = (
    *_SESSION_KINDS,
    *_WARMUP_KINDS,
    *_PLAN_KINDS,
    *_ORDER_KINDS,
    *_REASON_KINDS,
    *_MARK_KINDS,
)

# Spans the bot opens, with their fields: Compact prints span fields after the event's own,
# unmarked, so knowing them tells the two apart. The quote loop runs in `quote_cycle{asset}`.
KNOWN_SPAN_FIELDS: dict[str, frozenset[str]] = {"quote_cycle": frozenset({"asset"})}

OTHER = "other"
BY_NAME: dict[str, EventKind] = {kind.name: kind for kind in KINDS}
KIND_NAMES: tuple[str, ...] = (*BY_NAME, OTHER)
_COMPILED = tuple((kind, regex.compile(kind.pattern, regex.DOTALL)) for kind in KINDS)


def _exact_messages() -> dict[str, EventKind]:
    """Kinds whose message is one fixed text, by that text: most of a log's lines are found
    with one lookup instead of a regex per kind."""
    exact: dict[str, EventKind] = {}
    for kind in KINDS:
        unescaped = regex.sub(r"\\.", "", kind.pattern)
        if regex.search(r"[()\[\]|?*+{}^$.]", unescaped) is None:
            exact.setdefault(regex.sub(r"\\(.)", r"\1", kind.pattern), kind)
    return exact


_EXACT = _exact_messages()


def exact_messages() -> dict[str, EventKind]:
    """The kinds whose message is one fixed text, by that text."""
    return dict(_EXACT)


def match_message(message: str) -> tuple[EventKind | None, dict[str, str]]:
    """The kind whose pattern matches the whole message, and the text of its named groups."""
    exact = _EXACT.get(message)
    if exact is not None:
        return exact, {}
    for kind, compiled in _COMPILED:
        if not kind.holds_needle(message):
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
        if kind.holds_needle(text) and compiled.match(text) is not None:
            return kind
    return None


_BID_WORDS = frozenset({"buy", "bid", "bids", "b", "long", "only asks"})
_ASK_WORDS = frozenset({"sell", "ask", "asks", "a", "short", "only bids"})


def side_word(text: str) -> Side | None:
    """`BUY`, `Buy`, `bids`: bid; `SELL`, `asks`: ask. A position direction names the side that
    adds to it (`long`: bids; `short`: asks), and a gate that keeps one side pulls the other."""
    word = text.strip().strip('"').lower()
    if word in _BID_WORDS:
        return "bid"
    if word in _ASK_WORDS:
        return "ask"
    head = word.split(":", 1)[0].split(" ", 1)[0]
    if head in _BID_WORDS:
        return "bid"
    if head in _ASK_WORDS:
        return "ask"
    return None


def side_of(kind: EventKind | None, fields: Mapping[str, object]) -> Side | None:
    """The book side an event is about, where it is about one."""
    if kind is None:
        return None
    if kind.side is not None:
        return kind.side
    if kind.side_field is None:
        return None
    value = fields.get(kind.side_field)
    if kind.side_field == "position":
        signed = number(value)
        if signed is None or signed == 0:
            return None
        return "bid" if signed > 0 else "ask"
    return side_word(value) if isinstance(value, str) else None


def number(value: object) -> float | None:
    """A field's value as a number: a number as is, a Display text (`"-0.094870"`, with or
    without Debug quotes) parsed; anything else (a boolean, a word) is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip('"'))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=4096)
def release_range(
    kind_name: str, target: str | None, message: str | None, fields: frozenset[str]
) -> tuple[str, str] | None:
    """The snapshot dates of the call sites an event can come from (first of the earliest,
    last of the latest), or None when its kind dates nothing."""
    kind = BY_NAME.get(kind_name)
    if kind is None or not kind.variants:
        return None
    found = [v for v in kind.variants if _fits(v, target, message, fields)]
    if not found:
        return None
    return min(v.first for v in found), max(v.last for v in found)


def _fits(
    variant: Variant, target: str | None, message: str | None, fields: frozenset[str]
) -> bool:
    if variant.target is not None and target is not None and target != variant.target:
        return False
    worded = variant.wording is not None and message is not None
    if worded and regex.fullmatch(str(variant.wording), str(message), regex.DOTALL) is None:
        return False
    if variant.has is not None and variant.has not in fields:
        return False
    return variant.lacks is None or variant.lacks not in fields


def worded_kinds() -> frozenset[str]:
    """Kinds whose variants differ by wording: only for these does the message date an event."""
    return frozenset(k.name for k in KINDS if any(v.wording for v in k.variants))


# The exchange's error texts, by the cause they point to (first match wins). Hyperliquid's
# wording, as the bot logs it after `error=` (or in a batch's `sample_error`).
REJECTION_CAUSES: tuple[tuple[str, str], ...] = (
    (r"maximum position", "max_position_rejected"),
    (r"invalid size", "invalid_size_rejected"),
    (r"minimum value|min(?:imum)? notional", "min_notional_rejected"),
    (r"margin", "margin_rejected"),
)
_REJECTION_COMPILED = tuple(
    (regex.compile(pattern, regex.IGNORECASE), cause) for pattern, cause in REJECTION_CAUSES
)


def rejection_cause(error: str | None) -> str:
    """The cause an exchange error points to; `unknown` when mmdiag does not classify it."""
    if error:
        for compiled, cause in _REJECTION_COMPILED:
            if compiled.search(error):
                return cause
    return "unknown"


# How a report names the lines of each kind that back an incident ({side}: bid or ask).
_EVIDENCE: dict[str, str] = {
    "bids_filtered": "All bid levels filtered out warnings",
    "asks_filtered": "All ask levels filtered out warnings",
    "placebulk_filtered": "[PlaceBulk] All orders filtered out warnings",
    "concentrated_empty": "Concentrated ladder empty warnings",
    "over_max_position": "Over max position ... reduce-only mode warnings",
    "position_value_over_limit": "Position value over limit ... reduce-only mode warnings",
    "margin_over_threshold": "Margin utilization over threshold ... reduce-only mode warnings",
    "approaching_liquidation": "APPROACHING LIQUIDATION ... reduce-only mode warnings",
    "side_blocked": "Over max position ... {side}s blocked lines",
    "safety_reduce_only": "[SafetySync] REDUCE-ONLY MODE ACTIVE warnings",
    "governor_kill_zone": "InventoryGovernor: KILL zone warnings",
    "post_fill_reduce_only": "Post-fill reduce-only warnings",
    "clearing_bids": "Kill-switch: clearing bids warnings",
    "placebulk_reduce_only": "[PlaceBulk] Reduce-only warnings",
    "quote_gate": "Quote gate lines",
    "quotes_pulled": "lines pulling or skipping the quotes",
    "stale_data": "stale-data lines pulling the quotes",
    "warmup": "Warmup incomplete warnings",
    "warming_up": "Warming up lines",
    "quote_cycle": "quote cycles with no {side} level",
    "ladder_quotes": "Calculated ladder quotes with no {side} level",
    "quotes": "Calculated quotes with no {side} quote",
    "reconcile": "Reconciling lines with no {side} order resting",
    "reconcile_ladder": "Reconciling ladder lines with no {side} order resting",
    "order_cancelled": "order lines leaving no {side} order",
    "order_replaced": "cancels confirmed leaving no {side} order",
    "order_filled": "fills leaving no {side} order",
}
_REJECTION_EVIDENCE: dict[str, str] = {
    "max_position_rejected": "orders rejected for exceeding the maximum position",
    "invalid_size_rejected": "orders rejected for an invalid size",
    "min_notional_rejected": "orders rejected under the minimum notional",
    "margin_rejected": "orders rejected for insufficient margin",
    "unknown": "orders rejected by the exchange",
}


@lru_cache(maxsize=1024)
def evidence_text(kind_name: str, cause: str | None, side: str) -> str:
    """The name of an incident's evidence lines of one kind (and cause, for rejections)."""
    if kind_name in ("order_rejected", "batch_rejected"):
        text = _REJECTION_EVIDENCE.get(cause or "unknown", _REJECTION_EVIDENCE["unknown"])
        return text if kind_name == "order_rejected" else f"[PlaceBulk] batches: {text}"
    if cause == "position_limit":
        return f"{_EVIDENCE.get(kind_name, kind_name)} at the position limit".format(side=side)
    return _EVIDENCE.get(kind_name, f"{kind_name} lines").format(side=side)
