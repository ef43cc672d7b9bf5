"""Hyperliquid precision as the bot applies it: price rounding and size truncation.

Both follow the bot's float arithmetic (hyper_make `src/helpers.rs`), so a modelled price or size
is the one the bot would have sent, not a mathematically nicer one.
"""

from __future__ import annotations

import math

#: `round_to_significant_and_decimal(price, 5, decimals)`: Hyperliquid accepts at most five
#: significant figures in a price (generator.rs `build_raw_ladder`).
PRICE_SIGNIFICANT_FIGURES = 5

_U64_MAX = float(2**64 - 1)


def powi(base: float, exponent: int) -> float:
    """Rust's `f64::powi`: square-and-multiply (compiler-rt `__powidf2`), 1/x^|n| when n < 0."""
    result = 1.0
    remaining = abs(exponent)
    while remaining:
        if remaining & 1:
            result *= base
        remaining >>= 1
        if remaining:
            base *= base
    return 1.0 / result if exponent < 0 else result


def round_half_away(value: float) -> float:
    """Rust's `f64::round`: halves go away from zero (Python's `round` goes to even)."""
    if not math.isfinite(value):
        return value
    magnitude = abs(value)
    whole = float(math.floor(magnitude))
    if magnitude - whole >= 0.5:
        whole += 1.0
    return math.copysign(whole, value)


def round_price(
    value: float, max_decimals: int, significant_figures: int = PRICE_SIGNIFICANT_FIGURES
) -> float:
    """The bot's `round_to_significant_and_decimal`: nearest, on both sides of the book.

    The price is first rounded to `significant_figures`, then to `max_decimals`, each time to the
    nearest value with halves away from zero. Nothing rounds a bid down or an ask up, so a bid
    can sit a little above `mid - offset` (SEED_TABLE.md: depth 8.4996 bps at 90000 is
    89923.503, quoted at 89924.0).
    """
    if abs(value) < 1e-9:
        return 0.0
    magnitude = math.floor(math.log10(abs(value)))
    scale = powi(10.0, significant_figures - magnitude - 1)
    rounded = math.copysign(round_half_away(abs(value) * scale) / scale, value)
    factor = powi(10.0, max_decimals)
    return round_half_away(rounded * factor) / factor


def truncate_size(size: float, sz_decimals: int) -> float:
    """The bot's `truncate_float(size, sz_decimals, false)`: `((size*10^d) as u64) as f64 / 10^d`.

    The product is a float, so 0.0003 becomes 0.00029 (0.0003*1e5 = 29.999999999999996). The cast
    saturates: negative and NaN give 0, too large gives u64::MAX.
    """
    pow10 = float(10**sz_decimals)
    scaled = size * pow10
    if not scaled > 0.0:
        return 0.0
    whole = _U64_MAX if scaled >= _U64_MAX else float(math.floor(scaled))
    return whole / pow10
