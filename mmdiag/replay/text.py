"""Numbers as text: every size with its coin, every value in USD, capacities rounded up."""

from __future__ import annotations

import math
from collections.abc import Callable


def coins_text(value: float, coin: str) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".") + f" {coin}"


def usd_text(value: float, limit: float | None = None) -> str:
    """`$12.34`; with `limit`, enough decimals that a value under it does not print as it."""
    text = f"{value:,.2f}"
    if limit is not None and value < limit:
        for decimals in range(3, 13):
            if float(text.replace(",", "")) < limit:
                break
            text = f"{value:,.{decimals}f}"
    return f"${text}"


def price_text(value: float) -> str:
    """A price in USD with the decimals it has (at least 2): `89,924.00 USD`, `0.00001234 USD`."""
    return f"{value:,.{max(2, _decimals_of(value))}f} USD"


def _decimals_of(value: float) -> int:
    mantissa, _, exponent = f"{value:.12g}".partition("e")
    decimals = len(mantissa.partition(".")[2])
    return min(max(0, decimals - int(exponent or 0)), 20)


def shown_capacity(value: float, holds: Callable[[float], bool] | None = None) -> str:
    """`value` rounded UP to a short decimal (8 decimals, more for tiny values), so the printed
    capacity is at or above the boundary; when `holds` rejects the rounded value (a gap
    narrower than the rounding), the exact float."""
    if value <= 0:
        return "0"
    decimals = max(8, 4 - math.floor(math.log10(value)))
    units = math.ceil(value * 10**decimals)
    text = f"{units / 10**decimals:.{decimals}f}"
    for _ in range(3):  # the float product can round under the value: step up until it is not
        if float(text) >= value:
            break
        units += 1
        text = f"{units / 10**decimals:.{decimals}f}"
    text = text.rstrip("0").rstrip(".")
    if holds is not None and not holds(float(text)):
        return repr(value)
    return text
