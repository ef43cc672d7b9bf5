"""Resting orders, line by line: which side a result line belongs to, and when a side's last
order is gone. Small logs in the vocabulary of the December 2025 ladder releases (as the bot's
real logs in ../shared/reference/real write it), and those real logs where ../shared exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmdiag import detect
from mmdiag.analysis import analyze
from mmdiag.events import load_events
from mmdiag.model import Incident
from mmdiag.observe import observations
from mmdiag.parse.reader import read_events
from tests.conftest import shared_reference_dir
from tests.log_builder import MM, T0, record, write_log

EXECUTOR = f"{MM}::executor"
MAX_POSITION = (
    "Order would exceed maximum position size for current leverage. "
    "Reduce leverage to increase maximum position size. asset=3"
)
MARGIN = "Insufficient margin to place order. asset=3"


class _Bot:
    """The lines of a ladder release of 2025-12-28, one after another as the bot writes them:
    the plan, a `Reconciling ladder` a side, cancels confirmed one by one, `Placing ladder
    levels via bulk order`, the executor's `Placing N orders in bulk` and one result line per
    order (a resting one names no side). `t` is the log's clock (seconds from T0)."""

    def __init__(self) -> None:
        self.t = 0.0
        self.lines = [
            record(0, "INFO", MM, "Market maker started for BTC with LadderGLFT strategy"),
            record(0.01, "INFO", MM, "Warming up parameter estimator..."),
        ]
        self.book: dict[str, list[int]] = {"BUY": [], "SELL": []}
        self.oid = 45_725_000_000

    def log(self, step: float, level: str, target: str, message: str, **fields: object) -> None:
        self.t += step
        self.lines.append(record(self.t, level, target, message, **fields))

    def plan(self, t: float) -> None:
        self.t = t
        self.log(
            0, "DEBUG", MM, "Calculated ladder quotes", bid_levels=5, ask_levels=5,
            best_bid="Some((87842.0, 0.01795))", best_ask="Some((87877.0, 0.01795))",
        )  # fmt: skip

    def reconcile(self, side: str) -> None:
        self.log(
            0.001, "DEBUG", MM, "Reconciling ladder", side=side,
            current_count=len(self.book[side]), new_levels=5,
        )  # fmt: skip

    def cancel_all(self, side: str) -> None:
        for oid in self.book[side]:
            self.log(0.05, "INFO", MM, f"Cancel confirmed for oid={oid}, waiting for fill window")
        self.book[side] = []

    def place(self, side: str, result: str = "resting", error: str = "") -> None:
        """A batch of five: each order rests, or is rejected with `error`, or (`failed`) the
        request fails and no line answers the orders."""
        self.log(0.001, "DEBUG", MM, "Placing ladder levels via bulk order", side=side, levels=5)
        self.log(0.001, "INFO", EXECUTOR, "Placing 5 orders in bulk")
        if result == "failed":
            message = "Bulk order request failed: error sending request: operation timed out"
            self.log(0.3, "ERROR", EXECUTOR, message)
            return
        self.t += 0.2
        for index in range(5):
            if result == "resting":
                self.oid += 1
                self.book[side].append(self.oid)
                self.log(0.0001, "INFO", EXECUTOR, f"Bulk order {index} resting: oid={self.oid}")
            else:
                message = (
                    f"Bulk order {index} rejected: asset=BTC side={side} sz=0.01795 "
                    f"price=87842 error={error}"
                )
                self.log(0.0001, "ERROR", EXECUTOR, message)

    def fill(self, t: float, side: str) -> None:
        """The side's best resting order fills and leaves the book."""
        self.t = t
        oid = self.book[side].pop(0)
        verb = "bought" if side == "BUY" else "sold"
        message = (
            f"[Fill] {verb} 0.01795 BTC | oid={oid} tid=932996454674631 | position: 0.01795 | "
            "AS: 0.41bps | P&L: $0.12"
        )
        self.log(0, "INFO", MM, message)

    def stop(self, t: float) -> None:
        self.t = t
        self.log(0, "INFO", MM, "Shutdown signal received")
        self.log(0.01, "INFO", MM, "Market maker stopped.")


def _incidents(tmp_path: Path, lines: list[str]) -> list[Incident]:
    events = load_events([str(write_log(tmp_path, lines))], detect.ANALYSIS_KINDS).events
    return detect.incidents(events)


def _seconds(incident: Incident) -> tuple[float, float]:
    return (incident.start - T0).total_seconds(), (incident.end - T0).total_seconds()


def _asks_rejected_while_a_bid_batch_fails() -> _Bot:
    """Both sides quote; from 10 s every SELL is rejected (margin) until 80 s. At 40 s a BUY
    replacement's request fails (no result line), and the next cycle's BUYs rest."""
    bot = _Bot()
    for second in range(1, 90):
        bot.plan(float(second))
        for side in ("BUY", "SELL"):
            bot.reconcile(side)
            ask_rejected = side == "SELL" and 10 <= second < 80
            replace = second == 40 and side == "BUY"
            if bot.book[side] and not (ask_rejected or replace):
                continue
            bot.cancel_all(side)
            if replace:
                bot.place(side, "failed")
            elif ask_rejected:
                bot.place(side, "rejected", MARGIN)
            else:
                bot.place(side)
    bot.stop(90)
    return bot


