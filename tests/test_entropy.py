"""The entropy optimizer's port (mmdiag.optimizer.entropy) against the bot's own code at each
of its variants (tests/data/entropy/COMMIT.jsonl, tools/golden/entropy-optimizer), and the
entropy era's sizing versions on a replay's state."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mmdiag.optimizer import entropy, registry
from mmdiag.optimizer.sizing import SideState
from mmdiag.optimizer.weights import LevelParams
from tests.sizing_cases import same_float

DATA = Path(__file__).resolve().parent / "data" / "entropy"
ERA = [v for v in registry.versions() if "2026-01-04" <= v.first <= "2026-02-08"]
SAMPLING = [v for v in registry.versions() if v.stochastic]
DISTRIBUTION_FIELDS = (
    "min_entropy",
    "base_temperature",
    "toxicity_temp_scale",
    "dirichlet_prior",
    "min_allocation_floor",
    "spread_capture_weight",
    "fill_prob_weight",
    "negative_sc_penalty",
    "thompson_samples",
    "adaptive_temperature",
    "max_temp_multiplier",
    "as_confidence",
    "min_touch_ev",
)


def cases(commit: str) -> Iterator[dict[str, Any]]:
    with (DATA / f"{commit}.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def allocate(case: dict[str, Any]) -> entropy.EntropyAllocation:
    given = case["input"]
    code = entropy.CODES[given["commit"]]
    config = entropy.OptimizerConfig(
        distribution=entropy.DistributionConfig(**{k: given[k] for k in DISTRIBUTION_FIELDS}),
        min_notional=given["min_notional"],
        soft_notional_constraint=given["soft_notional_constraint"],
        notional_soft_factor=given["notional_soft_factor"],
        redistribute_filtered=given["redistribute_filtered"],
    )
    regime = entropy.MarketRegime(
        given["toxicity"],
        given["volatility_ratio"],
        given["cascade_severity"],
        given["book_imbalance"],
    )
    return entropy.optimize(
        code,
        config,
        price=given["price"],
        margin_available=given["margin_available"],
        max_position=given["max_position"],
        leverage=given["leverage"],
        levels=[LevelParams(**level) for level in given["levels"]],
        regime=regime,
        gamma_draws=given["gamma_draws"],
    )


def mismatches(got: entropy.EntropyAllocation, want: dict[str, Any], drawn: int) -> list[str]:
    found = []
    for key in ("sizes", "probabilities", "utilities"):
        mine, theirs = getattr(got, key), want[key]
        if len(mine) != len(theirs) or not all(map(same_float, mine, theirs)):
            found.append(f"{key}: {mine}, want {theirs}")
    for key in ("entropy", "effective_levels", "temperature_used", "margin_used", "position_used"):
        if not same_float(getattr(got, key), want[key]):
            found.append(f"{key}: {getattr(got, key)!r}, want {want[key]!r}")
    for key in ("min_entropy_binding", "binding_constraint", "active_levels"):
        if getattr(got, key) != want[key]:
            found.append(f"{key}: {getattr(got, key)!r}, want {want[key]!r}")
    if got.draws_used != drawn:
        found.append(f"{got.draws_used} variates used, the bot's code drew {drawn}")
    return found


@pytest.mark.parametrize("commit", list(entropy.CODES))
def test_the_optimizer_agrees_with_the_bot(commit: str) -> None:
    problems = []
    count = 0
    for case in cases(commit):
        count += 1
        drawn = len(case["input"]["gamma_draws"])
        for problem in mismatches(allocate(case), case["output"], drawn):
            problems.append(f"{case['id']}: {problem}")
    assert count >= 300
    assert problems[:10] == []


def test_a_release_date_picks_its_variant() -> None:
    assert entropy.code_at("2026-01-04").commit == "3f3f2a9"
    assert entropy.code_at("2026-01-08").commit == "cf72cbb"
    assert entropy.code_at("2026-01-26").commit == "cf72cbb"
    assert entropy.code_at("2026-01-27").commit == "f926853"
    assert entropy.code_at("2026-03-13").commit == "9b1737b"
    with pytest.raises(ValueError):
        entropy.code_at("2026-01-03")


def test_the_regime_reads_tail_risk_intensity_from_02_19() -> None:
    before = entropy.build_market_regime(
        "2026-02-18", jump_ratio=1.0, sigma_effective=2e-4, book_imbalance=0.0,
        tail_risk_multiplier=3.0, tail_risk_intensity=0.9,
    )  # fmt: skip
    after = entropy.build_market_regime(
        "2026-02-19", jump_ratio=1.0, sigma_effective=2e-4, book_imbalance=0.0,
        tail_risk_multiplier=3.0, tail_risk_intensity=1.7,
    )  # fmt: skip
    assert before.cascade_severity == 0.5
    assert after.cascade_severity == 1.0
    assert before.volatility_ratio == 2.0


EXAMPLE_LEVELS = tuple(
    LevelParams(8.5 * 1.5**i, 100.0 / (1 + i), 3.0 - i, 4500.0, 1.0) for i in range(5)
)


def example_config(commit: str) -> entropy.OptimizerConfig:
    return entropy.OptimizerConfig.for_code(
        entropy.CODES[commit],
        min_entropy=1.5,
        base_temperature=1.0,
        min_allocation_floor=0.02,
        thompson_samples=5,
        min_notional=10.0,
    )


def test_recorded_draws_replay_a_sampler() -> None:
    """A sampler's variates, handed back as a sequence, give the same sizes."""
    levels = list(EXAMPLE_LEVELS)
    config = example_config("cf72cbb")
    recorded: list[float] = []
    rng = random.Random(7)

    def sampler(shape: float, scale: float) -> float:
        recorded.append(rng.gammavariate(shape, scale))
        return recorded[-1]

    common: dict[str, Any] = {
        "price": 90000.0,
        "margin_available": 500.0,
        "max_position": 0.01,
        "leverage": 20.0,
        "levels": levels,
        "regime": entropy.MarketRegime(1.0, 1.0, 0.0, 0.0),
    }
    first = entropy.optimize(entropy.CODES["cf72cbb"], config, gamma_draws=sampler, **common)
    again = entropy.optimize(entropy.CODES["cf72cbb"], config, gamma_draws=recorded, **common)
    assert first.sizes == again.sizes
    assert first.draws_used == len(recorded) == 25
    with pytest.raises(ValueError):
        entropy.optimize(entropy.CODES["cf72cbb"], config, gamma_draws=recorded[:3], **common)


