"""One side's optimizer inputs, the ranges a replay accepts, and what makes inputs unusable."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# Ranges a replay accepts. Beyond them the bot's own arithmetic saturates (truncation is a cast
# to u64) or overflows, and no exchange lists such a market.
PRICE_RANGE = (1e-8, 1e12)
"""USD per coin."""
MAX_COINS = 1e9
"""The largest size, capacity or minimum size, coins (× 10^sz_decimals stays inside a u64)."""
MAX_USD = 1e12
"""The largest min_notional or margin, USD."""
MAX_LEVERAGE = 1000.0
MAX_SZ_DECIMALS = 10
MAX_PRICE_DECIMALS = 12
MAX_LEVELS = 100


@dataclass(frozen=True)
class ReplayInputs:
    """One side's optimizer inputs, as the log (or the user) gives them."""

    price: float
    """The mid (microprice), USD per coin."""
    side_capacity: float
    """The side's position capacity (`available_position`), coins."""
    levels: int
    min_notional: float = 10.0
    min_level_size: float = 0.001
    sz_decimals: int = 5
    leverage: float = 10.0
    """As given; the bot uses max(leverage, 1) (`effective_leverage`)."""
    margin: float | None = None
    """Available margin, USD; None when unknown (the margin constraint is then not applied)."""
    side: str = "bid"
    price_decimals: int = 1
    coin: str = "coins"
    """The unit of sizes in messages (BTC for hyna:BTC)."""

    @property
    def effective_leverage(self) -> float:
        """`max(market_params.leverage, 1)`, as ladder_strat hands it to the optimizer."""
        return max(self.leverage, 1.0)

    @property
    def margin_per_unit(self) -> float:
        """USD of margin per coin: price / max(leverage, 1), the same for every level."""
        return self.price / self.effective_leverage

    def problems(self) -> list[str]:
        """What makes these inputs unusable, each as a phrase naming the input."""
        found: list[str] = []
        low, high = PRICE_RANGE
        if not _within(self.price, low, high):
            found.append(f"price must be a number from {low:g} to {high:g} USD, got {self.price!r}")
        if not _within(self.leverage, 0.0, MAX_LEVERAGE) or self.leverage <= 0:
            found.append(
                f"leverage must be a number > 0 and <= {MAX_LEVERAGE:g}, got {self.leverage!r}"
            )
        for name in ("side_capacity", "min_level_size"):
            value = getattr(self, name)
            if not _within(value, 0.0, MAX_COINS):
                found.append(
                    f"{name} must be a number from 0 to {MAX_COINS:g} {self.coin}, got {value!r}"
                )
        if not _within(self.min_notional, 0.0, MAX_USD):
            found.append(
                f"min_notional must be a number from 0 to {MAX_USD:g} USD, "
                f"got {self.min_notional!r}"
            )
        if self.margin is not None and not _within(self.margin, 0.0, MAX_USD):
            found.append(f"margin must be a number from 0 to {MAX_USD:g} USD, got {self.margin!r}")
        if not _is_int(self.levels) or not 1 <= self.levels <= MAX_LEVELS:
            found.append(f"levels must be an integer from 1 to {MAX_LEVELS}, got {self.levels!r}")
        if not _is_int(self.sz_decimals) or not 0 <= self.sz_decimals <= MAX_SZ_DECIMALS:
            found.append(
                f"sz_decimals must be an integer from 0 to {MAX_SZ_DECIMALS}, "
                f"got {self.sz_decimals!r}"
            )
        if not _is_int(self.price_decimals) or not 0 <= self.price_decimals <= MAX_PRICE_DECIMALS:
            found.append(
                f"price_decimals must be an integer from 0 to {MAX_PRICE_DECIMALS}, "
                f"got {self.price_decimals!r}"
            )
        if self.side not in ("bid", "ask"):
            found.append(f"side must be bid or ask, got {self.side!r}")
        if not found and self.min_notional / self.price > MAX_COINS:
            found.append(
                f"min_notional / price = {self.min_notional / self.price:g} {self.coin}: "
                f"an order that large (over {MAX_COINS:g} {self.coin}) cannot be replayed"
            )
        return found


def _within(value: float, low: float, high: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and low <= value <= high


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _side(inputs: ReplayInputs) -> Any:
    return "bid" if inputs.side == "bid" else "ask"
