"""The bot's `SizeQuantum`: the smallest order size that survives truncation and meets the
exchange minimum (config/capacity.rs, from d1d2d49 on 2026-02-15; unchanged to the head
6c17115).

API (used by the tick-grid versions and by the legacy path of the same releases):

- `SizeQuantum.compute(min_notional, mark_px, sz_decimals) -> SizeQuantum`
  (capacity.rs@71a9ef8:50-68): `step = 10^-sz_decimals`,
  `min_viable_size = ceil((min_notional / mark_px) / step) as u64 * step`;
- `quantum.clamp_to_viable(raw, allow_round_up) -> float | None` (capacity.rs@71a9ef8:77-96):
  None when `raw <= 0`; else `truncate_float(raw, sz_decimals)` when that reaches
  `min_viable_size`; else `min_viable_size` when `allow_round_up`, None otherwise;
- `quantum.is_sufficient(size) -> bool`: `size >= min_viable_size`.

Floats follow the bot: `powi` for the step, IEEE division, `ceil() as u64` saturating (NaN and
negatives to 0, too large to u64::MAX), so a NaN or zero price gives a `min_viable_size` of 0
or +inf exactly as the bot's does (its `debug_assert!`s are off in a release build).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mmdiag.optimizer.exchange import powi, truncate_size
from mmdiag.optimizer.numeric import fdiv

_U64_MAX = 2**64 - 1


def u64_of(x: float) -> int:
    """Rust's `x as u64`: saturating, NaN and negatives to 0, truncation toward zero."""
    if math.isnan(x) or x <= 0.0:
        return 0
    if x >= float(_U64_MAX):
        return _U64_MAX
    return math.floor(x)


def fceil(x: float) -> float:
    """`x.ceil()`: infinities and NaN unchanged."""
    return float(math.ceil(x)) if math.isfinite(x) else x


@dataclass(frozen=True)
class SizeQuantum:
    """Truncation-safe minimum viable order size for one (min_notional, mark_px, sz_decimals)."""

    min_viable_size: float
    """Coins: the smallest multiple of `step` worth at least `min_notional` at `mark_px`."""
    step: float
    """`10^-sz_decimals`, coins."""
    min_notional: float
    mark_px: float
    sz_decimals: int

    @classmethod
    def compute(cls, min_notional: float, mark_px: float, sz_decimals: int) -> SizeQuantum:
        step = powi(10.0, -sz_decimals)
        raw_min = fdiv(min_notional, mark_px)
        steps_needed = u64_of(fceil(raw_min / step))
        return cls(
            min_viable_size=float(steps_needed) * step,
            step=step,
            min_notional=min_notional,
            mark_px=mark_px,
            sz_decimals=sz_decimals,
        )

    def clamp_to_viable(self, raw: float, allow_round_up: bool) -> float | None:
        """A raw size made viable: truncated, rounded up to the minimum if allowed, or None."""
        if raw <= 0.0:
            return None
        truncated = truncate_size(raw, self.sz_decimals)
        if truncated >= self.min_viable_size:
            return truncated
        if allow_round_up:
            return self.min_viable_size
        return None

    def is_sufficient(self, size: float) -> bool:
        return size >= self.min_viable_size