def _distribution_case() -> tuple[Any, ...]:
    config = example_config("9b1737b").distribution
    regime = entropy.MarketRegime(1.0, 1.0, 0.0, 0.0)
    return entropy.CODES["9b1737b"], config, EXAMPLE_LEVELS, regime


def test_a_distribution_handed_back_is_the_one_the_seed_computes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second fresh draw of the same seed gets the first's distribution, and the variates it
    draws after it are those it would have drawn had it computed the distribution itself."""
    case = _distribution_case()
    monkeypatch.setattr(entropy, "_COMPUTED", {})
    first, second = entropy.SeededDraws(11), entropy.SeededDraws(11)
    computed = entropy.compute_distribution(*case, first)
    handed = entropy.compute_distribution(*case, second)
    assert second.skipped is not None and first.skipped is None
    assert handed == computed and handed.probabilities is not computed.probabilities
    handed.probabilities[0] = -1.0  # the caller's own copy
    assert entropy.compute_distribution(*case, entropy.SeededDraws(11)) == computed
    plain = random.Random(11)
    assert entropy.compute_distribution(*case, entropy.gamma_source(plain)) == computed
    after = [plain.gammavariate(0.7, 1.0) for _ in range(3)]
    assert [second(0.7, 1.0) for _ in range(3)] == after
    assert [first(0.7, 1.0) for _ in range(3)] == after
    other = entropy.compute_distribution(*case, entropy.SeededDraws(12))
    assert other.probabilities != computed.probabilities


@pytest.mark.parametrize("version", SAMPLING[::4], ids=lambda v: v.name)
def test_handing_distributions_back_changes_no_replay(
    version: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each version's draws give the same orders whether their distributions are computed or
    handed back from another version's (two of them run first, sharing seeds)."""
    from mmdiag.replay import versions as replaying

    state = seed_state(0.002633, 237.0)
    for other in SAMPLING[1::5]:
        for seed in range(6):
            replaying._one_draw(other, state, seed)
    reused = [replaying._one_draw(version, state, seed) for seed in range(6)]
    monkeypatch.setattr(entropy, "REUSE", False)
    assert [replaying._one_draw(version, state, seed) for seed in range(6)] == reused