def test_resting_orders_of_a_bid_batch_do_not_end_the_ask_window(tmp_path: Path) -> None:
    """A failed BUY request leaves its placement unanswered: the next BUY batch's resting
    lines answer that BUY batch, not the SELL batch placed in between. Before, the queue of
    placements drifted by one batch: the bid's resting orders went to the ask, ending its
    window at 41 s and opening another at the next reconcile (two incidents)."""
    found = _incidents(tmp_path, _asks_rejected_while_a_bid_batch_fails().lines)
    asks = [i for i in found if i.side == "ask"]
    assert [(i.cause, i.ended_by) for i in asks] == [("margin_rejected", "quoting")]
    start, end = _seconds(asks[0])
    assert 10.0 < start < 10.6 and 80.0 < end < 81.0
    assert not [i for i in found if i.side != "ask"]


def test_a_resting_line_goes_to_the_batch_it_answers_not_the_side_last_reconciled(
    tmp_path: Path,
) -> None:
    """Every `Bulk order N resting` of the log goes to the side of the `Placing ladder levels`
    line its batch followed."""
    bot = _asks_rejected_while_a_bid_batch_fails()
    path = write_log(tmp_path, bot.lines)
    assert _misattributed(path) == []


def test_a_window_starts_when_the_last_order_is_cancelled_not_at_the_failed_replacement(
    tmp_path: Path,
) -> None:
    """The bids are replaced at 20 s: five cancels confirmed (20.051 .. 20.251), then every BUY
    of the replacement is rejected (20.45), and every one after. The window starts at the last
    cancel confirmed, when the side's last order went; not at the first failed placement,
    nor at the next cycle's reconcile that shows the side empty."""
    bot = _Bot()
    for second in range(1, 80):
        bot.plan(float(second))
        for side in ("BUY", "SELL"):
            bot.reconcile(side)
            bid_rejected = side == "BUY" and second >= 20
            if bot.book[side] and not (bid_rejected and second == 20):
                continue
            bot.cancel_all(side)
            if bid_rejected:
                bot.place(side, "rejected", MAX_POSITION)
            else:
                bot.place(side)
    bot.stop(80)
    found = _incidents(tmp_path, bot.lines)
    assert [(i.side, i.cause) for i in found] == [("bid", "max_position_rejected")]
    start, end = _seconds(found[0])
    assert start == pytest.approx(20.251, abs=1e-6)
    assert end == pytest.approx(80.0, abs=1e-6)


def test_a_window_starts_when_the_last_resting_order_fills(tmp_path: Path) -> None:
    """The bids fill away one by one (20 .. 24 s); the bot places no new BUY (every one is
    rejected, from the next cycle on). The window starts at the fill of the last bid."""
    bot = _Bot()
    for second in range(1, 80):
        if 20 <= second < 25:
            bot.fill(second - 0.5, "BUY")
        bot.plan(float(second))
        for side in ("BUY", "SELL"):
            bot.reconcile(side)
            if bot.book[side] or (side == "BUY" and 20 <= second < 25):
                continue
            if side == "BUY" and second >= 25:
                bot.place(side, "rejected", MAX_POSITION)
            else:
                bot.place(side)
    bot.stop(80)
    found = _incidents(tmp_path, bot.lines)
    assert [(i.side, i.cause) for i in found] == [("bid", "max_position_rejected")]
    assert _seconds(found[0])[0] == pytest.approx(23.5, abs=1e-6)


# --- the bot's own logs ------------------------------------------------------------------------

_REAL = shared_reference_dir()
_REAL_LOGS = sorted((_REAL / "real").glob("*.json.log")) if _REAL is not None else []
_needs_real = pytest.mark.skipif(not _REAL_LOGS, reason="../shared/reference is absent")


def _misattributed(path: Path) -> list[tuple[int, str | None, str | None]]:
    """(line, side given, side of the placement before it) of each resting order given to
    another side than the `Placing ladder levels` line before it names. In these releases a
    side's batch is answered before the next is placed, so that line is the truth."""
    events = read_events([str(path)]).events
    placed: dict[int, str | None] = {}
    last: str | None = None
    for line, kind, side in events.select("line", "kind", "side").iter_rows():
        if kind == "placing_ladder":
            last = side
        elif kind == "order_resting":
            placed[line] = last
    analysed = events.filter(events["kind"].is_in(detect.ANALYSIS_KINDS))
    return [
        (obs.line, obs.side, placed.get(obs.line))
        for obs in observations(analysed)
        if obs.kind == "order_resting" and obs.what == "orders" and placed.get(obs.line) != obs.side
    ]


@_needs_real
@pytest.mark.parametrize("log", _REAL_LOGS, ids=[p.name for p in _REAL_LOGS])
def test_every_resting_line_of_a_real_log_goes_to_its_placements_side(log: Path) -> None:
    assert _misattributed(log) == []


@_needs_real
def test_the_real_bid_window_starts_at_the_last_bid_cancel_confirmed() -> None:
    """2025-12-28 20:56:13.48: one bid rests (oid 45725444159); its cancel is confirmed at
    20:56:14.083258; the replacement fills once and is rejected four times (20:56:15.10). The
    window starts at the cancel, not at the rejections nor at the reconcile of 20:56:19."""
    assert _REAL is not None
    log = _REAL / "real" / "2025-12-28_max_position_rejected.json.log"
    found = [i.incident for i in analyze([str(log)]).incidents if i.incident.side == "bid"]
    bid = [i for i in found if i.cause == "max_position_rejected"]
    assert len(bid) == 1
    assert bid[0].start.isoformat() == "2025-12-28T20:56:14.083258+00:00"
