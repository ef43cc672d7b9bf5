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
- `stale_limits` (2026-02-15, the legacy sizing of d1d2d49): capital auto-derived from the
  account (`Starting market maker (None values will be auto-derived)`, `No capital_usd
  specified, using 10% of account value`), one minimum order a side (SizeQuantum's
  `clamp_to_viable`); while the info endpoint fails, the exchange limits are not refreshed:
  two minutes on each side's limit is halved, five minutes on it is zero, and both sides log
  `All bid levels filtered out (total size below min_notional)` with available_position
  0.000000 (`Exchange limits are stale - sizing may be reduced`) until a refresh succeeds.

The incidents are not placed: they follow from the scenario's fills (position against the
limits) or, for `stale_limits`, from its outage of the info endpoint (`rest_down`).
Deterministic for a given seed.
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

Era = Literal["glft", "ladder", "orchestrator", "filtered", "stale_limits"]
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
    """The account (USD): the margin the filtered-out warning logs (`filtered`), and the
    account whose 10% is the capital the bot derives (`stale_limits`)."""
    rest_down: tuple[float, float] | None = None
    """`stale_limits`: from when to when (seconds from the start) the info endpoint's REST
    requests fail."""


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
    "stale_limits": _ORCHESTRATOR,
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


INFO_URL = "https://api.hyperliquid.xyz/info"
REST_ERROR = f"Generic request error: error sending request for url ({INFO_URL})"
"""`{e}` of the info client's failed request: `Error::GenericRequest` (src/errors.rs) around
reqwest 0.12's `error sending request for url (...)`."""
SYNC_S = 5.0
"""The observation loop's safety sync interval (orchestrator/event_loop.rs@7bb9f5a:846)."""
WS_FRESH_S = 30.0
"""WebSocket exchange limits younger than this skip the REST refresh (recovery.rs@7bb9f5a)."""
STALE_MS, CRITICAL_MS = 120_000, 300_000
"""Exchange limits older than 2 min: each side's limit halved; 5 min: zero
(strategy/params/exchange_limits.rs@7bb9f5a:48-68 `safe_bid_limit`, `safe_ask_limit`)."""
NUM_LEVELS = 10
"""LadderConfig::default().num_levels (quoting/ladder/mod.rs@7bb9f5a:124)."""
MIN_LEVEL_SIZE = 0.00012
"""LadderConfig::default().min_level_size (quoting/ladder/mod.rs@7bb9f5a:132)."""
MIN_VIABLE_DEPTH_BPS = 5.0
"""CapacityBudget's min_viable_depth_bps: the fallback's depth (config/capacity.rs@d1d2d49)."""


def round_sig(price: float, figures: int = 5, decimals: int = 1) -> float:
    """`round_to_significant_and_decimal(price, 5, decimals)` for prices of 10,000 and up."""
    digits = math.floor(math.log10(abs(price))) + 1
    places = min(max(figures - digits, 0), decimals)
    return round(price, places)


