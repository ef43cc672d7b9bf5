"""Simulated runs of three other releases of the bot, each in its own vocabulary.

`mmdiag.simulate` writes the release of 2026-01-02 (`Quote cycle complete`, `Bulk order placed`).
This module writes three others, with the messages, targets, field names and value formats of
the bot's real logs (`../shared/reference/real/`, `../shared/reference/VOCABULARY.md`):

- `glft` (2025-12-24): one quote a side. Each cycle logs `Quote inputs with microprice`,
  `Calculated quotes` (`Some((price, size))` or `None` a side) and a `Reconciling` line a side;
  orders are `Order resting: oid=N` then `BUY 0.00435 BTC resting at 87426`, replaced after
  `Cancelled BUY order for update: oid=N`, cancelled by `Cancelled BUY order: oid=N`. A side's
  quote is `None` while the position leaves no room on it (position at max_pos): no warning.
- `ladder` (2025-12-28): `Calculated ladder quotes`, `Reconciling ladder` a side; a side is
  replaced with `Cancel confirmed for oid=N, waiting for fill window` per order, `Placing ladder
  levels via bulk order`, `Placing 5 orders in bulk` and one `Bulk order I resting/rejected`
  line per order. Every BUY is rejected (`Order would exceed maximum position size ...`) once
  the position reaches the exchange's cap; the kill switch stops the bot when the position's
  value passes its limit.
- `orchestrator` (2026-01-24 .. 2026-02-08): the same ladder messages from the
  `orchestrator::{event_loop,quote_engine,reconcile,recovery}` modules, `Quote cycle complete`
  with best_bid/best_ask, `Order resting: oid=N cloid=0x...`; past max_position the bot logs
  `Over max position (short) - reduce-only mode, cancelling asks` (`quoting::filter`) every
  cycle and quotes no ask until the position is back under it.
- `filtered` (2026-01-16): the orchestrator's lines; a side whose capacity (max_position less
  the position), truncated to sz_decimals, is worth less than min_notional at the microprice
  gets `All bid levels filtered out (total size below min_notional)` (`strategy::ladder_strat`)
  and no level: no concentration fallback can place it.
- `micro` (2026-02-15, capital tiers): capital auto-derived from the account (`Starting market
  maker (None values will be auto-derived)`, `No capital_usd specified, using 10% of account
  value`); the Micro tier's concentrated ladder (one order a side, ladder_strat.rs@7408ba2:579)
  sizes a side at half the effective max position, raised to min_notional / microprice and
  truncated to sz_decimals: under min_notional on both sides, the bot logs `Concentrated ladder
  empty: insufficient capital for min_notional`, plans no level and places nothing.

The incidents are not placed: they follow from the scenario's fills (position against the
limits). Deterministic for a given seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, TextIO

from mmdiag.samplelog import SampleEvent, SampleField, write_events, write_events_file

Era = Literal["glft", "ladder", "orchestrator", "filtered", "micro"]
Side = Literal["bid", "ask"]
FillKind = Literal["resting", "replaced", "partial"]
SIDES: tuple[Side, ...] = ("bid", "ask")
ORDER_SIDE: dict[Side, str] = {"bid": "BUY", "ask": "SELL"}
VERB: dict[Side, str] = {"bid": "bought", "ask": "sold"}

MM = "hyperliquid_rust_sdk::market_maker"
ORCH = f"{MM}::orchestrator"
MAX_POSITION_ERROR = (
    "Order would exceed maximum position size for current leverage. "
    "Reduce leverage to increase maximum position size. asset=3"
)
Quote = tuple[float, float]
"""(price, size) of one order or level."""


@dataclass(frozen=True)
class Fill:
    """A fill the exchange reports at `at_s` (seconds from the scenario's start).

    `resting`: the side's resting order (the best one for a ladder) fills and leaves the book.
    `replaced`: an order just cancelled for an update had filled (single-quote era: `[Fill]
    Untracked order filled`); the side's current order still rests. `partial`: part of the
    side's best order fills; it still rests."""

    at_s: float
    side: Side
    size: float
    kind: FillKind = "resting"


@dataclass(frozen=True)
class EraScenario:
    """One session of the bot, from its start line to its stop (a shutdown or the kill switch)."""

    name: str
    era: Era
    start: datetime
    end_s: float
    """The shutdown signal, unless the kill switch stops the bot first."""
    fills: tuple[Fill, ...] = ()
    warmup_s: float = 45.0
    """The first quote cycle, after the start-up lines and the warm-up."""
    price: float = 87_500.0
    max_position: float = 0.05
    """The bot's own limit: max_pos (GLFT, ladder) or max_position (reduce-only)."""
    exchange_cap: float | None = None
    """Ladder: from this position on, the exchange rejects every BUY (max position)."""
    kill_value: float | None = None
    """The kill switch's max position value (USD): the bot stops once position x mid is over."""
    rally_from_s: float | None = None
    rally_per_s: float = 0.0
    """A steady move of the mid (USD a second) from `rally_from_s` on."""
    cycle_s: tuple[float, float] = (1.0, 3.0)
    """Pause between two quote cycles (uniform, seconds)."""
    noise: float = 3.0
    """The mid's noise (USD, one cycle's step)."""
    seed: int = 11
    asset: str = "BTC"
    account_value: float = 0.0
    """Micro: the account (USD) whose 10% is the capital the bot derives."""


@dataclass(frozen=True)
class Targets:
    """The module each kind of line is logged from, in one release."""

    loop: str
    quotes: str
    reconcile: str
    executor: str
    warmup: str
    fills: str
    filter: str
    recovery: str
    auditor: str


_DECEMBER = Targets(MM, MM, MM, f"{MM}::executor", MM, MM, MM, MM, MM)
_ORCHESTRATOR = Targets(
    loop=f"{ORCH}::event_loop",
    quotes=f"{ORCH}::quote_engine",
    reconcile=f"{ORCH}::reconcile",
    executor=f"{MM}::infra::executor",
    warmup=f"{MM}::messages::trades",
    fills=f"{MM}::fills::processor",
    filter=f"{MM}::quoting::filter",
    recovery=f"{ORCH}::recovery",
    auditor=f"{MM}::safety::auditor",
)
TARGETS: dict[Era, Targets] = {
    "glft": _DECEMBER,
    "ladder": _DECEMBER,
    "orchestrator": _ORCHESTRATOR,
    "filtered": _ORCHESTRATOR,
    "micro": _ORCHESTRATOR,
}
LADDER_STRAT = f"{MM}::strategy::ladder_strat"
MIN_NOTIONAL = 10.0
"""The exchange's minimum order value (USD), the bot's `config.min_notional`."""
SZ_DECIMALS = 5
"""BTC's size decimals on Hyperliquid."""


def events(scenario: EraScenario) -> Iterator[SampleEvent]:
    """Every event of the scenario, in time order."""
    sim = _ERAS[scenario.era](scenario)
    yield from sim.run()


def write(scenario: EraScenario, layout: str, out: TextIO) -> int:
    """Write the scenario's log in one layout; returns the number of records."""
    return write_events(events(scenario), layout, out)


def write_file(scenario: EraScenario, layout: str, path: Path) -> int:
    return write_events_file(events(scenario), layout, path)


# Values as the bot's `tracing` fields and `format!` holes print them.


def debug_f64(value: float) -> str:
    """Rust's `{:?}` of an f64 (and a bare f64 field): `87426.0`, `0.00435`. Python's repr
    is the same shortest round-trip form for the magnitudes these logs hold (not below 1e-4,
    where Python writes `1e-05` and Rust `1e-5`)."""
    return repr(float(value))


def display_f64(value: float) -> str:
    """Rust's `{}` of an f64: like Debug, without a `.0` on whole numbers (`87426`)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def some(quote: Quote | None) -> str:
    """Debug of an `Option<(f64, f64)>`: `Some((87426.0, 0.00435))` or `None`."""
    if quote is None:
        return "None"
    return f"Some(({debug_f64(quote[0])}, {debug_f64(quote[1])}))"


def num(name: str, value: float | int) -> SampleField:
    """A bare numeric field: a JSON number."""
    text = str(value) if isinstance(value, int) else debug_f64(value)
    return SampleField(name, text, "num")


def text(name: str, value: str) -> SampleField:
    """A `%` Display or `?` Debug field: a JSON string."""
    return SampleField(name, value, "str")


def flag(name: str, value: bool) -> SampleField:
    return SampleField(name, "true" if value else "false", "bool")


class _Sim:
    """One session: a clock, the mid, the position and the fills still to come."""

    strategy = "LadderGLFT"

    def __init__(self, scenario: EraScenario) -> None:
        self.s = scenario
        self.rng = random.Random(scenario.seed)
        self.tg = TARGETS[scenario.era]
        self.t = 0.0
        self.mid = scenario.price
        self.wobble = 0.0
        self.position = 0.0
        self.pending = sorted(scenario.fills, key=lambda f: f.at_s)
        self.filled = 0
        self.next_oid = 45_550_600_000 + self.rng.randrange(100_000)

    # The clock and the lines.

    def at(self, level: str, target: str, message: str, *fields: SampleField) -> SampleEvent:
        """The next line, a fraction of a millisecond after the previous one."""
        self.t += self.rng.uniform(0.00008, 0.0006)
        moment = self.s.start + timedelta(seconds=self.t)
        return SampleEvent(moment, level, target, message, tuple(fields))

    def wait(self, low: float, high: float) -> None:
        self.t += self.rng.uniform(low, high)

    def oid(self, batch: int = 1) -> int:
        """A new order id: the exchange numbers a batch's orders one after another."""
        self.next_oid += self.rng.randint(1, 900)
        first = self.next_oid
        self.next_oid += batch - 1
        return first

    # The session.

    def run(self) -> Iterator[SampleEvent]:
        yield from self.startup()
        yield from self.warming()
        next_sync = self.t + 60.0
        while self.t < self.s.end_s:
            self.move_mid()
            yield from self.due_fills()
            yield from self.cycle()
            reason = self.kill_reason()
            if reason is not None:
                yield from self.stop(reason)
                return
            if self.t >= next_sync:
                yield from self.safety_sync()
                next_sync += 60.0
            self.wait(*self.s.cycle_s)
        yield from self.stop(None)

    def startup(self) -> Iterator[SampleEvent]:
        loop = self.tg.loop
        yield self.at(
            "INFO", loop, f"Market maker started for {self.s.asset} with {self.strategy} strategy"
        )
        yield self.at("INFO", loop, "Warming up parameter estimator...")

    def warming(self) -> Iterator[SampleEvent]:
        """The warm-up's progress line, then nothing until the first cycle."""
        self.wait(0.2, 0.25)
        yield self.at("INFO", self.tg.warmup, self.warmup_progress())
        self.t = self.s.warmup_s

    def warmup_progress(self) -> str:
        return "Warming up: 21/10 volume ticks, 0/5 L2 updates"

    def move_mid(self) -> None:
        s = self.s
        trend = 0.0
        if s.rally_from_s is not None and self.t > s.rally_from_s:
            trend = s.rally_per_s * (self.t - s.rally_from_s)
        self.wobble = 0.7 * self.wobble + self.rng.gauss(0.0, s.noise)
        self.mid = round((s.price + trend + self.wobble) * 2) / 2

    def due_fills(self) -> Iterator[SampleEvent]:
        while self.pending and self.pending[0].at_s <= self.t:
            fill = self.pending.pop(0)
            self.position += fill.size if fill.side == "bid" else -fill.size
            self.filled += 1
            yield from self.fill_lines(fill)

    def kill_reason(self) -> str | None:
        """The kill switch's reason, once the position's value is over its limit."""
        limit, value = self.s.kill_value, abs(self.position) * self.mid
        if limit is None or value <= limit:
            return None
        return f"Max position value exceeded: ${value:.2f} > ${limit:.2f}"

    def safety_sync(self) -> Iterator[SampleEvent]:
        """The minutely check of the bot's orders against the exchange's."""
        yield self.at("DEBUG", self.tg.recovery, "Running safety sync...")
        self.wait(0.2, 0.3)
        count = self.resting()
        message = f"[SafetySync] State in sync: {count} active orders (exchange matches local)"
        yield self.at("DEBUG", self.tg.auditor, message)

    target_share = 0.5
    """The target liquidity, as a share of max_pos, the quote inputs log."""

    def inputs(self) -> SampleEvent:
        s = self.s
        return self.at(
            "DEBUG",
            MM,
            "Quote inputs with microprice",
            num("mid", self.mid),
            text("microprice", self.microprice()),
            num("position", self.position),
            num("max_pos", s.max_position),
            num("target_liq", s.max_position * self.target_share),
            *self.estimator_fields(),
        )

    def microprice(self) -> str:
        return f"{self.mid + self.rng.gauss(0.0, 12.0):.4f}"

    def estimator_fields(self) -> tuple[SampleField, ...]:
        """The quote inputs after the position's: the estimator's state (noise)."""
        rng = self.rng
        return (
            text("sigma_clean", f"{rng.uniform(0.000105, 0.000118):.6f}"),
            text("sigma_effective", f"{rng.uniform(0.000115, 0.000140):.6f}"),
            text("kappa", f"{rng.uniform(2500, 6500):.2f}"),
            text("jump_ratio", f"{rng.uniform(1.0, 1.6):.2f}"),
            flag("is_toxic", False),
            text("beta_book", f"{rng.uniform(-0.004, 0.004):.6f}"),
            text("beta_flow", f"{rng.uniform(-0.02, 0.02):.6f}"),
            text("book_imbalance", f"{rng.uniform(0.05, 0.25):.2f}"),
            text("liq_gamma_mult", "1.00"),
        )

    def fill_message(self, fill: Fill, oid: int) -> str:
        """`[Fill] bought 0.01795 BTC | oid=N tid=N | position: 0.01795 | AS: ..bps | P&L: $..`"""
        tid = self.rng.randrange(10**14, 10**15)
        pnl = self.rng.uniform(-0.2, 0.6)
        return (
            f"[Fill] {VERB[fill.side]} {display_f64(fill.size)} {self.s.asset} | oid={oid} "
            f"tid={tid} | position: {display_f64(self.position)} | "
            f"AS: {self.rng.uniform(0, 1.2):.2f}bps | P&L: ${pnl:.2f}"
        )

    # Each era's own lines.

    def resting(self) -> int:
        raise NotImplementedError

    def cycle(self) -> Iterator[SampleEvent]:
        raise NotImplementedError

    def fill_lines(self, fill: Fill) -> Iterator[SampleEvent]:
        raise NotImplementedError

    def stop(self, kill_reason: str | None) -> Iterator[SampleEvent]:
        raise NotImplementedError


class _Glft(_Sim):
    """2025-12-24: one quote a side, GLFT strategy."""

    strategy = "GLFT"

    def __init__(self, scenario: EraScenario) -> None:
        super().__init__(scenario)
        self.book: dict[Side, tuple[int, float] | None] = {"bid": None, "ask": None}
        self.replaced: dict[Side, int | None] = {"bid": None, "ask": None}
        self.size = math.floor(scenario.max_position / 2 * 1e5) / 1e5

    def resting(self) -> int:
        return sum(order is not None for order in self.book.values())

    def safety_sync(self) -> Iterator[SampleEvent]:
        """Left out: this release's `[SafetySync] State in sync` wording is not the same in its
        source snapshot (`{} orders (exchange matches local)`) and its real log (`{} orders on
        both sides`)."""
        return iter(())

    def cycle(self) -> Iterator[SampleEvent]:
        yield self.inputs()
        quotes = {side: self.quote(side) for side in SIDES}
        yield self.at(
            "DEBUG",
            MM,
            "Calculated quotes",
            text("bid", some(quotes["bid"])),
            text("ask", some(quotes["ask"])),
        )
        for side in SIDES:
            yield from self.reconcile(side, quotes[side])

    def quote(self, side: Side) -> Quote | None:
        """The side's quote, or None when an order of `size` would pass max_pos."""
        signed = self.position if side == "bid" else -self.position
        if signed + self.size > self.s.max_position + 1e-12:
            return None
        skew = self.position / self.s.max_position * 6.0
        half = 26.0 + self.rng.uniform(-3.0, 3.0)
        price = self.mid - half - skew if side == "bid" else self.mid + half - skew
        return float(round(price)), self.size

    def reconcile(self, side: Side, quote: Quote | None) -> Iterator[SampleEvent]:
        order = self.book[side]
        oids = f"[{order[0]}]" if order is not None else "[]"
        yield self.at(
            "DEBUG",
            MM,
            "Reconciling",
            text("side", ORDER_SIDE[side]),
            num("current_count", int(order is not None)),
            text("current_oids", oids),
            text("new", some(quote)),
        )
        if quote is None:
            if order is not None:
                self.wait(0.35, 0.6)
                yield self.at("INFO", MM, f"Cancelled {ORDER_SIDE[side]} order: oid={order[0]}")
                self.book[side] = None
            return
        if order is not None and abs(order[1] - quote[0]) < 4.0:
            return
        yield from self.place(side, quote, order)

    def place(
        self, side: Side, quote: Quote, order: tuple[int, float] | None
    ) -> Iterator[SampleEvent]:
        if order is not None:
            self.wait(0.35, 0.7)
            message = f"Cancelled {ORDER_SIDE[side]} order for update: oid={order[0]}"
            yield self.at("INFO", MM, message)
            self.replaced[side] = order[0]
        self.wait(0.8, 1.3)
        oid = self.oid()
        yield self.at("INFO", self.tg.executor, f"Order resting: oid={oid}")
        price, size = quote
        message = f"{ORDER_SIDE[side]} {display_f64(size)} {self.s.asset} resting at "
        yield self.at("INFO", MM, message + display_f64(price))
        self.book[side] = (oid, price)

    def fill_lines(self, fill: Fill) -> Iterator[SampleEvent]:
        size = f"{VERB[fill.side]} {display_f64(fill.size)} {self.s.asset}"
        order = self.book[fill.side]
        if fill.kind == "resting" and order is not None:
            self.book[fill.side] = None
            message = f"[Fill] {size} | oid={order[0]} | position: {display_f64(self.position)}"
            yield self.at("INFO", MM, message)
        else:
            oid = self.replaced[fill.side] or self.oid()
            yield self.at("WARN", MM, f"[Fill] Untracked order filled: oid={oid} {size}")

    def stop(self, kill_reason: str | None) -> Iterator[SampleEvent]:
        yield self.at("INFO", MM, "Shutdown signal received")
        yield self.at("INFO", MM, "Cancelling all resting orders...")
        for side in SIDES:
            order = self.book[side]
            if order is not None:
                self.wait(0.4, 0.6)
                yield self.at("INFO", MM, f"Cancelled order: oid={order[0]}")
        yield self.at("INFO", MM, "Market maker stopped.")


# A ladder's levels: depth from the best level (USD) and size (coins), best first.
LADDER_DEPTHS = (0.0, 21.0, 70.0, 179.0, 421.0)
LADDER_SIZES = (0.01795, 0.01796, 0.00886, 0.00408, 0.00184)


class _Ladder(_Sim):
    """2025-12-28: five levels a side, placed in bulk; the kill switch."""

    target_share = 0.4

    def __init__(self, scenario: EraScenario) -> None:
        super().__init__(scenario)
        self.book: dict[Side, list[tuple[int, float]]] = {"bid": [], "ask": []}
        """Each side's resting orders, best first: (oid, size)."""
        self.placed: dict[Side, float | None] = {"bid": None, "ask": None}

    def resting(self) -> int:
        return sum(len(oids) for oids in self.book.values())

    def cycle(self) -> Iterator[SampleEvent]:
        yield self.inputs()
        ladder = {side: self.levels(side) for side in SIDES}
        yield self.at(
            "DEBUG",
            self.tg.quotes,
            "Calculated ladder quotes",
            num("bid_levels", len(ladder["bid"])),
            num("ask_levels", len(ladder["ask"])),
            text("best_bid", some(ladder["bid"][0] if ladder["bid"] else None)),
            text("best_ask", some(ladder["ask"][0] if ladder["ask"] else None)),
        )
        for side in SIDES:
            yield from self.reconcile(side, ladder[side])

    def levels(self, side: Side) -> list[Quote]:
        skew = self.position / self.s.max_position * 4.0
        best = self.mid - 15.0 - skew if side == "bid" else self.mid + 15.0 - skew
        sign = -1.0 if side == "bid" else 1.0
        return [
            (float(round(best + sign * depth)), size)
            for depth, size in zip(LADDER_DEPTHS, LADDER_SIZES, strict=True)
        ]

    def reconcile(self, side: Side, levels: list[Quote]) -> Iterator[SampleEvent]:
        book = self.book[side]
        yield self.at(
            "DEBUG",
            self.tg.reconcile,
            "Reconciling ladder",
            text("side", ORDER_SIDE[side]),
            num("current_count", len(book)),
            num("new_levels", len(levels)),
        )
        placed = self.placed[side]
        if len(book) == len(levels) and placed is not None and abs(placed - levels[0][0]) < 3:
            return
        for oid, _ in self.rng.sample(book, len(book)):
            self.wait(0.35, 0.65)
            yield self.at("INFO", MM, f"Cancel confirmed for oid={oid}, waiting for fill window")
        book.clear()
        yield from self.place(side, levels)

    def place(self, side: Side, levels: list[Quote]) -> Iterator[SampleEvent]:
        yield self.at(
            "DEBUG",
            MM,
            "Placing ladder levels via bulk order",
            text("side", ORDER_SIDE[side]),
            num("levels", len(levels)),
        )
        yield self.at("INFO", self.tg.executor, f"Placing {len(levels)} orders in bulk")
        self.wait(0.85, 1.2)
        first = self.oid(len(levels))
        for index, (price, size) in enumerate(levels):
            yield self.result(side, index, (price, size), first + index)
        self.placed[side] = levels[0][0]

    def result(self, side: Side, index: int, level: Quote, oid: int) -> SampleEvent:
        """The exchange's answer to one order of a batch: resting, or rejected past its cap."""
        cap = self.s.exchange_cap
        price, size = level
        if side == "bid" and cap is not None and self.position >= cap:
            return self.at(
                "ERROR",
                self.tg.executor,
                f"Bulk order {index} rejected: asset={self.s.asset} side=BUY "
                f"sz={display_f64(size)} price={display_f64(price)} error={MAX_POSITION_ERROR}",
            )
        self.book[side].append((oid, size))
        return self.at("INFO", self.tg.executor, f"Bulk order {index} resting: oid={oid}")

    def fill_lines(self, fill: Fill) -> Iterator[SampleEvent]:
        """A resting order fills (the one of the fill's size, else the best); a whole fill
        takes it off the book, a partial one leaves it resting."""
        book = self.book[fill.side]
        if not book:
            yield self.at("INFO", self.tg.fills, self.fill_message(fill, self.oid()))
            return
        index = next((i for i, (_, size) in enumerate(book) if size == fill.size), 0)
        oid = book[index][0]
        if fill.kind == "resting":
            book.pop(index)
        yield self.at("INFO", self.tg.fills, self.fill_message(fill, oid))

    def stop(self, kill_reason: str | None) -> Iterator[SampleEvent]:
        if kill_reason is not None:
            yield self.at("WARN", MM, f"Kill switch condition detected: {kill_reason}")
            yield self.at("ERROR", MM, f'KILL SWITCH TRIGGERED: ["{kill_reason}"]')
        else:
            yield self.at("INFO", MM, "Shutdown signal received")
        yield self.at("INFO", MM, "=== GRACEFUL SHUTDOWN INITIATED ===")
        yield from self.summaries(kill_reason)
        resting = [oid for side in SIDES for oid, _ in self.book[side]]
        yield self.at("INFO", MM, f"Cancelling {len(resting)} resting orders...")
        for oid in resting:
            self.wait(0.3, 0.7)
            yield self.at("INFO", MM, f"Cancelled order: oid={oid}")
        yield self.at(
            "INFO", MM, "All orders cancelled successfully", num("cancelled", len(resting))
        )
        yield self.at("INFO", MM, "=== GRACEFUL SHUTDOWN COMPLETE ===")
        yield self.at("INFO", MM, "Market maker stopped.")

    def summaries(self, kill_reason: str | None) -> Iterator[SampleEvent]:
        """The graceful shutdown's report: position, kill switch, adverse selection, cascades."""
        where = self.tg.recovery
        yield self.at(
            "INFO",
            where,
            "Final position state",
            text("position", f"{self.position:.6f}"),
            text("mid_price", f"{self.mid:.2f}"),
            text("position_value", f"${abs(self.position) * self.mid:.2f}"),
        )
        if kill_reason is not None:
            reasons = text("reasons", f'["{kill_reason}"]')
            yield self.at("WARN", where, "Kill switch was triggered during session", reasons)
        else:
            yield self.at(
                "INFO",
                where,
                "Kill switch was NOT triggered",
                text("daily_pnl", f"${self.rng.uniform(0.5, 4.0):.2f}"),
                text("max_drawdown", "0.1%"),
            )
        yield self.at(
            "INFO",
            where,
            "Adverse selection summary",
            num("fills_measured", self.filled),
            text("realized_as_bps", f"{self.rng.uniform(0.2, 0.8):.4f}"),
            text("spread_adjustment_bps", f"{self.rng.uniform(0.4, 1.6):.4f}"),
        )
        yield self.at(
            "INFO",
            where,
            "Liquidation cascade summary",
            num("total_liquidations", 0),
            text("cascade_severity", "0.00"),
        )


# The orchestrator releases' ladder: smaller, five levels summing to max_position.
ORCH_DEPTHS = (0.0, 9.0, 22.0, 41.0, 68.0)
ORCH_SIZES = (0.0145, 0.0118, 0.01, 0.008, 0.0057)


class _Orchestrator(_Ladder):
    """2026-01-24 .. 2026-02-08: orchestrator modules, CLOIDs, reduce-only from quoting::filter."""

    def __init__(self, scenario: EraScenario) -> None:
        super().__init__(scenario)
        self.next_oid = 48_100_000_000 + self.rng.randrange(100_000)
        self.modified = 0
        self.micro = scenario.price
        """The cycle's microprice (the eras that log it in their sizing lines)."""

    def warmup_progress(self) -> str:
        return "Warming up: 3/5 volume ticks, 4/10 trade observations"

    def warming(self) -> Iterator[SampleEvent]:
        """The progress line, `Warmup incomplete` every ten seconds, then `Warmup complete!`."""
        self.wait(0.2, 0.25)
        yield self.at("INFO", self.tg.warmup, self.warmup_progress())
        ticks, trades = 3, 4
        while self.t + 10.0 < self.s.warmup_s:
            self.wait(9.8, 10.2)
            ticks, trades = min(ticks + 1, 4), min(trades + 2, 9)
            yield self.warmup_line(ticks, trades)
        self.t = self.s.warmup_s - 0.3
        message = "Warmup complete! σ=0.000112, κ=2843.17, jump_ratio=1.21"
        yield self.at("INFO", self.tg.warmup, message)
        self.t = self.s.warmup_s

    def warmup_line(self, ticks: int, trades: int) -> SampleEvent:
        return self.at(
            "WARN",
            self.tg.quotes,
            "Warmup incomplete - no orders placed (waiting for market data)",
            num("volume_ticks", ticks),
            num("volume_ticks_required", 5),
            num("trade_observations", trades),
            num("trade_observations_required", 10),
        )

    def cycle(self) -> Iterator[SampleEvent]:
        self.modified = 0
        yield self.inputs()
        over = self.over_max()
        if over is not None:
            yield self.reduce_only(over)
        ladder = {side: [] if side == over else self.levels(side) for side in SIDES}
        yield self.at(
            "DEBUG",
            self.tg.quotes,
            "Calculated ladder quotes",
            num("bid_levels", len(ladder["bid"])),
            num("ask_levels", len(ladder["ask"])),
            text("best_bid", some(ladder["bid"][0] if ladder["bid"] else None)),
            text("best_ask", some(ladder["ask"][0] if ladder["ask"] else None)),
        )
        for side in SIDES:
            yield from self.reconcile(side, ladder[side])
        self.wait(0.35, 0.45)
        yield self.complete(ladder)

    def inputs(self) -> SampleEvent:
        s = self.s
        return self.at(
            "DEBUG",
            self.tg.quotes,
            "Quote inputs with microprice",
            num("mid", self.mid),
            text("microprice", self.microprice()),
            num("position", self.position),
            num("static_max_pos", s.max_position),
            text("dynamic_max_pos", f"{s.max_position * 1.37:.6f}"),
            text("effective_max_pos", f"{s.max_position:.6f}"),
            flag("dynamic_valid", True),
            num("config_target_liq", 0.01),
            text("effective_target_liq", "0.010000"),
            *self.estimator_fields(),
        )

    def over_max(self) -> Side | None:
        """The side reduce-only cancels: bids when long past max_position, asks when short."""
        if self.position > self.s.max_position:
            return "bid"
        if self.position < -self.s.max_position:
            return "ask"
        return None

    def reduce_only(self, side: Side) -> SampleEvent:
        direction, cancelled = ("long", "bids") if side == "bid" else ("short", "asks")
        return self.at(
            "WARN",
            self.tg.filter,
            f"Over max position ({direction}) - reduce-only mode, cancelling {cancelled}",
            text("position", f"{self.position:.6f}"),
            text("max_position", f"{self.s.max_position:.6f}"),
        )

    def levels(self, side: Side) -> list[Quote]:
        skew = self.position / self.s.max_position * 3.0
        best = self.mid - 9.0 - skew if side == "bid" else self.mid + 9.0 - skew
        sign = -1.0 if side == "bid" else 1.0
        return [
            (round(best + sign * depth, 1), size)
            for depth, size in zip(ORCH_DEPTHS, ORCH_SIZES, strict=True)
        ]

    def reconcile(self, side: Side, levels: list[Quote]) -> Iterator[SampleEvent]:
        book = self.book[side]
        yield self.at(
            "DEBUG",
            self.tg.reconcile,
            "Reconciling ladder",
            text("side", ORDER_SIDE[side]),
            num("current_count", len(book)),
            num("new_levels", len(levels)),
        )
        if not levels:
            book.clear()  # cancelled in bulk: the release logs no line per order
            return
        missing = len(levels) - len(book)
        if missing > 0:
            yield from self.place(side, levels[len(book) :])
        elif abs((self.placed[side] or 0.0) - levels[0][0]) >= 3.0:
            self.modified += self.rng.randint(1, len(levels))
            self.placed[side] = levels[0][0]

    def place(self, side: Side, levels: list[Quote]) -> Iterator[SampleEvent]:
        yield self.at(
            "DEBUG",
            self.tg.reconcile,
            "Placing ladder levels via bulk order with CLOIDs",
            text("side", ORDER_SIDE[side]),
            num("levels", len(levels)),
        )
        message = f"Placing {len(levels)} orders in bulk with CLOIDs"
        yield self.at("DEBUG", self.tg.executor, message)
        self.wait(0.3, 0.4)
        first = self.oid(len(levels))
        for index, (_, size) in enumerate(levels):
            self.book[side].append((first + index, size))
            cloid = f"0x{self.rng.getrandbits(128):032x}"
            message = f"Order resting: oid={first + index} cloid={cloid}"
            yield self.at("INFO", self.tg.executor, message)
        self.placed[side] = levels[0][0]

    def complete(self, ladder: dict[Side, list[Quote]]) -> SampleEvent:
        best = {side: ladder[side][0][0] if ladder[side] else 0.0 for side in SIDES}
        both = best["bid"] and best["ask"]
        spread = (best["ask"] - best["bid"]) / self.mid * 1e4 if both else 0.0
        return self.at(
            "INFO",
            self.tg.reconcile,
            "Quote cycle complete",
            num("modified", self.modified),
            num("oid_remaps", 0),
            text("best_bid", f"{best['bid']:.2f}"),
            text("best_ask", f"{best['ask']:.2f}"),
            text("spread_bps", f"{spread:.2f}"),
            num("bid_levels", len(ladder["bid"])),
            num("ask_levels", len(ladder["ask"])),
            text("position", f"{self.position:.6f}"),
        )

    def stop(self, kill_reason: str | None) -> Iterator[SampleEvent]:
        yield self.at("INFO", self.tg.loop, "Shutdown signal received (SIGTERM)")
        yield self.at("INFO", self.tg.recovery, "=== GRACEFUL SHUTDOWN INITIATED ===")
        yield from self.summaries(kill_reason)
        resting = self.resting()
        message = f"Bulk cancelling {resting} resting orders (from exchange)..."
        yield self.at("INFO", self.tg.recovery, message)
        self.wait(0.4, 0.6)
        yield self.at(
            "INFO",
            self.tg.recovery,
            "Bulk cancel completed",
            num("total", resting),
            num("cancelled", resting),
        )
        yield self.at("INFO", self.tg.recovery, "=== GRACEFUL SHUTDOWN COMPLETE ===")
        yield self.at("INFO", self.tg.loop, "Market maker stopped.")


def truncate(value: float, decimals: int) -> float:
    """The bot's `truncate_float(value, decimals, false)` (helpers.rs): toward zero."""
    scale = 10.0**decimals
    return math.floor(value * scale) / scale


class _Filtered(_Orchestrator):
    """2026-01-16: the orchestrator's lines; a side with too little capacity is filtered out.

    The side's capacity is ladder_strat.rs@ffead92:688 (max_position less the position when
    long or flat, plus it when short); when every level is under 0.8 x min_notional and the
    whole capacity truncated to sz_decimals is worth less than min_notional at the microprice
    (:999), the warning (:1029) has its fields and the side no level."""

    def cycle(self) -> Iterator[SampleEvent]:
        self.modified = 0
        self.micro = self.mid + self.rng.gauss(0.0, 12.0)
        yield self.inputs()
        filtered = [side for side in SIDES if self.too_small(side)]
        for side in filtered:
            yield self.filtered_warning(side)
        ladder = {side: [] if side in filtered else self.levels(side) for side in SIDES}
        yield self.at(
            "DEBUG",
            self.tg.quotes,
            "Calculated ladder quotes",
            num("bid_levels", len(ladder["bid"])),
            num("ask_levels", len(ladder["ask"])),
            text("best_bid", some(ladder["bid"][0] if ladder["bid"] else None)),
            text("best_ask", some(ladder["ask"][0] if ladder["ask"] else None)),
        )
        for side in SIDES:
            yield from self.reconcile(side, ladder[side])
        self.wait(0.35, 0.45)
        yield self.complete(ladder)

    def microprice(self) -> str:
        return f"{self.micro:.4f}"

    def capacity(self, side: Side) -> float:
        signed = self.position if side == "bid" else -self.position
        return max(self.s.max_position - signed, 0.0)

    def too_small(self, side: Side) -> bool:
        return truncate(self.capacity(side), SZ_DECIMALS) * self.micro < MIN_NOTIONAL

    def filtered_warning(self, side: Side) -> SampleEvent:
        used = abs(self.position) * self.mid / 10.0
        return self.at(
            "WARN",
            LADDER_STRAT,
            f"All {side} levels filtered out (total size below min_notional)",
            num(f"{side}s_before", len(ORCH_SIZES)),
            text("available_margin", f"{max(self.s.account_value - used, 0.0):.2f}"),
            text("available_position", f"{self.capacity(side):.6f}"),
            text("min_notional", f"{MIN_NOTIONAL:.2f}"),
            text("min_level_size", "0.000120"),
            text("mid_price", f"{self.micro:.2f}"),
        )


class _Micro(_Orchestrator):
    """2026-02-15: the capital-tier release. The capital is 10% of the account; max_position
    is the capital over the mark at start (auto_derive.rs@7408ba2); the Micro tier quotes the
    concentrated ladder (ladder_strat.rs@7408ba2:579): a side's size is its capacity capped at
    half the effective max position and at 25% of max_position (or 1.15 x min_notional /
    microprice), raised to min_notional / microprice, truncated to sz_decimals; a side whose
    size is worth less than min_notional gets no order, and with both empty the bot warns
    (:667), plans no level, warns `No orders to place` (quote_engine.rs@7408ba2:2810) and
    returns before reconciling: nothing is placed or cancelled."""

    leverage = 10.0

    def __init__(self, scenario: EraScenario) -> None:
        super().__init__(scenario)
        self.capital = scenario.account_value * 0.10
        self.max_position = self.capital / scenario.price

    def startup(self) -> Iterator[SampleEvent]:
        asset = f"hyna:{self.s.asset}"
        yield self.at(
            "INFO",
            "market_maker",
            "Starting market maker (None values will be auto-derived)",
            text("asset", asset),
            text("target_liquidity", "None"),
            text("risk_aversion", "None"),
            text("max_bps_diff", "None"),
            text("capital_usd", "None"),
            text("max_position_override", "None"),
            text("leverage", f"{self.leverage:g}"),
            text("decimals", "1"),
            text("strategy", "Ladder"),
            text("network", "Mainnet"),
            flag("dry_run", False),
        )
        self.wait(0.3, 0.5)
        yield self.at(
            "INFO",
            "market_maker",
            "No capital_usd specified, using 10% of account value",
            text("account_value", f"${self.s.account_value:.2f}"),
            text("fraction", "10%"),
            text("derived_capital", f"${self.capital:.2f}"),
        )
        yield self.at(
            "INFO",
            self.tg.loop,
            "Market maker started (observation loop)",
            text("asset", asset),
            text("strategy", "LadderGLFT"),
            flag("is_live", True),
        )
        yield self.at("INFO", self.tg.loop, "Warming up parameter estimator...")

    def warmup_line(self, ticks: int, trades: int) -> SampleEvent:
        return self.at(
            "WARN",
            self.tg.quotes,
            "Warmup incomplete - no orders placed (waiting for market data)",
            num("volume_ticks", ticks),
            num("volume_ticks_required", 5),
            num("trade_observations", trades),
            num("trade_observations_required", 10),
            text("timeout_remaining_secs", f"{max(120.0 - self.t, 0.0):.0f}"),
        )

    def cycle(self) -> Iterator[SampleEvent]:
        self.micro = self.mid + self.rng.gauss(0.0, 12.0)
        yield self.inputs()
        effective = min(self.margin_capacity(), self.max_position)
        yield self.capacity_line(effective)
        sizes = {side: self.concentrated_size(side, effective) for side in SIDES}
        quoted = [side for side in SIDES if sizes[side] * self.micro >= MIN_NOTIONAL]
        if quoted:
            raise ValueError("the micro era writes only cycles whose concentrated ladder is empty")
        yield self.at(
            "WARN",
            LADDER_STRAT,
            "Concentrated ladder empty: insufficient capital for min_notional",
            text("capital_tier", "Micro"),
            text("effective_max_position", f"{effective:.6f}"),
            text("min_notional", f"{MIN_NOTIONAL:.2f}"),
            text("microprice", f"{self.micro:.2f}"),
        )
        yield self.at(
            "INFO",
            self.tg.quotes,
            "Calculated ladder quotes",
            num("bid_levels", 0),
            num("ask_levels", 0),
            text("best_bid", "None"),
            text("best_ask", "None"),
            text("defense_bid_mult", "1.00"),
            text("defense_ask_mult", "1.00"),
        )
        yield self.nothing_to_place()

    def microprice(self) -> str:
        return f"{self.micro:.4f}"

    def inputs(self) -> SampleEvent:
        return self.at(
            "DEBUG",
            self.tg.quotes,
            "Quote inputs with microprice",
            num("mid", self.mid),
            text("microprice", self.microprice()),
            num("position", self.position),
            num("static_max_pos", self.max_position),
            text("dynamic_max_pos", f"{self.max_position:.6f}"),
            text("effective_max_pos", f"{self.max_position:.6f}"),
            flag("dynamic_valid", True),
            num("config_target_liq", 0.0),
            text("effective_target_liq", f"{self.max_position / 2:.6f}"),
            *self.estimator_fields(),
        )

    def margin_capacity(self) -> float:
        """What the account's margin allows at the leverage: far more than the capital."""
        return self.s.account_value * self.leverage / self.micro

    def capacity_line(self, effective: float) -> SampleEvent:
        margin = self.margin_capacity()
        return self.at(
            "INFO",
            LADDER_STRAT,
            "Quoting capacity: capped by config.max_position",
            text("user_max_position", f"{self.max_position:.6f}"),
            text("quoting_capacity", f"{margin:.6f}"),
            text("margin_quoting_capacity", f"{margin:.6f}"),
            text("margin_available", f"{self.s.account_value:.2f}"),
            text("leverage", f"{self.leverage:.1f}"),
            text("margin_effective", f"{margin:.6f}"),
            text("effective_max_position", f"{effective:.6f}"),
        )

    def concentrated_size(self, side: Side, effective: float) -> float:
        """ladder_strat.rs@7408ba2:594-622, for one side."""
        min_size = MIN_NOTIONAL / self.micro
        min_meaningful = MIN_NOTIONAL * 1.15 / self.micro
        per_side_cap = max(self.max_position * 0.25, min_meaningful)
        signed = self.position if side == "bid" else -self.position
        available = max(effective - signed, 0.0)
        raw = max(min(available, effective / 2.0, per_side_cap), min_size)
        return truncate(raw, SZ_DECIMALS)

    def nothing_to_place(self) -> SampleEvent:
        limit, mid = self.max_position, self.mid
        return self.at(
            "WARN",
            self.tg.quotes,
            "No orders to place: ladder empty after filtering (check min_notional vs capacity)",
            text("position", f"{self.position:.6f}"),
            text("max_position", f"{limit:.6f}"),
            text("mid_price", f"{mid:.2f}"),
            text("bid_capacity_notional", f"{max(limit - self.position, 0.0) * mid:.2f}"),
            text("ask_capacity_notional", f"{max(limit + self.position, 0.0) * mid:.2f}"),
            text("min_notional", f"{MIN_NOTIONAL:.2f}"),
            flag("reduce_only_was_filtered", False),
        )

    def stop(self, kill_reason: str | None) -> Iterator[SampleEvent]:
        yield self.at("INFO", self.tg.loop, "Shutdown signal received (SIGTERM)")
        yield self.at("INFO", self.tg.recovery, "=== GRACEFUL SHUTDOWN INITIATED ===")
        yield from self.summaries(kill_reason)
        yield self.at("INFO", self.tg.recovery, "No resting orders to cancel")
        yield self.at("INFO", self.tg.recovery, "=== GRACEFUL SHUTDOWN COMPLETE ===")
        yield self.at("INFO", self.tg.loop, "Market maker stopped.")


_ERAS: dict[Era, type[_Sim]] = {
    "glft": _Glft,
    "ladder": _Ladder,
    "orchestrator": _Orchestrator,
    "filtered": _Filtered,
    "micro": _Micro,
}
