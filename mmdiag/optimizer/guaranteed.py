"""The bot's guaranteed quote floor (ladder_strat.rs `generate_ladder`, from d116d41 on
2026-02-18 to the head 6c17115): after the ladder of either path (tick grid or legacy), a side
left with no level gets one order of (about) the minimum viable size, wide, unless the side is
cleared for inventory. It decides orders, so a side the sizing left empty still quotes.

API (used by the tick-grid versions and by the legacy path of the same releases):

- `floor_code(day)`: the `FloorCode` of the release of that date (ISO), None before
  2026-02-18; `FLOOR_CODES` lists them;
- `floor_quote(code, side=, microprice=, decimals=, fee_bps=, tick_size_bps=,
  glft_optimal_bps=, effective_floor_bps=, position=, effective_max_position=, quantum=)`
  -> `FloorQuote | None`: the order the floor adds to an EMPTY side (the caller checks that
  the side has no level), with its price, size, depth and INFO message; None when the side is
  cleared for inventory or the price or size is not positive.

The code, one side (ladder_strat@d116d41:2392-2489):

    half  = max(fee_bps + tick_size_bps, glft_optimal_bps, effective_floor_bps)
    ratio = clamp(position / effective_max_position, -1, 1)   (0 when max <= EPSILON)
    skew  = ratio x half x 0.3
    bid depth = half + skew;  ask depth = max(half - skew, fee_bps + tick_size_bps)
    price = round_to_significant_and_decimal(microprice -/+ microprice x depth / 1e4, 5, decimals)
    size  = quantum.min_viable_size   (from 57a1fbf: the minimum recomputed at that price,
            ceil(min_notional / price / step) x step, never below min_viable_size)

A side is cleared (no floor) when |ratio| reaches `clear_at` and the position is on that side
(long clears bids, short clears asks): 0.8 at d116d41 (`PositionZone::Red | Kill`), 1.0 from
547f779, 0.9 (`KILL_CLEAR_INVENTORY_RATIO`) from 9ef59cf. Until 799d47e the floor sat under
`if !market_params.should_pull_quotes`, which never mattered: those releases return an empty
ladder at the top of `generate_ladder` when it is set (ladder_strat@d116d41:816-819).

Nothing here looks at the side's capacity or margin: the floor quotes the minimum even when
the capacity is zero (the exchange may then reject it), and before 57a1fbf a bid's minimum
was computed at the microprice, so at the lower bid price the order can fall under
min_notional (the bot's own comment at 57a1fbf says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from mmdiag.optimizer.entropy import clamp
from mmdiag.optimizer.exchange import round_price
from mmdiag.optimizer.numeric import EPSILON, fdiv, rmax
from mmdiag.optimizer.quantum import SizeQuantum, fceil, u64_of

FLOOR = "guaranteed"
"""The `path` a side reports when the floor gave its only order."""


@dataclass(frozen=True)
class FloorCode:
    """One release's guaranteed quote floor."""

    commit: str
    first: str
    """The first release date (ISO) with this code."""
    clear_at: float
    """|inventory ratio| from which the accumulating side is cleared (gets no floor)."""
    size_at_price: bool
    """57a1fbf: the minimum size recomputed at the quote's own price."""


FLOOR_CODES = (
    FloorCode("d116d41", "2026-02-18", clear_at=0.8, size_at_price=False),
    FloorCode("547f779", "2026-02-19", clear_at=1.0, size_at_price=False),
    FloorCode("9ef59cf", "2026-02-23", clear_at=0.9, size_at_price=False),
    FloorCode("57a1fbf", "2026-02-28", clear_at=0.9, size_at_price=True),
)


def floor_code(day: str) -> FloorCode | None:
    """The floor of the release of `day` (ISO date); None before it existed."""
    found = None
    for code in FLOOR_CODES:
        if code.first <= day:
            found = code
    return found


@dataclass(frozen=True)
class FloorQuote:
    price: float
    size: float
    depth_bps: float
    message: str
    """`INFO:GUARANTEED BID: floor quote placed (min_viable size)` (or ASK)."""


def inventory_ratio(position: float, effective_max_position: float) -> float:
    """ladder_strat's `inventory_ratio` (and the floor's `guaranteed_inv_ratio`)."""
    if effective_max_position > EPSILON:
        return clamp(fdiv(position, effective_max_position), -1.0, 1.0)
    return 0.0


def cleared(code: FloorCode, side: str, position: float, effective_max_position: float) -> bool:
    """The side is the accumulating one and inventory reached `clear_at`."""
    ratio = abs(inventory_ratio(position, effective_max_position))
    if side == "bid":
        return ratio >= code.clear_at and position > 0.0
    return ratio >= code.clear_at and position < 0.0


def floor_quote(
    code: FloorCode,
    *,
    side: str,
    microprice: float,
    decimals: int,
    fee_bps: float,
    tick_size_bps: float,
    glft_optimal_bps: float,
    effective_floor_bps: float,
    position: float,
    effective_max_position: float,
    quantum: SizeQuantum,
) -> FloorQuote | None:
    """The floor's order for an empty side (ladder_strat@d116d41:2405-2489, @57a1fbf:2613-2716)."""
    if cleared(code, side, position, effective_max_position):
        return None
    cost_bps = fee_bps + tick_size_bps
    half_spread_bps = rmax(rmax(cost_bps, glft_optimal_bps), effective_floor_bps)
    skew_bps = inventory_ratio(position, effective_max_position) * half_spread_bps * 0.3
    if side == "bid":
        depth_bps = half_spread_bps + skew_bps
        offset = microprice * (depth_bps / 10_000.0)
        price = round_price(microprice - offset, decimals)
    else:
        depth_bps = rmax(half_spread_bps - skew_bps, cost_bps)
        offset = microprice * (depth_bps / 10_000.0)
        price = round_price(microprice + offset, decimals)
    size = _size_at(quantum, price) if code.size_at_price else quantum.min_viable_size
    if not (size > 0.0 and price > 0.0):
        return None
    label = "BID" if side == "bid" else "ASK"
    return FloorQuote(
        price=price,
        size=size,
        depth_bps=depth_bps,
        message=f"INFO:GUARANTEED {label}: floor quote placed (min_viable size)",
    )


def _size_at(quantum: SizeQuantum, price: float) -> float:
    """57a1fbf: `ceil(min_notional / price / step) as u64 * step`, at least the minimum."""
    if not price > 0.0:
        return quantum.min_viable_size
    steps = u64_of(fceil(fdiv(quantum.min_notional, price) / quantum.step))
    return rmax(float(steps) * quantum.step, quantum.min_viable_size)
