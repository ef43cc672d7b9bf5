"""`Ladder::generate` as released on 2026-01-03 (bot commit cf48daa): the ladder the
constrained optimizer starts from, with the generator's three new concentration fallbacks.

It decides which levels reach the optimizer (the warning's `bids_before`) and, when
`available_margin < EPSILON`, the very orders a side gets (ladder_strat@cf48daa:474-482
returns this ladder untouched). One cycle:

1. depths: the dynamic ones (bid and ask arrays; different arrays take the asymmetric path,
   each side sized on `total_size / 2`), or the static geometric/linear spacing;
2. per depth the generator's λ = κ·min(1, (σ√T/δ)²) with T the holding time, and its spread
   capture δ − AS(δ) − fees, *not* clamped at 0;
3. `allocate_sizes`: shares of `total_size` by max(λ·SC, 0), each under `min_level_size`
   zeroed; new at cf48daa, when the total weight is <= EPSILON and a spread capture is
   positive, or when every share fell under `min_level_size`, the whole `total_size` goes to
   the first (tightest) depth, if `total_size >= min_level_size` (INFO "Ladder allocate_sizes:
   MV=0 fallback, ..." / "... min_size fallback, ...");
4. `build_raw_ladder`: prices rounded to 5 significant figures and `decimals`, sizes truncated
   to `sz_decimals`, a level kept on a side when price x size >= min_notional; new at cf48daa,
   a side left with nothing gets one order of the truncated sum of all sizes at the first
   depth, if that is worth min_notional at its price (INFO "Bid concentration fallback: single
   order at tightest depth");
5. the inventory skew: every price moved by mid·q·γ·σ²·T and re-rounded, the sizes of the side
   that adds to the position cut by min(|q|, 0.9) and re-truncated.

Sorting a side with a NaN price is left to Python's stable sort (the bot's comparator calls
NaN equal); no other input is special-cased.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key

from mmdiag.optimizer.exchange import powi, round_half_away, truncate_size
from mmdiag.optimizer.numeric import EPSILON, fdiv, fexp, fsqrt, rmin, seqsum

COMMIT = "cf48daa"

#: `f64::EPSILON`, the "price is zero" test of helpers.rs `round_to_significant_and_decimal`.
F64_EPSILON = 2.220446049250313e-16
_I32_MAX = 2**31 - 1
_I32_MIN = -(2**31)


@dataclass(frozen=True)
class DepthDecayAS:
    """`DepthDecayAS`'s two numbers the generator reads (depth_decay.rs@cf48daa:146-155)."""

    as_touch_bps: float = 3.0
    delta_char_bps: float = 8.0

    def as_at_depth(self, depth_bps: float) -> float:
        return self.as_touch_bps * fexp(fdiv(-depth_bps, self.delta_char_bps))

    def spread_capture(self, depth_bps: float, fees_bps: float) -> float:
        return depth_bps - self.as_at_depth(depth_bps) - fees_bps


@dataclass(frozen=True)
class LadderConfig:
    """`LadderConfig` (mod.rs@cf48daa:67-109), defaults as `LadderConfig::default()`;
    `dynamic_depths` is `DynamicDepths { bid, ask }` or None."""

    num_levels: int = 5
    min_depth_bps: float = 2.0
    max_depth_bps: float = 200.0
    geometric_spacing: bool = True
    min_level_size: float = 0.001
    fees_bps: float = 3.5
    as_decay_bps: float = 10.0
    dynamic_depths: tuple[tuple[float, ...], tuple[float, ...]] | None = None


@dataclass(frozen=True)
class LadderParams:
    """`LadderParams` (mod.rs@cf48daa:145-174), as ladder_strat@cf48daa:353-367 fills it."""

    mid_price: float
    sigma: float
    kappa: float
    as_at_touch_bps: float
    total_size: float
    inventory_ratio: float
    gamma: float
    time_horizon: float
    decimals: int
    sz_decimals: int
    min_notional: float
    depth_decay_as: DepthDecayAS | None = DepthDecayAS()


