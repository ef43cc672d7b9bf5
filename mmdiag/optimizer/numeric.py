"""Rust f64 semantics the bot's optimizer relies on (OPTIMIZER_DETAILS.md §0), in plain Python.

Rust's `max`/`min` ignore NaN; sums run left to right from -0.0; division by zero and `exp`
overflow give IEEE results instead of raising; `max_by` keeps the last maximum.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable

EPSILON = 1e-9
F64_MAX = sys.float_info.max


def rmax(a: float, b: float) -> float:
    """`a.max(b)`: a NaN argument is ignored."""
    if math.isnan(a):
        return b
    if math.isnan(b):
        return a
    return a if a > b else b


def rmin(a: float, b: float) -> float:
    """`a.min(b)`: a NaN argument is ignored."""
    if math.isnan(a):
        return b
    if math.isnan(b):
        return a
    return a if a < b else b


def seqsum(values: Iterable[float]) -> float:
    """`iter().sum()`: strictly left to right, starting from -0.0 (no compensation)."""
    total = -0.0
    for value in values:
        total = total + value
    return total


def fdiv(a: float, b: float) -> float:
    """IEEE-754 division: x/0 is ±inf (sign from both operands), 0/0 and NaN/0 are NaN."""
    if b != 0.0:
        return a / b
    if a == 0.0 or math.isnan(a) or math.isnan(b):
        return math.nan
    negative = (math.copysign(1.0, a) < 0) != (math.copysign(1.0, b) < 0)
    return -math.inf if negative else math.inf


def fexp(x: float) -> float:
    """`x.exp()`: overflow is +inf, not an exception."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def fsqrt(x: float) -> float:
    """`x.sqrt()`: NaN for negative input, not an exception."""
    if x < 0:
        return math.nan
    return math.sqrt(x)