class _StaleLimits(_Orchestrator):
    """2026-02-15 (7bb9f5a, the legacy sizing of d1d2d49): exchange limits gone stale.

    The capital is 10% of the account, max_position = capital / mark at start (auto_derive.rs):
    $19.80 of a $198 account at $90,000, 0.00022 BTC. Sizing (ladder_strat.rs@d1d2d49:
    1265-2100): a side's capacity is effective_max_position less the position, capped by the
    exchange limits' `safe_*_limit()`; the generator's one level (`Ladder allocate_sizes: min_size
    fallback`), the entropy optimizer, the per-level cap (25% of max_position, at least
    SizeQuantum's min_viable_size 0.00012) and `retain(size > min_viable_size)` leave no level, so
    the concentration fallback places one order of `clamp_to_viable(capacity, true)`: 0.00012
    BTC a side at 5 bps, even with 0.00011 of capacity (rounded up).

    The observation loop's safety sync (every 5 s) refreshes the exchange limits over REST once
    the ActiveAssetData channel has said nothing for 30 s (`[ExchangeLimits] WebSocket data is
    stale, falling back to REST`); while the info endpoint fails (`rest_down`) neither the margin
    nor the limits refresh. Two minutes after the last refresh each side's limit is halved
    (`Exchange limits are stale - sizing may be reduced`: still one order a side), five minutes
    after it is zero: both sides' capacity is 0, `clamp_to_viable` has nothing to round up, and
    each side logs `All ... levels filtered out (total size below min_notional)` with
    available_position 0.000000, then `Ladder completely empty`. The quote engine's capacity
    budget (position-based, still viable) logs `CAPACITY INVARIANT VIOLATED`, the empty ladder
    falls through to the single-quote path (`calculate_quotes` sizes it again: the same lines
    twice a cycle), `Calculated quotes` bid None, ask None, and `reconcile_side` cancels both
    orders (`Cancel confirmed for oid=N, waiting for fill window`). The first REST refresh that
    succeeds ends it: the next cycle quotes both sides again (the smart reconciler's empty-ladder
    recovery, `[PlaceBulk]`, `Bulk order placed`).

    The position cannot zero a side's capacity in this release without silencing its warning:
    the InventoryGovernor cancels every quote from |position| = max_position and returns before
    sizing (quote_engine.rs@7bb9f5a:164-184, `InventoryGovernor: KILL zone`), the execution
    mode drops the side that adds to the position from 60% of it (execution/state_machine.rs
    @7bb9f5a:118), and from 80% ladder_strat clears that side and skips its fallback and its
    filtered-out warning (ladder_strat.rs@d1d2d49:1150-1170, 1872). What leaves a side with no
    capacity and the warning is a cap after the position's: pending exposure, or the exchange
    limits, which this session lets go stale.

    Left out: the cycle's gamma, kappa and `[SPREAD TRACE]` lines, the smart reconciler's
    per-cycle lines while its orders rest unchanged, and the safety sync's other DEBUG lines."""

    leverage = 10.0

    def __init__(self, scenario: EraScenario) -> None:
        super().__init__(scenario)
        self.capital = scenario.account_value * 0.10
        self.max_position = self.capital / scenario.price
        self.quantum = math.ceil(round(MIN_NOTIONAL / scenario.price / 1e-5, 9)) * 1e-5
        self.ws_at = 0.0
        """The ActiveAssetData channel's last message (its snapshot at start-up)."""
        self.limits_at = 0.0
        """The exchange limits' last refresh (WebSocket or REST)."""
        self.failed = False
        self.next_sync = 0.0
        self.flow = 0.0
        """The cycle's flow imbalance (the margin split's momentum and directional terms)."""

    # The clock: the safety sync every 5 s between the quote cycles.

    def advance_to(self, moment: float) -> Iterator[SampleEvent]:
        """Every safety sync due up to `moment`, at its own time; then the clock at `moment`."""
        while self.next_sync <= moment:
            self.t = max(self.t, self.next_sync)
            yield from self.safety_sync()
            self.next_sync += SYNC_S
        self.t = max(self.t, moment)

    def run(self) -> Iterator[SampleEvent]:
        yield from self.startup()
        yield from self.warming()
        while self.t < self.s.end_s:
            self.move_mid()
            yield from self.due_fills()
            yield from self.cycle()
            yield from self.advance_to(self.t + self.rng.uniform(*self.s.cycle_s))
        yield from self.stop(None)

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
        self.next_sync = self.t + SYNC_S
        self.wait(0.2, 0.4)
        self.ws_at = self.limits_at = self.t
        yield self.at(
            "DEBUG",
            f"{ORCH}::handlers",
            "Exchange limits updated from WebSocket",
            text("coin", asset),
        )

    def warming(self) -> Iterator[SampleEvent]:
        """The progress line, `Warmup incomplete` every ten seconds, `Warmup complete!`; the
        safety syncs in between."""
        self.wait(0.2, 0.25)
        yield self.at("INFO", self.tg.warmup, self.warmup_progress())
        ticks, trades = 3, 4
        line_at = self.t + self.rng.uniform(9.8, 10.2)
        while line_at + 0.3 < self.s.warmup_s:
            yield from self.advance_to(line_at)
            ticks, trades = min(ticks + 1, 4), min(trades + 2, 9)
            yield self.warmup_line(ticks, trades)
            line_at += self.rng.uniform(9.8, 10.2)
        yield from self.advance_to(self.s.warmup_s - 0.3)
        message = "Warmup complete! σ=0.000112, κ=2843.17, jump_ratio=1.21"
        yield self.at("INFO", self.tg.warmup, message)
        yield from self.advance_to(self.s.warmup_s)

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

    def rest_fails(self) -> bool:
        down = self.s.rest_down
        return down is not None and down[0] <= self.t < down[1]

    def safety_sync(self) -> Iterator[SampleEvent]:
        """recovery.rs@7bb9f5a:164-200: the margin refresh (REST for a HIP-3 dex), then the
        exchange limits' (REST once the WebSocket data is 30 s old)."""
        where = self.tg.recovery
        if self.rest_fails():
            yield self.at("WARN", where, f"Failed to refresh margin state: {REST_ERROR}")
        ws_age = self.t - self.ws_at
        if ws_age < WS_FRESH_S:
            return
        yield self.at(
            "WARN",
            where,
            "[ExchangeLimits] WebSocket data is stale, falling back to REST",
            num("ws_age_secs", int(ws_age)),
        )
        self.wait(0.05, 0.2)
        if self.rest_fails():
            self.failed = True
            yield self.at("WARN", where, f"Failed to refresh exchange limits: {REST_ERROR}")
            return
        self.limits_at = self.t
        if self.failed:  # the first refresh after the failures (the others: left out)
            self.failed = False
            available = self.available_to_trade()
            yield self.at(
                "DEBUG",
                where,
                "Exchange position limits refreshed",
                text("max_long", f"{available:.6f}"),
                text("max_short", f"{available:.6f}"),
                text("available_buy", f"{available:.6f}"),
                text("available_sell", f"{available:.6f}"),
                text("effective_bid", f"{self.max_position:.6f}"),
                text("effective_ask", f"{self.max_position:.6f}"),
            )

    def available_to_trade(self) -> float:
        """The exchange's `availableToTrade` a side, in coins: the account at the leverage."""
        return self.s.account_value * self.leverage / self.mid

    # A quote cycle.

    def limits_age_ms(self) -> int:
        return int((self.t - self.limits_at) * 1000)

    def capacity(self) -> float:
        """Each side's capacity (flat: effective_max_position) under the exchange limits'
        staleness factor."""
        age = self.limits_age_ms()
        if age <= STALE_MS:
            return self.max_position
        if age <= CRITICAL_MS:
            return self.max_position * 0.5
        return 0.0

    def cycle(self) -> Iterator[SampleEvent]:
        self.micro = self.mid + self.rng.gauss(0.0, 12.0)
        self.flow = self.rng.uniform(-0.2, 0.2)
        yield self.inputs()
        ladder: dict[Side, list[Quote]] = {"bid": [], "ask": []}
        yield from self.generate_ladder(ladder)
        if ladder["bid"] or ladder["ask"]:
            yield self.at(
                "INFO",
                self.tg.quotes,
                "Calculated ladder quotes",
                num("bid_levels", len(ladder["bid"])),
                num("ask_levels", len(ladder["ask"])),
                text("best_bid", some(ladder["bid"][0] if ladder["bid"] else None)),
                text("best_ask", some(ladder["ask"][0] if ladder["ask"] else None)),
                text("defense_bid_mult", "1.00"),
                text("defense_ask_mult", "1.00"),
            )
            yield self.at(
                "INFO",
                self.tg.quotes,
                "Submitting ladder quotes to reconciler",
                flag("smart_reconcile", True),
            )
            if not self.resting():
                yield from self.recover_empty_ladder(ladder)
            return
        budget = (
            'Concentrated { reason: "Only 1 viable levels (bid=1, ask=1); concentrated quoting" }'
        )
        yield self.at(
            "ERROR",
            self.tg.quotes,
            "CAPACITY INVARIANT VIOLATED: viable budget but empty ladder",
            text("viability", budget),
            text("quantum_min", f"{self.quantum:.6f}"),
            text("bid_capacity", f"{self.max_position:.6f}"),
            text("ask_capacity", f"{self.max_position:.6f}"),
            text("effective_max", f"{self.max_position:.6f}"),
            text("target_liquidity", f"{self.max_position / 2:.6f}"),
        )
        # The single-quote path: calculate_quotes generates the same ladder again.
        yield from self.generate_ladder({"bid": [], "ask": []})
        yield self.at(
            "DEBUG", self.tg.quotes, "Calculated quotes", text("bid", "None"), text("ask", "None")
        )
        for side in SIDES:
            yield from self.reconcile_single(side)

    def generate_ladder(self, ladder: dict[Side, list[Quote]]) -> Iterator[SampleEvent]:
        """ladder_strat.rs@d1d2d49 `generate_ladder`'s INFO-and-above lines for a flat
        position, filling `ladder` with the levels it returns."""
        e, micro, lines = self.max_position, self.micro, LADDER_STRAT
        margin = self.s.account_value
        capacity = self.capacity()
        yield self.capacity_line(e)
        yield self.at(
            "INFO",
            f"{MM}::quoting::ladder::generator",
            "Ladder allocate_sizes: min_size fallback, capped concentration on tightest level",
            num("levels", NUM_LEVELS),
            text("total_size", f"{e:.6f}"),
            text("capped_size", f"{max(e * 0.25, MIN_LEVEL_SIZE):.6f}"),
            text("min_size", f"{MIN_LEVEL_SIZE:.6f}"),
        )
        usable = margin * 0.70
        momentum = self.flow * 0.3
        directional = max(min(self.flow * 0.4, 1.0), -1.0) * 0.3
        ask_weight = max(min(0.5 + momentum * 0.25 + directional * 0.15, 0.75), 0.25)
        yield self.at(
            "INFO",
            lines,
            "Margin allocation (stochastic-weighted split)",
            text("available_margin", f"{margin:.2f}"),
            text("usable_margin", f"{usable:.2f}"),
            text("utilization_pct", "70%"),
            text("inventory_ratio", "0.000"),
            text("flow_imbalance", f"{self.flow:.3f}"),
            text("position_opposes", "false"),
            text("urgency_score", "0.00"),
            text("directional", f"{directional:.3f}"),
            text("margin_for_bids", f"{usable * (1.0 - ask_weight):.2f}"),
            text("margin_for_asks", f"{usable * ask_weight:.2f}"),
        )
        yield self.at(
            "INFO",
            lines,
            "[SIGNALS] signal contribution summary",
            text("alpha", "0.000"),
            text("falling_knife", "0.0"),
            text("rising_knife", "0.0"),
            text("momentum_severity", "0.00"),
            text("knife_opposes", "false"),
            text("urgency_adj", "0.000"),
            text("directional", f"{directional:.3f}"),
            text("kappa_used", f"{self.rng.uniform(2500, 4500):.0f}"),
            text("as_warmed_up", "false"),
        )
        age = self.limits_age_ms()
        if age > STALE_MS:
            yield self.at(
                "WARN",
                lines,
                "Exchange limits are stale - sizing may be reduced",
                num("age_ms", age),
            )
        levels = 0 if capacity <= 1e-9 else max(math.floor(capacity / self.quantum), 1)
        yield self.at(
            "WARN",
            lines,
            "Reducing ladder levels due to tight exchange limits",
            num("configured", NUM_LEVELS),
            num("effective_bid", min(levels, NUM_LEVELS)),
            num("effective_ask", min(levels, NUM_LEVELS)),
            text("available_bids", f"{capacity:.6f}"),
            text("available_asks", f"{capacity:.6f}"),
            text("min_viable_size", f"{self.quantum:.6f}"),
        )
        # The entropy optimizer gives the one level min(capacity, margin) (0 with none).
        for side in SIDES:
            yield self.at(
                "INFO",
                lines,
                f"Entropy optimizer applied to {side}s",
                text("entropy", "-0.000"),
                text("effective_levels", "1.0"),
                flag("entropy_floor_active", True),
                num("active_levels", 1 if capacity > 1e-9 else 0),
            )
        cap = max(truncate(e * 0.25, SZ_DECIMALS), self.quantum)
        if truncate(capacity, SZ_DECIMALS) > cap:
            yield self.at(
                "INFO",
                lines,
                "Per-level size cap applied: no single order exceeds 25% of risk max position",
                text("per_level_cap", f"{cap:.6f}"),
                text("risk_max_position", f"{e:.6f}"),
                text("fraction", "25%"),
            )
        # retain(size > min_viable_size) drops the capped level; the fallback decides.
        for side in SIDES:
            if capacity > 0.0:
                yield self.fallback(side, ladder)
            else:
                yield self.filtered_warning(side, margin)
        if not ladder["bid"] and not ladder["ask"]:
            yield self.at(
                "WARN",
                lines,
                "Ladder completely empty: available size below min_notional (no fallback possible)",
                text("available_for_bids", f"{capacity:.6f}"),
                text("available_for_asks", f"{capacity:.6f}"),
                text("min_notional", f"{MIN_NOTIONAL:.2f}"),
                text("dynamic_min_size", f"{self.quantum:.6f}"),
                text("margin_available", f"{margin:.2f}"),
                text("bid_notional", f"{capacity * micro:.2f}"),
                text("ask_notional", f"{capacity * micro:.2f}"),
            )

    def fallback(self, side: Side, ladder: dict[Side, list[Quote]]) -> SampleEvent:
        """`clamp_to_viable(min(capacity, per-order cap), true)`: one minimum order at 5 bps."""
        offset = self.micro * MIN_VIABLE_DEPTH_BPS / 10_000.0
        price = round_sig(self.micro - offset if side == "bid" else self.micro + offset)
        size = self.quantum
        ladder[side] = [(price, size)]
        cap = max(self.max_position * 0.25, self.quantum)
        return self.at(
            "INFO",
            LADDER_STRAT,
            f"{side.capitalize()} concentration fallback: single order at tightest depth "
            "(size-capped)",
            text("size", f"{size:.6f}"),
            text("price", f"{price:.2f}"),
            text("notional", f"{size * price:.2f}"),
            text("depth_bps", f"{MIN_VIABLE_DEPTH_BPS:.2f}"),
            num("levels_before", 1),
            text("per_order_cap", f"{cap:.6f}"),
        )

    def filtered_warning(self, side: Side, margin: float) -> SampleEvent:
        return self.at(
            "WARN",
            LADDER_STRAT,
            f"All {side} levels filtered out (total size below min_notional)",
            num(f"{side}s_before", 1),
            text("available_margin", f"{margin:.2f}"),
            text("available_position", f"{0.0:.6f}"),
            text("min_notional", f"{MIN_NOTIONAL:.2f}"),
            text("min_level_size", f"{MIN_LEVEL_SIZE:.6f}"),
            text("mid_price", f"{self.micro:.2f}"),
        )

    def recover_empty_ladder(self, ladder: dict[Side, list[Quote]]) -> Iterator[SampleEvent]:
        """reconcile.rs@7bb9f5a:671-1020: no order rests and the ladder has targets."""
        where = self.tg.reconcile
        bid, ask = ladder["bid"][0], ladder["ask"][0]
        mid = self.mid
        bid_bps, ask_bps = (mid - bid[0]) / mid * 1e4, (ask[0] - mid) / mid * 1e4
        yield self.at(
            "INFO",
            where,
            "Quote positions vs market",
            text("market_mid", f"{mid:.4f}"),
            text("our_bid", f"{bid[0]:.4f}"),
            text("our_ask", f"{ask[0]:.4f}"),
            text("bid_from_mid_bps", f"{bid_bps:.1f}"),
            text("ask_from_mid_bps", f"{ask_bps:.1f}"),
            text("total_spread_bps", f"{bid_bps + ask_bps:.1f}"),
        )
        yield self.at(
            "INFO",
            where,
            "[Reconcile] Order counts (local vs exchange)",
            num("local_bids", 0),
            num("local_asks", 0),
            num("ws_bids", 0),
            num("ws_asks", 0),
            num("target_bid_levels", 1),
            num("target_ask_levels", 1),
        )
        for side, (price, size) in (("BID", bid), ("ASK", ask)):
            yield self.at(
                "INFO",
                where,
                f"[Reconcile] {side} levels (price@size)",
                text("local", ""),
                text("ws", ""),
                text("ladder", f"{price:.4f}@{size:.4f}"),
            )
        yield self.at(
            "WARN",
            where,
            "EMPTY LADDER recovery - continuous ladder density applied",
            text("headroom_pct", "99.8%"),
            num("max_target_levels", 1),
            num("allowed_levels", 1),
            num("bid_levels", 1),
            num("ask_levels", 1),
        )
        for side in SIDES:
            yield from self.place_bulk(side, ladder[side])
        yield self.at("INFO", where, "[Reconcile] Empty ladder recovery complete", num("placed", 2))

    def place_bulk(self, side: Side, levels: list[Quote]) -> Iterator[SampleEvent]:
        """reconcile.rs@7bb9f5a:1824-2090 and executor.rs@7bb9f5a:485-590 for one side."""
        where = self.tg.reconcile
        available = f"{self.available_to_trade():.6f}"
        yield self.at(
            "INFO",
            where,
            "[PlaceBulk] Entering place_bulk_ladder_orders",
            text("side", side),
            num("input_orders", len(levels)),
            text("total_available", available),
            flag("limits_initialized", True),
        )
        size = sum(truncate(s, SZ_DECIMALS) for _, s in levels)
        yield self.at(
            "INFO",
            where,
            "[PlaceBulk] Order filtering complete",
            text("side", side),
            num("input_orders", len(levels)),
            num("orders_passed_filter", len(levels)),
            num("orders_filtered_out", 0),
            num("zero_size", 0),
            num("margin_zero", 0),
            num("post_truncation_zero", 0),
            num("below_notional", 0),
            num("bbo_crossing", 0),
            num("blocked_by_capacity", 0),
            num("blocked_by_governor", 0),
            text("cumulative_size", f"{size:.6f}"),
            text("total_available", available),
        )
        yield self.at(
            "DEBUG", self.tg.executor, f"Placing {len(levels)} orders in bulk with CLOIDs"
        )
        self.wait(0.3, 0.4)
        first = self.oid(len(levels))
        for index, (_, level_size) in enumerate(levels):
            self.book[side].append((first + index, level_size))
        yield self.at(
            "INFO",
            self.tg.executor,
            "Bulk order placed",
            num("resting", len(levels)),
            num("filled", 0),
            num("errors", 0),
        )

    def reconcile_single(self, side: Side) -> Iterator[SampleEvent]:
        """reconcile.rs@7bb9f5a:45-120 with no quote: every resting order cancelled."""
        book = self.book[side]
        oids = "[" + ", ".join(str(oid) for oid, _ in book) + "]"
        yield self.at(
            "DEBUG",
            self.tg.reconcile,
            "Reconciling",
            text("side", ORDER_SIDE[side]),
            num("current_count", len(book)),
            text("current_oids", oids),
            text("new", "None"),
        )
        for oid, _ in book:
            self.wait(0.2, 0.4)
            message = f"Cancel confirmed for oid={oid}, waiting for fill window"
            yield self.at("INFO", f"{ORCH}::order_ops", message)
        book.clear()

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

    def stop(self, kill_reason: str | None) -> Iterator[SampleEvent]:
        """recovery.rs@7bb9f5a:14-139: the open orders are fetched over REST (else the local
        tracking, where the cancelled orders are gone), then cancelled."""
        yield self.at("INFO", self.tg.loop, "Shutdown signal received (SIGTERM)")
        yield self.at("INFO", self.tg.recovery, "=== GRACEFUL SHUTDOWN INITIATED ===")
        yield from self.summaries(kill_reason)
        if self.rest_fails():
            yield self.at(
                "WARN",
                self.tg.recovery,
                "Failed to fetch orders from exchange at shutdown, using local tracking",
                text("error", REST_ERROR),
            )
        resting = self.resting()
        if resting:
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
        else:
            yield self.at("INFO", self.tg.recovery, "No resting orders to cancel")
        yield self.at("INFO", self.tg.recovery, "=== GRACEFUL SHUTDOWN COMPLETE ===")
        yield self.at("INFO", self.tg.loop, "Market maker stopped.")


_ERAS: dict[Era, type[_Sim]] = {
    "glft": _Glft,
    "ladder": _Ladder,
    "orchestrator": _Orchestrator,
    "filtered": _Filtered,
    "stale_limits": _StaleLimits,
}
