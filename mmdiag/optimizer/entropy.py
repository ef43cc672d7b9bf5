"""The bot's entropy optimizer (`EntropyConstrainedOptimizer`), every variant it had.

From 2026-01-04 (3f3f2a9, wired in by 380a974) the legacy ladder path sizes each side with
`quoting/ladder/entropy_optimizer.rs` and `entropy_distribution.rs`; it keeps doing so until
the newest release (2026-03-13). Their code changed four times in ways that change sizes:

| code (`CODES`) | first day | what changed |
|---|---|---|
| `3f3f2a9` | 2026-01-04 | utility = SC+ - 2 SC- + 0.5 ln(P_fill + 1e-6); soft factor 1.5 |
| `cf72cbb` | 2026-01-08 | utility = the rank of P_fill*max(SC, 0), mapped onto [-1, 1] |
| `f926853` | 2026-01-27 | notional soft factor 1.1 |
| `9b1737b` | 2026-02-21 | ranked EV = max(P_fill*(SC - 0.7*AS), 0.01) |

ae20721, 6b4132d and 41137c0 (CRLF line ends) only reformat; aa52990 and 292edfa hold
9b1737b's files unchanged. `code_at(day)` picks the variant a release date ran.

Use:

    code = code_at("2026-01-13")
    regime = build_market_regime("2026-01-13", jump_ratio=1.0, sigma_effective=1e-4, ...)
    config = OptimizerConfig.for_code(code, min_entropy=1.5, base_temperature=1.0,
                                      min_allocation_floor=0.02, thompson_samples=5,
                                      min_notional=10.0)
    allocation = optimize(code, config, price=..., margin_available=..., max_position=...,
                          leverage=..., levels=[LevelParams, ...], regime=regime,
                          gamma_draws=[...])  # or lambda shape, scale: rng.gammavariate(...)
    allocation.sizes  # what `to_legacy().sizes` hands to ladder_strat, before its truncation

Thompson sampling: the bot seeds `SmallRng::from_entropy()` in every new optimizer (one per
side per cycle), so no log can be replayed draw for draw. `gamma_draws` is either the Gamma
variates handed to the bot's code, in order (`thompson_samples` rounds of one variate per
level, each drawn as Gamma(shape=max(alpha, 0.01), scale=1)), or a callable
`(shape, scale) -> variate`. Everything downstream of the draws follows the bot's float
operations one by one (OPTIMIZER_DETAILS.md §0: NaN-ignoring max/min, sums from -0.0 left to
right, IEEE division, exp overflow to inf).

Checked bit for bit against the bot's code at each of the four commits
(tools/golden/entropy-optimizer, tests/data/entropy/COMMIT.jsonl, tests/test_entropy.py), and
inside ladder_strat by the entropy era's sizing versions (tests/data/sizing/2026-01-*.jsonl).

The distributor's `prev_entropy` is 2.0 in every call: ladder_strat builds a fresh optimizer
for each side each cycle (ladder_strat@380a974:704-710), so its smoothing never carries over.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from mmdiag.optimizer.numeric import EPSILON, F64_MAX, fdiv, fexp, fsqrt, rmax, rmin, seqsum
from mmdiag.optimizer.weights import LevelParams

GammaDraws = Sequence[float] | Callable[[float, float], float]


@dataclass(frozen=True)
class EntropyCode:
    """One variant of the two files, named by the commit whose code it follows."""

    commit: str
    first: str
    utility: str
    """`log` (3f3f2a9), `rank` (cf72cbb), `net_ev` (9b1737b)."""
    notional_soft_factor: float
    """`default_notional_soft_factor()` (entropy_optimizer.rs:63)."""


CODES: dict[str, EntropyCode] = {
    "3f3f2a9": EntropyCode("3f3f2a9", "2026-01-04", "log", 1.5),
    "cf72cbb": EntropyCode("cf72cbb", "2026-01-08", "rank", 1.5),
    "f926853": EntropyCode("f926853", "2026-01-27", "rank", 1.1),
    "9b1737b": EntropyCode("9b1737b", "2026-02-21", "net_ev", 1.1),
}

#: ladder_strat's `build_market_regime` reads `tail_risk_intensity` from 5fd4533 on.
REGIME_INTENSITY_FROM = "2026-02-19"


def code_at(day: str) -> EntropyCode:
    """The variant a release of `day` (ISO) ran: the newest whose first day is not later.
    Within a day the later commit wins (cf72cbb, 17:04, over the morning's 3f3f2a9 code)."""
    found = [code for code in CODES.values() if code.first <= day]
    if not found:
        raise ValueError(f"no entropy optimizer before 2026-01-04 (asked for {day})")
    return found[-1]


@dataclass(frozen=True)
class DistributionConfig:
    """`EntropyDistributionConfig` and its defaults (entropy_distribution.rs@3f3f2a9:180-234,
    @9b1737b:236-241 for the last two, which only the `net_ev` code reads)."""

    min_entropy: float = 1.5
    base_temperature: float = 1.0
    toxicity_temp_scale: float = 0.5
    dirichlet_prior: float = 0.5
    min_allocation_floor: float = 0.02
    spread_capture_weight: float = 1.0
    fill_prob_weight: float = 0.5
    negative_sc_penalty: float = 2.0
    thompson_samples: int = 5
    adaptive_temperature: bool = True
    max_temp_multiplier: float = 3.0
    entropy_smoothing: float = 0.8
    as_confidence: float = 0.7
    min_touch_ev: float = 0.01


@dataclass(frozen=True)
class OptimizerConfig:
    """`EntropyOptimizerConfig` (entropy_optimizer.rs:31-84)."""

    distribution: DistributionConfig = field(default_factory=DistributionConfig)
    min_notional: float = 10.0
    soft_notional_constraint: bool = True
    notional_soft_factor: float = 1.5
    redistribute_filtered: bool = True

    @classmethod
    def for_code(
        cls,
        code: EntropyCode,
        *,
        min_entropy: float,
        base_temperature: float,
        min_allocation_floor: float,
        thompson_samples: int,
        min_notional: float,
        **distribution: Any,
    ) -> OptimizerConfig:
        """What ladder_strat builds at every commit (@380a974:691-702, @292edfa:2478-2488):
        the four `market_params.entropy_*` settings and `config.min_notional`, the rest
        `..Default::default()` of that code."""
        return cls(
            distribution=replace(
                DistributionConfig(),
                min_entropy=min_entropy,
                base_temperature=base_temperature,
                min_allocation_floor=min_allocation_floor,
                thompson_samples=thompson_samples,
                **distribution,
            ),
            min_notional=min_notional,
            notional_soft_factor=code.notional_soft_factor,
        )


@dataclass(frozen=True)
class MarketRegime:
    """`MarketRegime` (entropy_distribution.rs:256-266); `Default` is all zeros."""

    toxicity: float = 0.0
    volatility_ratio: float = 0.0
    cascade_severity: float = 0.0
    book_imbalance: float = 0.0


def build_market_regime(
    day: str,
    *,
    jump_ratio: float,
    sigma_effective: float,
    book_imbalance: float,
    should_pull_quotes: bool = False,
    tail_risk_multiplier: float = 1.0,
    tail_risk_intensity: float = 0.0,
) -> MarketRegime:
    """ladder_strat's `build_market_regime` (@380a974:273-285; @5fd4533 on, cascade severity
    is `tail_risk_intensity.clamp(0, 1)`, @292edfa:527-535)."""
    if day >= REGIME_INTENSITY_FROM:
        cascade = clamp(tail_risk_intensity, 0.0, 1.0)
    elif should_pull_quotes:
        cascade = 1.0
    else:
        cascade = (tail_risk_multiplier - 1.0) / 4.0
    return MarketRegime(jump_ratio, sigma_effective / 0.0001, cascade, book_imbalance)


@dataclass(frozen=True)
class EntropyAllocation:
    """`EntropyConstrainedAllocation` with its `EntropyDistribution`."""

    sizes: tuple[float, ...]
    probabilities: tuple[float, ...]
    utilities: tuple[float, ...]
    entropy: float
    effective_levels: float
    temperature_used: float
    min_entropy_binding: bool
    margin_used: float
    position_used: float
    binding_constraint: str
    active_levels: int
    draws_used: int

    @property
    def entropy_floor_active(self) -> bool:
        return self.min_entropy_binding


# -- numeric helpers the bot's float code needs ------------------------------------------


def fln(x: float) -> float:
    """`x.ln()`: -inf at 0, NaN below (Python raises)."""
    if math.isnan(x) or x < 0.0:
        return math.nan
    if x == 0.0:
        return -math.inf
    return math.log(x)


def clamp(x: float, low: float, high: float) -> float:
    """`f64::clamp`: NaN stays NaN."""
    if x < low:
        return low
    if x > high:
        return high
    return x


# -- entropy_distribution.rs ---------------------------------------------------------------


def fill_probability(level: LevelParams) -> float:
    """`From<&LevelOptimizationParams> for EntropyLevelParams` (@3f3f2a9:752-766):
    P(fill) = λ/(λ+1), clamped to [0, 1]."""
    return clamp(fdiv(level.fill_intensity, level.fill_intensity + 1.0), 0.0, 1.0)


def utilities(
    code: EntropyCode, levels: Sequence[LevelParams], config: DistributionConfig
) -> list[float]:
    """`compute_utilities` (@3f3f2a9:283-300, @cf72cbb:286-322, @9b1737b:314-358)."""
    if code.utility == "log":
        return [_log_utility(level, config) for level in levels]
    if not levels:
        return []
    if code.utility == "rank":
        evs = [fill_probability(lv) * rmax(lv.spread_capture, 0.0) for lv in levels]
    else:
        evs = [_net_ev(level, config) for level in levels]
    return _rank_utilities(evs)


def _log_utility(level: LevelParams, config: DistributionConfig) -> float:
    sc_positive = rmax(level.spread_capture, 0.0)
    sc_negative = rmax(-level.spread_capture, 0.0)
    fill_contrib = fln(fill_probability(level) + 1e-6)
    return (
        config.spread_capture_weight * sc_positive
        - config.negative_sc_penalty * sc_negative
        + config.fill_prob_weight * fill_contrib
    )


def _net_ev(level: LevelParams, config: DistributionConfig) -> float:
    net_edge = level.spread_capture - config.as_confidence * level.adverse_selection
    return rmax(fill_probability(level) * net_edge, config.min_touch_ev)


def _rank_utilities(evs: list[float]) -> list[float]:
    """Each level's rank among the EVs (`sort_by` with `partial_cmp`, a stable sort; NaN
    compares Equal) mapped to 2*rank/(n-1) - 1."""
    order = _stable_order(evs)
    n = len(evs)
    ranked = [0.0] * n
    for rank, index in enumerate(order):
        ranked[index] = 2.0 * float(rank) / float(n - 1) - 1.0 if n > 1 else 0.0
    return ranked


def _stable_order(evs: list[float]) -> list[int]:
    """std's stable sort: insertion sort up to 20 elements (exact even with NaN, which is
    never less than anything); above that any stable sort agrees as long as no EV is NaN."""
    if len(evs) > 20 and not any(math.isnan(ev) for ev in evs):
        return sorted(range(len(evs)), key=lambda i: evs[i])
    order = list(range(len(evs)))
    for i in range(1, len(order)):
        j = i
        while j > 0 and evs[order[j]] < evs[order[j - 1]]:
            order[j - 1], order[j] = order[j], order[j - 1]
            j -= 1
    return order


def softmax(values: Sequence[float], temperature: float) -> list[float]:
    """`softmax_with_temperature` (@3f3f2a9:310-334)."""
    if not values:
        return []
    temp = rmax(temperature, 0.01)
    max_u = -math.inf
    for u in values:
        max_u = rmax(max_u, u)
    scaled = [fexp(fdiv(u - max_u, temp)) for u in values]
    total = seqsum(scaled)
    if total < EPSILON:
        return [1.0 / len(values)] * len(values)
    return [fdiv(e, total) for e in scaled]


def shannon_entropy(probs: Sequence[float]) -> float:
    """H = Σ -p ln p over p > EPSILON (@3f3f2a9:342-348)."""
    return seqsum(-p * fln(p) for p in probs if p > EPSILON)


def project_to_min_entropy(
    values: Sequence[float], base_temperature: float, min_entropy: float, max_iterations: int
) -> tuple[list[float], float]:
    """Bisection on the temperature until the entropy is within 0.01 of the target
    (@3f3f2a9:367-429); the distributor calls it with 20 iterations."""
    if not values:
        return [], 0.0
    target = rmin(min_entropy, fln(float(len(values))))
    temp_low, temp_high = 0.01, base_temperature * 10.0
    best_temp = base_temperature
    best_probs = softmax(values, base_temperature)
    best_entropy = shannon_entropy(best_probs)
    if best_entropy >= target - EPSILON:
        return best_probs, best_temp
    for _ in range(max_iterations):
        mid_temp = (temp_low + temp_high) / 2.0
        probs = softmax(values, mid_temp)
        entropy = shannon_entropy(probs)
        if abs(entropy - target) < 0.01:
            return probs, mid_temp
        if entropy < target:
            temp_low = mid_temp
        else:
            temp_high = mid_temp
        if entropy >= target and entropy < best_entropy:
            best_entropy, best_probs, best_temp = entropy, probs, mid_temp
    if best_entropy < target:
        return softmax(values, temp_high), temp_high
    return best_probs, best_temp


def effective_temperature(config: DistributionConfig, regime: MarketRegime) -> float:
    """`compute_effective_temperature` (@3f3f2a9:626-651)."""
    if not config.adaptive_temperature:
        return config.base_temperature
    temp = config.base_temperature
    if regime.toxicity > 1.0:
        temp *= 1.0 + config.toxicity_temp_scale * (regime.toxicity - 1.0)
    if regime.volatility_ratio > 1.0:
        temp *= fsqrt(regime.volatility_ratio)
    if regime.cascade_severity > 0.1:
        temp *= 1.0 + regime.cascade_severity
    return rmin(temp, config.base_temperature * config.max_temp_multiplier)


def target_entropy(config: DistributionConfig, prev_entropy: float = 2.0) -> float:
    """`compute_target_entropy` (@3f3f2a9:654-658), `prev_entropy` 2.0 in a new distributor."""
    smoothing = config.entropy_smoothing
    return (
        smoothing * rmax(prev_entropy, config.min_entropy) + (1.0 - smoothing) * config.min_entropy
    )


def normalize(values: Sequence[float]) -> list[float]:
    """@3f3f2a9:680-688: uniform when the sum is not above EPSILON."""
    total = seqsum(values)
    if total > EPSILON:
        return [fdiv(x, total) for x in values]
    return [fdiv(1.0, float(len(values)))] * len(values)


def apply_floor(probs: Sequence[float], floor: float) -> list[float]:
    """Every level gets `floor`, the rest shared by `probs` (@3f3f2a9:661-676)."""
    if not probs:
        return []
    remaining = rmax(1.0 - float(len(probs)) * floor, 0.0)
    return normalize([floor + remaining * p for p in probs])


class _Draws:
    """The Gamma variates, from a recorded sequence or a sampler."""

    def __init__(self, source: GammaDraws) -> None:
        self.source = source
        self.used = 0

    def gamma(self, shape: float) -> float:
        self.used += 1
        if callable(self.source):
            return float(self.source(shape, 1.0))
        if self.used > len(self.source):
            raise ValueError(f"gamma_draws holds {len(self.source)} variates; more are needed")
        return float(self.source[self.used - 1])


def thompson_sample(
    probs: Sequence[float], prior: float, samples: int, draws: _Draws
) -> list[float]:
    """`ThompsonSampler::new` + `sample_averaged` (@3f3f2a9:452-525): Dirichlet(prior + n p)
    by normalised Gamma(max(alpha, 0.01), 1) variates, each floored at EPSILON, averaged."""
    n = float(len(probs))
    alphas = [prior + n * p for p in probs]
    if not alphas or samples == 0:
        return []
    sums = [0.0] * len(alphas)
    for _ in range(samples):
        for i, s in enumerate(_dirichlet(alphas, draws)):
            sums[i] += s
    return [s / float(samples) for s in sums]


def _dirichlet(alphas: list[float], draws: _Draws) -> list[float]:
    variates = [rmax(draws.gamma(rmax(alpha, 0.01)), EPSILON) for alpha in alphas]
    total = seqsum(variates)
    if total > EPSILON:
        return [fdiv(g, total) for g in variates]
    return [1.0 / float(len(variates))] * len(variates)


@dataclass(frozen=True)
class Distribution:
    probabilities: list[float]
    utilities: list[float]
    entropy: float
    effective_levels: float
    temperature_used: float
    min_entropy_binding: bool
    draws_used: int


class SeededDraws(random.Random):
    """A replay's draw: `random.Random(seed)` that is also its own `gamma_draws`, Gamma(shape,
    scale) variates. Knowing the seed lets `compute_distribution` hand back the distribution
    another version computed from the same seed and inputs (the legacy path's 30 sampling
    versions share a few configurations: on the bench's 600 MiB log 18,240 computations were
    2,880 distinct). A variate asked for after such a hand-back is drawn as if the
    distribution had been computed here: the skipped computation is run first."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.seed_value = seed
        self.fresh = True
        self.skipped: (
            tuple[EntropyCode, DistributionConfig, Sequence[LevelParams], MarketRegime] | None
        ) = None

    def __call__(self, shape: float, scale: float) -> float:
        if self.skipped is not None:
            code, config, levels, regime = self.skipped
            self.skipped = None
            self.seed(self.seed_value)
            _distribution(code, config, levels, regime, self)
        self.fresh = False
        return self.gammavariate(shape, scale)


def gamma_source(draws: random.Random) -> GammaDraws:
    """What a port's `inputs_from` hands the optimizer as `gamma_draws`."""
    if isinstance(draws, SeededDraws):
        return draws
    return lambda shape, scale: draws.gammavariate(shape, scale)


#: Distributions computed from a fresh SeededDraws, by (code, config, levels, regime, seed).
_COMPUTED: dict[tuple[Any, ...], Distribution] = {}
_COMPUTED_MAX = 8192
#: Off, every distribution is computed (the tests compare both ways).
REUSE = True


def compute_distribution(
    code: EntropyCode,
    config: DistributionConfig,
    levels: Sequence[LevelParams],
    regime: MarketRegime,
    gamma_draws: GammaDraws,
) -> Distribution:
    """`EntropyDistributor::compute_distribution` (@3f3f2a9:574-623); from a fresh
    SeededDraws, the one already computed from the same inputs and seed when there is one."""
    if not (REUSE and isinstance(gamma_draws, SeededDraws) and gamma_draws.fresh):
        return _distribution(code, config, levels, regime, gamma_draws)
    key = (code, config, tuple(levels), regime, gamma_draws.seed_value)
    try:
        found = _COMPUTED.get(key)
    except TypeError:  # a level that is not hashable
        return _distribution(code, config, levels, regime, gamma_draws)
    if found is None:
        found = _distribution(code, config, levels, regime, gamma_draws)
        if len(_COMPUTED) >= _COMPUTED_MAX:
            _COMPUTED.clear()
        _COMPUTED[key] = found
    else:
        gamma_draws.fresh = False
        gamma_draws.skipped = (code, config, levels, regime)
    return replace(found, probabilities=list(found.probabilities), utilities=list(found.utilities))


def _distribution(
    code: EntropyCode,
    config: DistributionConfig,
    levels: Sequence[LevelParams],
    regime: MarketRegime,
    gamma_draws: GammaDraws,
) -> Distribution:
    values = utilities(code, levels, config)
    temperature = effective_temperature(config, regime)
    target = target_entropy(config)
    constrained, final_temp = project_to_min_entropy(values, temperature, target, 20)
    floored = apply_floor(constrained, config.min_allocation_floor)
    draws = _Draws(gamma_draws)
    stochastic = thompson_sample(floored, config.dirichlet_prior, config.thompson_samples, draws)
    final = normalize(stochastic)
    entropy = shannon_entropy(final)
    return Distribution(
        final, values, entropy, fexp(entropy), final_temp, entropy <= target + 0.1, draws.used
    )


# -- entropy_optimizer.rs --------------------------------------------------------------------


def optimize(
    code: EntropyCode,
    config: OptimizerConfig,
    *,
    price: float,
    margin_available: float,
    max_position: float,
    leverage: float,
    levels: Sequence[LevelParams],
    regime: MarketRegime,
    gamma_draws: GammaDraws,
) -> EntropyAllocation:
    """`EntropyConstrainedOptimizer::new(config, price, margin_available, max_position,
    leverage).optimize(levels, regime)` (entropy_optimizer.rs@3f3f2a9:136-246)."""
    if not levels:
        return EntropyAllocation((), (), (), 0.0, 0.0, 1.0, False, 0.0, 0.0, "None", 0, 0)
    dist = compute_distribution(code, config.distribution, levels, regime, gamma_draws)
    margin_per_unit = fdiv(price, leverage)
    max_by_margin = (
        fdiv(margin_available, margin_per_unit) if margin_per_unit > EPSILON else F64_MAX
    )
    total = rmin(max_by_margin, max_position)
    binding = (
        "Margin"
        if max_by_margin < max_position
        else "Position"
        if max_position < max_by_margin
        else "None"
    )
    raw = [p * total for p in dist.probabilities]
    sizes = notional_constraints(config, raw, price, total)
    position_used = seqsum(sizes)
    return EntropyAllocation(
        sizes=tuple(sizes),
        probabilities=tuple(dist.probabilities),
        utilities=tuple(dist.utilities),
        entropy=dist.entropy,
        effective_levels=dist.effective_levels,
        temperature_used=dist.temperature_used,
        min_entropy_binding=dist.min_entropy_binding,
        margin_used=position_used * margin_per_unit,
        position_used=position_used,
        binding_constraint=binding,
        active_levels=sum(1 for s in sizes if s > EPSILON),
        draws_used=dist.draws_used,
    )


def notional_constraints(
    config: OptimizerConfig, sizes: list[float], price: float, max_position: float
) -> list[float]:
    """`apply_notional_constraints` (@3f3f2a9:249-321): sizes under soft_factor x the
    minimum are pulled towards it, those under 0.8 x min_notional dropped, those between
    raised to the minimum; what was dropped is spread over the rest (at most x1.5), capped
    at `max_position` in total."""
    min_size = fdiv(config.min_notional, price)
    soft = min_size * config.notional_soft_factor
    if config.soft_notional_constraint:
        result = [_soft_notional(s, min_size, soft, price, config.min_notional) for s in sizes]
    else:
        result = [s if s * price >= config.min_notional else 0.0 for s in sizes]
    if config.redistribute_filtered:
        _redistribute(sizes, result, max_position)
    return result


def _soft_notional(
    s: float, min_size: float, soft: float, price: float, min_notional: float
) -> float:
    if s >= soft:
        return s
    if s >= min_size:
        t = fdiv(s - min_size, soft - min_size)
        return min_size + t * (s - min_size)
    if s * price >= min_notional * 0.8:
        return min_size
    return 0.0


def _redistribute(before: list[float], result: list[float], max_position: float) -> None:
    total_before = seqsum(before)
    total_after = seqsum(result)
    filtered = total_before - total_after
    if not (filtered > EPSILON and total_after > EPSILON):
        return
    scale = rmin(total_before / total_after, 1.5)
    for i, size in enumerate(result):
        if size > EPSILON:
            result[i] = size * scale
    new_total = seqsum(result)
    if new_total > max_position:
        correction = fdiv(max_position, new_total)
        for i, size in enumerate(result):
            result[i] = size * correction