@dataclass(frozen=True)
class LadderLevel:
    price: float
    size: float
    depth_bps: float


@dataclass(frozen=True)
class Ladder:
    """Both sides best first, and what the generator logged at INFO and above, in order."""

    bids: tuple[LadderLevel, ...]
    asks: tuple[LadderLevel, ...]
    messages: tuple[str, ...] = field(default=())


# -- helpers.rs ---------------------------------------------------------------------------


def round_to_significant_and_decimal(value: float, sig_figs: int, max_decimals: int) -> float:
    """helpers.rs@cf48daa:70-80: `abs < f64::EPSILON` is 0; NaN keeps NaN (its magnitude casts
    to 0); `log10().floor() as i32` saturates."""
    abs_value = abs(value)
    if abs_value < F64_EPSILON:
        return 0.0
    magnitude = _floor_as_i32(math.log10(abs_value) if math.isfinite(abs_value) else abs_value)
    scale = powi(10.0, sig_figs - magnitude - 1)
    rounded = round_half_away(abs_value * scale) / scale if scale != 0.0 else math.nan
    factor = powi(10.0, max_decimals)
    return math.copysign(fdiv(round_half_away(rounded * factor), factor), value)


def _floor_as_i32(x: float) -> int:
    if math.isnan(x):
        return 0
    if x >= _I32_MAX:
        return _I32_MAX
    if x <= _I32_MIN:
        return _I32_MIN
    return math.floor(x)


def powf(base: float, exponent: float) -> float:
    """`f64::powf` (libm pow): NaN where Python raises for a negative base."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        odd = exponent.is_integer() and int(exponent) % 2 == 1
        return -math.inf if base < 0 and odd else math.inf
    except ValueError:
        if base == 0.0 and exponent < 0:
            odd = exponent.is_integer() and int(exponent) % 2 == 1
            return math.copysign(math.inf, base) if odd else math.inf
        return math.nan


# -- generator.rs -------------------------------------------------------------------------


def compute_depths_static(config: LadderConfig) -> list[float]:
    """gen@cf48daa:283-307."""
    k = config.num_levels
    if k == 0:
        return []
    if k == 1:
        return [config.min_depth_bps]
    if config.geometric_spacing:
        r = powf(fdiv(config.max_depth_bps, config.min_depth_bps), 1.0 / float(k - 1))
        return [config.min_depth_bps * powi(r, i) for i in range(k)]
    step = fdiv(config.max_depth_bps - config.min_depth_bps, float(k - 1))
    return [config.min_depth_bps + step * float(i) for i in range(k)]


def fill_intensity(depth_bps: float, sigma: float, kappa: float, time_horizon: float) -> float:
    """gen@cf48daa:323-333: 0 at depth 0, the holding time as horizon."""
    depth = depth_bps / 10000.0
    if depth < EPSILON:
        return 0.0
    expected_move = sigma * fsqrt(time_horizon)
    ratio = fdiv(expected_move, depth)
    return rmin(ratio * ratio, 1.0) * kappa


def spread_capture(
    depth_bps: float, as_at_touch_bps: float, as_decay_bps: float, fees_bps: float
) -> float:
    """gen@cf48daa:341-349 (the legacy AS, when `depth_decay_as` is None)."""
    as_cost = as_at_touch_bps * fexp(fdiv(-depth_bps, as_decay_bps))
    return depth_bps - as_cost - fees_bps


def allocate_sizes(
    intensities: Sequence[float],
    spreads: Sequence[float],
    total_size: float,
    min_size: float,
    messages: list[str],
) -> list[float]:
    """gen@cf48daa:356-441, with the MV=0 and min_size fallbacks."""
    marginal_values = [
        _nan_ignoring_max0(lam * sc) for lam, sc in zip(intensities, spreads, strict=False)
    ]
    total = seqsum(marginal_values)
    if total <= EPSILON:
        has_positive_spread = any(sc > EPSILON for sc in spreads)
        messages.append("INFO:allocate_sizes: total MV <= EPSILON, checking fallback conditions")
        result = [0.0] * len(marginal_values)
        if has_positive_spread and total_size >= min_size and result:
            result[0] = total_size
            messages.append(
                "INFO:Ladder allocate_sizes: MV=0 fallback, concentrating on tightest level"
            )
        return result
    result = []
    for value in marginal_values:
        raw = fdiv(total_size * value, total)
        result.append(0.0 if raw < min_size else raw)
    if all(size < EPSILON for size in result) and total_size >= min_size:
        result[0] = total_size
        messages.append(
            "INFO:Ladder allocate_sizes: min_size fallback, concentrating on tightest level"
        )
    return result


def _nan_ignoring_max0(x: float) -> float:
    """`x.max(0.0)`."""
    return 0.0 if math.isnan(x) else x if x > 0.0 else 0.0


def _quoted_price(mid: float, depth_bps: float, side: str, decimals: int) -> float:
    offset = mid * (depth_bps / 10000.0)
    raw = mid - offset if side == "bid" else mid + offset
    return round_to_significant_and_decimal(raw, 5, decimals)


def _side_levels(
    side: str,
    depths: Sequence[float],
    sizes: Sequence[float],
    mid: float,
    decimals: int,
    sz_decimals: int,
    min_notional: float,
) -> list[LadderLevel]:
    """One side of build_raw_ladder's loop (gen@cf48daa:470-500)."""
    levels = []
    for depth_bps, size in zip(depths, sizes, strict=False):
        if size < EPSILON:
            continue
        price = _quoted_price(mid, depth_bps, side, decimals)
        truncated = truncate_size(size, sz_decimals)
        if price * truncated >= min_notional:
            levels.append(LadderLevel(price, truncated, depth_bps))
    return levels


