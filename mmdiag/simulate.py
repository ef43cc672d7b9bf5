"""Simulated runs of the market maker, with incidents placed where a scenario says.

The event sequences follow the reference logs: each quote cycle logs the optimizer per side,
then the filtered-out warnings for a side sized to zero, `Bulk order placed` when orders
changed, and `Quote cycle complete` with the levels quoted per side. During warm-up only the
warm-up warning (every 10 s) and trades are logged; during margin rejections, an ERROR per
cycle and cycles with no levels. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from mmdiag.samplelog import SampleEvent, SampleField, SampleSpan, write_events, write_events_file

MM = "hyperliquid_rust_sdk::market_maker"
STRAT = f"{MM}::strategy::ladder_strat"
EXECUTOR = f"{MM}::infra::executor"
OPTIMIZER = f"{MM}::quoting::ladder::optimizer"
SIDES = ("bid", "ask")
_CALL_SITE = {
    "Starting market maker": 41,
    "Auto-calculated price precision from asset metadata": 42,
    "Leverage: using configured (max available: 40x)": 43,
    "Market maker metrics": 44,
    "Trades processed": 45,
    "Quote cycle complete": 53,
    "Constrained optimizer applied to bids": 54,
    "Constrained optimizer applied to asks": 55,
    "All bid levels filtered out (sizes too small)": 56,
    "All ask levels filtered out (sizes too small)": 57,
    "Bulk order placed": 59,
}


@dataclass(frozen=True)
class Window:
    """A span of a run in which one or both sides quote nothing, for a given cause."""

    start_s: float
    end_s: float
    cause: str
    """sizes_filtered, ladder_empty, warmup, margin_rejected or min_notional_rejected."""
    sides: tuple[str, ...] = SIDES
    capacity: float | None = None
    """The side capacity the filtered-out warning logs (coins)."""
    margin: float | None = None
    mid_price: float | None = None


@dataclass(frozen=True)
class Run:
    """One process of the bot: from its start-up lines until it stops."""

    start_s: float
    end_s: float
    leverage: int = 10
    sz_decimals: int = 5


@dataclass(frozen=True)
class Scenario:
    name: str
    start: datetime
    runs: tuple[Run, ...]
    windows: tuple[Window, ...] = ()
    asset: str = "hyna:BTC"
    price: float = 90_000.0
    levels: int = 5
    margin: float = 237.0
    min_level_size: float = 0.001
    max_position: float = 0.02
    cycle_s: float = 0.9
    seed: int = 7
    debug: bool = True
    """Log DEBUG lines (trades, optimizer): a `--log-file` run does, a console run may not."""
    extra: tuple[tuple[float, str, str, str], ...] = field(default=())
    """Extra (offset s, level, target, message) lines, e.g. a message with markup in it."""


def events(scenario: Scenario) -> Iterator[SampleEvent]:
    """Every event of the scenario, in time order."""
    rng = random.Random(scenario.seed)
    extra = sorted(scenario.extra)
    for run in scenario.runs:
        for event in _run(scenario, run, rng):
            while extra and scenario.start + timedelta(seconds=extra[0][0]) <= event.time:
                yield _extra(scenario, extra.pop(0))
            yield event
    for item in extra:
        yield _extra(scenario, item)


def write(scenario: Scenario, layout: str, out: TextIO) -> int:
    """Write the scenario's log in one layout; returns the number of records."""
    return write_events(events(scenario), layout, out)


def write_file(scenario: Scenario, layout: str, path: Path) -> int:
    return write_events_file(events(scenario), layout, path)


def _extra(scenario: Scenario, item: tuple[float, str, str, str]) -> SampleEvent:
    offset, level, target, message = item
    return SampleEvent(scenario.start + timedelta(seconds=offset), level, target, message)


def _field(name: str, text: str, kind: str = "str") -> SampleField:
    return SampleField(name, text, "num" if kind == "num" else "bool" if kind == "bool" else "str")