def seed_state(capacity: float, margin: float, **options: Any) -> SideState:
    """The seed's BTC side (SEED_TABLE.md): five levels from 8.5 bps, $90,000, 20x."""
    depths = (8.5, 12.75, 19.125, 28.6875, 43.03125)
    levels = tuple(
        LevelParams(d, 2000.0 * min(1.0, (0.0001 * math.sqrt(600.0) / (d / 1e4)) ** 2),
                    max(d - 3.0 * math.exp(-d / 8.0) - 3.5, 0.0), 4500.0,
                    3.0 * math.exp(-d / 8.0))
        for d in depths
    )  # fmt: skip
    return SideState(
        side="bid",
        mid=90000.0,
        capacity=capacity,
        margin=margin,
        leverage=20.0,
        min_notional=10.0,
        min_level_size=0.001,
        sz_decimals=5,
        price_decimals=1,
        levels=levels,
        level_prices=tuple(round(90000.0 * (1 - d / 1e4)) for d in depths),
        options=options,
    )


@pytest.mark.parametrize("version", ERA, ids=lambda v: v.name)
def test_a_replay_state_runs_every_version(version: Any) -> None:
    state = seed_state(0.002633, 237.0)
    for seed in range(4):
        sizing = version.run(**version.inputs_from(state, random.Random(seed)))
        assert sizing.path in version.paths
        assert "INFO:Entropy optimizer applied to bids" in sizing.messages
        assert all(size >= 0.0 for size in sizing.sizes)


@pytest.mark.parametrize("version", ERA, ids=lambda v: v.name)
def test_no_margin_skips_the_optimizer(version: Any) -> None:
    sizing = version.run(**version.inputs_from(seed_state(0.002633, 0.0), random.Random(1)))
    assert sizing.path == "margin_unavailable"
    assert sizing.messages[-1].startswith("WARN:Constrained optimizer skipped")


def test_the_soft_constraint_sizes_above_capacity_and_under_10_usd() -> None:
    """A $9 capacity on one level: the optimizer raises the size to min_notional / price
    (0.000111 BTC), more than the capacity, and truncation leaves $9.90."""
    version = registry.version("2026-01-13")
    state = seed_state(0.0001, 1e6)
    state = SideState(**{**state.__dict__, "levels": state.levels[:1], "level_prices": (89924.0,)})
    sizing = version.run(**version.inputs_from(state, random.Random(3)))
    assert sizing.sizes == (0.00011,)
    assert sizing.sizes[0] > state.capacity
    assert sizing.sizes[0] * 89924.0 < 10.0


def test_the_fallback_quotes_the_whole_capacity_whatever_the_margin() -> None:
    """Twenty thin levels all under $8: the 01-13 fallback puts the whole capacity at 2 bps
    (0.0003 truncated to 0.00029: 0.0003 x 1e5 is 29.999...), though the margin split gave
    the optimizer $1.25."""
    version = registry.version("2026-01-13")
    state = seed_state(0.0003, 5.0)
    levels = tuple(
        LevelParams(5.0 + i, 10.0, 1.0, 4500.0, 0.5) for i in range(20)
    )  # fmt: skip
    state = SideState(**{**state.__dict__, "levels": levels, "level_prices": (0.0,) * 20})
    sizing = version.run(**version.inputs_from(state, random.Random(0)))
    assert sizing.path == "concentration"
    assert sizing.sizes == (0.00029,)
    assert sizing.depths_bps == (2.0,)
    assert sizing.prices == (89982.0,)