def _concentrate(
    side: str,
    levels: list[LadderLevel],
    depths: Sequence[float],
    sizes: Sequence[float],
    mid: float,
    decimals: int,
    sz_decimals: int,
    min_notional: float,
    message: str,
    messages: list[str],
) -> None:
    """A side left empty: one order of the truncated sum of every size at the first depth,
    if worth min_notional (gen@cf48daa:502-550, asymmetric :624-672)."""
    if levels or not depths or not sizes:
        return
    total = truncate_size(seqsum(sizes), sz_decimals)
    price = _quoted_price(mid, depths[0], side, decimals)
    if price * total >= min_notional:
        messages.append(f"INFO:{message}")
        levels.append(LadderLevel(price, total, depths[0]))


def _sorted(levels: list[LadderLevel], side: str) -> tuple[LadderLevel, ...]:
    """Stable sort, bids highest first, asks lowest first; NaN compares Equal."""

    def compare(a: LadderLevel, b: LadderLevel) -> int:
        x, y = (b.price, a.price) if side == "bid" else (a.price, b.price)
        return -1 if x < y else 1 if x > y else 0

    return tuple(sorted(levels, key=cmp_to_key(compare)))


def build_raw_ladder(
    depths: Sequence[float],
    sizes: Sequence[float],
    mid: float,
    decimals: int,
    sz_decimals: int,
    min_notional: float,
    messages: list[str],
) -> tuple[list[LadderLevel], list[LadderLevel]]:
    """gen@cf48daa:448-565: both sides from one depth array."""
    at = (mid, decimals, sz_decimals, min_notional)
    bids = _side_levels("bid", depths, sizes, *at)
    asks = _side_levels("ask", depths, sizes, *at)
    fallback = "{} concentration fallback: single order at tightest depth"
    _concentrate("bid", bids, depths, sizes, *at, fallback.format("Bid"), messages)
    _concentrate("ask", asks, depths, sizes, *at, fallback.format("Ask"), messages)
    return list(_sorted(bids, "bid")), list(_sorted(asks, "ask"))