def _run(scenario: Scenario, run: Run, rng: random.Random) -> Iterator[SampleEvent]:
    sim = _Sim(scenario, run, rng)
    yield from sim.startup()
    t = run.start_s + 5.0 + rng.random() * 0.5
    next_metrics = run.start_s + 60.0 + rng.random()
    next_warmup = None
    while t < run.end_s:
        # Between two cycles (at least 0.54 s apart): trades, then metrics, then the cycle.
        if scenario.debug:  # about one trades line per cycle, as in the bot's logs
            for offset in (0.25, 0.2):
                if rng.random() < 0.5:
                    yield sim.at(
                        t - offset,
                        "DEBUG",
                        f"{MM}::messages::trades",
                        "Trades processed",
                        _field("count", str(rng.randint(1, 29)), "num"),
                    )
        if t >= next_metrics:
            yield sim.metrics(t - 0.1)
            next_metrics += 60.0 + rng.uniform(-0.2, 0.6)
        active = sim.active(t)
        if any(w.cause == "warmup" for w in active):
            if next_warmup is None or t >= next_warmup:
                yield sim.warmup(t)
                next_warmup = t + 9.6 + rng.random() * 0.4
            t += scenario.cycle_s * rng.uniform(0.6, 1.6)
            continue
        yield from sim.cycle(t, active)
        t += scenario.cycle_s * rng.uniform(0.6, 1.6)