def build_asymmetric_ladder(
    bid_depths: Sequence[float],
    bid_sizes: Sequence[float],
    ask_depths: Sequence[float],
    ask_sizes: Sequence[float],
    mid: float,
    decimals: int,
    sz_decimals: int,
    min_notional: float,
    messages: list[str],
) -> tuple[list[LadderLevel], list[LadderLevel]]:
    """gen@cf48daa:573-687: each side from its own depths and sizes."""
    at = (mid, decimals, sz_decimals, min_notional)
    bids = _side_levels("bid", bid_depths, bid_sizes, *at)
    asks = _side_levels("ask", ask_depths, ask_sizes, *at)
    fallback = "{} concentration fallback (asymmetric): single order at tightest depth"
    _concentrate("bid", bids, bid_depths, bid_sizes, *at, fallback.format("Bid"), messages)
    _concentrate("ask", asks, ask_depths, ask_sizes, *at, fallback.format("Ask"), messages)
    return list(_sorted(bids, "bid")), list(_sorted(asks, "ask"))


def apply_inventory_skew(
    bids: list[LadderLevel], asks: list[LadderLevel], params: LadderParams
) -> None:
    """gen@cf48daa:695-737: prices shifted by mid·q·γ·σ²·T and re-rounded; the sizes of the
    side that adds to the position cut by min(|q|, 0.9) and re-truncated."""
    q = params.inventory_ratio
    if abs(q) < EPSILON:
        return
    skew_fraction = q * params.gamma * (params.sigma * params.sigma) * params.time_horizon
    offset = params.mid_price * skew_fraction
    for levels in (bids, asks):
        for i, level in enumerate(levels):
            price = round_to_significant_and_decimal(level.price - offset, 5, params.decimals)
            levels[i] = LadderLevel(price, level.size, level.depth_bps)
    keep = 1.0 - rmin(abs(q), 0.9)
    cut = bids if q > 0.0 else asks
    for i, level in enumerate(cut):
        size = truncate_size(level.size * keep, params.sz_decimals)
        cut[i] = LadderLevel(level.price, size, level.depth_bps)


def _spreads(depths: Sequence[float], config: LadderConfig, params: LadderParams) -> list[float]:
    decay = params.depth_decay_as
    if decay is not None:
        return [decay.spread_capture(d, config.fees_bps) for d in depths]
    return [
        spread_capture(d, params.as_at_touch_bps, config.as_decay_bps, config.fees_bps)
        for d in depths
    ]


def _side_sizes(
    depths: Sequence[float],
    config: LadderConfig,
    params: LadderParams,
    total_size: float,
    messages: list[str],
) -> list[float]:
    intensities = [
        fill_intensity(d, params.sigma, params.kappa, params.time_horizon) for d in depths
    ]
    spreads = _spreads(depths, config, params)
    return allocate_sizes(intensities, spreads, total_size, config.min_level_size, messages)


def _differ(a: Sequence[float], b: Sequence[float]) -> bool:
    """`Vec<f64> != Vec<f64>`: element by element, so a NaN makes them differ."""
    return len(a) != len(b) or any(x != y for x, y in zip(a, b, strict=True))


def generate(config: LadderConfig, params: LadderParams) -> Ladder:
    """`Ladder::generate` (gen@cf48daa:28-104) and `generate_asymmetric` (:110-205)."""
    messages: list[str] = []
    at = (params.mid_price, params.decimals, params.sz_decimals, params.min_notional)
    dynamic = config.dynamic_depths
    if dynamic is not None and _differ(dynamic[0], dynamic[1]):
        bid_depths, ask_depths = list(dynamic[0]), list(dynamic[1])
        half = params.total_size / 2.0
        bid_sizes = _side_sizes(bid_depths, config, params, half, messages)
        ask_sizes = _side_sizes(ask_depths, config, params, half, messages)
        bids, asks = build_asymmetric_ladder(
            bid_depths, bid_sizes, ask_depths, ask_sizes, *at, messages
        )
    else:
        depths = list(dynamic[0]) if dynamic is not None else compute_depths_static(config)
        sizes = _side_sizes(depths, config, params, params.total_size, messages)
        bids, asks = build_raw_ladder(depths, sizes, *at, messages)
    apply_inventory_skew(bids, asks, params)
    return Ladder(tuple(bids), tuple(asks), tuple(messages))