class _Sim:
    """The state of one run: price walk, orders placed so far."""

    def __init__(self, scenario: Scenario, run: Run, rng: random.Random) -> None:
        self.scenario, self.run, self.rng = scenario, run, rng
        self.mid = scenario.price
        self.orders_placed = 0
        self.span = SampleSpan("quote_cycle", MM, (_field("asset", scenario.asset),))

    def at(
        self,
        offset_s: float,
        level: str,
        target: str,
        message: str,
        *fields: SampleField,
        span: bool = False,
    ) -> SampleEvent:
        return SampleEvent(
            self.scenario.start + timedelta(seconds=offset_s),
            level,
            target,
            message,
            tuple(fields),
            self.span if span else None,
            _CALL_SITE.get(message, 60),
        )

    def active(self, t: float) -> list[Window]:
        return [w for w in self.scenario.windows if w.start_s <= t < w.end_s]

    def startup(self) -> Iterator[SampleEvent]:
        s, r, t = self.scenario, self.run, self.run.start_s
        yield self.at(
            t,
            "INFO",
            "market_maker",
            "Starting market maker",
            _field("asset", s.asset),
            _field("target_liquidity", "0.01"),
            _field("risk_aversion", "0.3"),
            _field("max_bps_diff", "5"),
            _field("max_position", f"{s.max_position:g}"),
            _field("leverage", str(r.leverage)),
            _field("decimals", "1"),
            _field("strategy", "Ladder"),
            _field("network", "Mainnet"),
            _field("dry_run", "false", "bool"),
        )
        yield self.at(
            t + 0.003,
            "INFO",
            "market_maker",
            "Auto-calculated price precision from asset metadata",
            _field("asset", s.asset),
            _field("sz_decimals", str(r.sz_decimals), "num"),
            _field("price_decimals", "1", "num"),
        )
        yield self.at(
            t + 0.005,
            "INFO",
            "market_maker",
            "Leverage: using configured (max available: 40x)",
            _field("asset", s.asset),
            _field("max_leverage", "40", "num"),
            _field("using_leverage", str(r.leverage), "num"),
        )

    def metrics(self, t: float) -> SampleEvent:
        return self.at(
            t,
            "INFO",
            "market_maker",
            "Market maker metrics",
            _field("orders_placed", str(self.orders_placed), "num"),
            _field("orders_cancelled", "0", "num"),
            _field("orders_filled", "0", "num"),
            _field("volume_bought", "0.0", "num"),
            _field("volume_sold", "0.0", "num"),
            _field("position", "0.0", "num"),
            _field("uptime_secs", "60", "num"),
        )

    def warmup(self, t: float) -> SampleEvent:
        rng = self.rng
        return self.at(
            t,
            "WARN",
            MM,
            "Warmup incomplete - no orders placed (waiting for market data)",
            _field("volume_ticks", str(rng.randint(0, 4)), "num"),
            _field("volume_ticks_required", "5", "num"),
            _field("trade_observations", str(rng.randint(0, 9)), "num"),
            _field("trade_observations_required", "10", "num"),
            span=True,
        )

    def cycle(self, t: float, active: list[Window]) -> Iterator[SampleEvent]:
        s, rng = self.scenario, self.rng
        self.mid = max(1.0, self.mid + rng.gauss(0, s.price * 0.0003))
        cause = {side: next((w for w in active if side in w.sides), None) for side in SIDES}
        rejected = [w for w in active if w.cause.endswith("_rejected")]
        if rejected:
            yield self._rejection(t + 0.03, rejected[0])
            yield self._complete(t + 0.05, {"bid": 0, "ask": 0})
            return
        levels = {}
        for side in SIDES:
            window = cause[side]
            if window is None or window.cause in ("sizes_filtered",):
                yield self._optimizer(t, side, window)
            levels[side] = s.levels if window is None else 0
        for side in SIDES:
            window = cause[side]
            if window is not None and window.cause == "sizes_filtered":
                yield self._filtered(t, side, window)
        quoting = sum(levels.values())
        if quoting and rng.random() < 0.45:
            resting = rng.randint(1, s.levels)
            self.orders_placed += resting
            yield self.at(
                t + 0.06,
                "INFO",
                EXECUTOR,
                "Bulk order placed",
                _field("resting", str(resting), "num"),
                _field("filled", "0", "num"),
                _field("errors", "0", "num"),
                span=True,
            )
        yield self._complete(t + 0.08, levels)

    def _optimizer(self, t: float, side: str, window: Window | None) -> SampleEvent:
        plural = "bids" if side == "bid" else "asks"
        used = (
            ("0.00", "0.0000", "0.000000", "0.000")
            if window
            else ("47.40", "0.0053", "0.512000", "0.250")
        )
        return self.at(
            t,
            "DEBUG",
            STRAT,
            f"Constrained optimizer applied to {plural}",
            _field("binding", "Position"),
            _field("margin_used", used[0]),
            _field("position_used", used[1]),
            _field("shadow_price", used[2]),
            _field("kelly_stochastic", "false", "bool"),
            _field("kelly_fraction", used[3]),
            _field("regime", "Normal"),
            span=True,
        )

    def _filtered(self, t: float, side: str, window: Window) -> SampleEvent:
        s = self.scenario
        capacity = window.capacity if window.capacity is not None else 0.002633
        margin = window.margin if window.margin is not None else s.margin
        mid = window.mid_price if window.mid_price is not None else self.mid
        return self.at(
            t,
            "WARN",
            STRAT,
            f"All {side} levels filtered out (sizes too small)",
            _field(f"{side}s_before", str(s.levels), "num"),
            _field("available_margin", f"{margin:.2f}"),
            _field("available_position", f"{capacity:.6f}"),
            _field("min_notional", "10.00"),
            _field("min_level_size", f"{s.min_level_size:.6f}"),
            _field("mid_price", f"{mid:.2f}"),
            span=True,
        )

    def _rejection(self, t: float, window: Window) -> SampleEvent:
        side = self.rng.choice([s for s in window.sides])
        error = (
            "Insufficient margin to place order. asset=0"
            if window.cause == "margin_rejected"
            else "Order must have minimum value of $10. asset=0"
        )
        price = round(self.mid + self.rng.gauss(0, 30), 1)
        return self.at(
            t,
            "ERROR",
            EXECUTOR,
            f"Bulk order 0 rejected: asset={self.scenario.asset} "
            f"side={'Buy' if side == 'bid' else 'Sell'} sz=0.00012 price={price} "
            f'cloid=Some("0x1a2b3c") error={error}',
        )

    def _complete(self, t: float, levels: dict[str, int]) -> SampleEvent:
        half = self.mid * 0.0002
        bid = f"{self.mid - half:.2f}" if levels["bid"] else "0.00"
        ask = f"{self.mid + half:.2f}" if levels["ask"] else "0.00"
        spread = "4.00" if levels["bid"] and levels["ask"] else "0.00"
        return self.at(
            t,
            "INFO",
            MM,
            "Quote cycle complete",
            _field("modified", str(self.rng.randint(0, 5)), "num"),
            _field("oid_remaps", "0", "num"),
            _field("best_bid", bid),
            _field("best_ask", ask),
            _field("spread_bps", spread),
            _field("bid_levels", str(levels["bid"]), "num"),
            _field("ask_levels", str(levels["ask"]), "num"),
            _field("position", "0.000000"),
            span=True,
        )
