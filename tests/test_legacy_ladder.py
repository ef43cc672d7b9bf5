"""The legacy path from 2026-02-09 to the head (mmdiag.optimizer.v2026_02_legacy_ladder): what
the generic golden test cannot see, and single behaviours worth naming."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import asdict
from types import ModuleType
from typing import Any

import pytest

from mmdiag.optimizer import (
    guaranteed,
    v2026_02_09_size_cap,
    v2026_02_13_empty_side_fallback,
    v2026_02_15_quantum,
    v2026_02_16_early_equal_split,
    v2026_02_18_legacy_guaranteed,
    v2026_02_legacy_ladder,
    v2026_02_legacy_margin,
    v2026_03_03_legacy_self_impact,
)
from mmdiag.optimizer.registry import MODULES
from mmdiag.optimizer.sizing import SideState
from mmdiag.optimizer.weights import LevelParams
from tests.sizing_cases import golden_cases

LEGACY = [
    m for m in MODULES if isinstance(getattr(m, "RELEASE", None), v2026_02_legacy_ladder.Release)
]
NAMES = [m.VERSION.name for m in LEGACY]


def shapes_digest(run: Callable[..., Any], inputs: dict[str, Any]) -> float:
    """The harness's `shapes_digest` of the Gamma shapes the port asks for, handed the bot's
    recorded variates in order."""
    recorded = list(inputs["gamma_draws"])
    shapes: list[float] = []

    def draw(shape: float, scale: float) -> float:
        shapes.append(shape)
        return float(recorded[len(shapes) - 1])

    run(**{**inputs, "gamma_draws": draw})
    total = 0.0
    for k, shape in enumerate(shapes):
        total = total + shape * (float(k) + 1.0)
    return total


def test_every_release_of_the_path_is_registered() -> None:
    assert NAMES[0] == "2026-02-09"
    assert NAMES[-1] == "2026-03-03-legacy"
    assert len(NAMES) == 20


@pytest.mark.parametrize("module", LEGACY, ids=NAMES)
def test_the_optimizer_asks_for_the_bots_gamma_shapes(module: ModuleType) -> None:
    """The Dirichlet shapes carry everything upstream of the draws (utilities, the regime's
    temperature, the entropy floor): the recorded variates alone would hide a wrong one."""
    wrong = [
        case["id"]
        for case in golden_cases(module.VERSION.name)
        if shapes_digest(module.run, case["input"]) != case["output"]["shapes_digest"]
    ]
    assert wrong[:10] == []


@pytest.mark.parametrize("module", LEGACY, ids=NAMES)
def test_the_guaranteed_quote_clears_where_the_fallback_does(module: ModuleType) -> None:
    release = module.RELEASE
    code = guaranteed.floor_code(release.day) if release.guaranteed else None
    if code is not None:
        assert release.zone_clear == code.clear_at


def _inputs(module: ModuleType, **changes: Any) -> dict[str, Any]:
    return dict(module.inputs_from(_state(**changes), random.Random(7)))


def _state(**options: Any) -> SideState:
    return SideState(
        side="bid",
        mid=25.0,
        capacity=4.0,
        margin=1000.0,
        leverage=5.0,
        min_notional=10.0,
        min_level_size=0.001,
        sz_decimals=2,
        price_decimals=4,
        levels=tuple(
            LevelParams(depth, 50.0 / depth, depth - 1.5, 5.0, 1.0) for depth in (4.0, 7.0, 11.0)
        ),
        level_prices=(24.99, 24.98, 24.97),
        options=options,
    )


@pytest.mark.parametrize("module", LEGACY, ids=NAMES)
def test_inputs_from_a_replay_state(module: ModuleType) -> None:
    sizing = module.run(**_inputs(module))
    assert sizing.path in module.VERSION.paths
    assert sizing.orders() >= 1


def test_the_levels_reach_every_port_with_every_field_of_the_bots_struct() -> None:
    """`level_inputs` copies the levels' fields without asdict (too slow per draw): a field added to
    LevelParams must reach the ports too, and each call's dicts are the caller's own."""
    state = _state()
    first = state.level_inputs()
    assert first == [asdict(level) for level in state.levels]
    first[0]["depth_bps"] = -1.0
    assert state.level_inputs()[0]["depth_bps"] == 4.0


def test_no_order_above_a_quarter_of_max_position() -> None:
    inputs = _inputs(v2026_02_09_size_cap, max_position=2.0)
    sizing = v2026_02_09_size_cap.run(**inputs)
    assert max(sizing.sizes) <= 0.5
    assert any("Per-level size cap applied" in m for m in sizing.messages)


def test_a_side_without_levels_gets_the_fallback_from_2026_02_13() -> None:
    before = v2026_02_09_size_cap.run(**{**_inputs(v2026_02_09_size_cap), "levels": []})
    after = v2026_02_13_empty_side_fallback.run(
        **{**_inputs(v2026_02_13_empty_side_fallback), "levels": []}
    )
    assert before.path == "empty" and before.sizes == ()
    assert after.path == "concentration" and after.sizes == (1.0,)


def test_the_quantum_fallback_rounds_a_small_capacity_up() -> None:
    """From d1d2d49 `clamp_to_viable(..., true)`: a capacity under one minimum order (0.40
    coins at 25) still gets that order, above what the side may hold."""
    inputs = {**_inputs(v2026_02_15_quantum), "available_position": 0.05, "levels": []}
    sizing = v2026_02_15_quantum.run(**inputs)
    assert sizing.path == "concentration"
    assert sizing.sizes == (0.4,)
    assert sizing.depths_bps == (5.0,)


def test_small_tiers_split_the_capacity_equally() -> None:
    """Capacity 4 over three levels, truncated; with max_position at the capacity the 25% cap
    (1.0) binds instead."""
    inputs = {**_inputs(v2026_02_16_early_equal_split, max_position=1e9), "capital_tier": "Small"}
    sizing = v2026_02_16_early_equal_split.run(**inputs)
    assert sizing.sizes == (1.33, 1.33, 1.33)
    capped = {**inputs, "max_position": 4.0}
    assert v2026_02_16_early_equal_split.run(**capped).sizes == (1.0, 1.0, 1.0)
    assert not any("Entropy optimizer" in m for m in sizing.messages)


def test_no_margin_falls_through_to_the_guaranteed_quote() -> None:
    inputs = {**_inputs(v2026_02_18_legacy_guaranteed), "available_margin": 0.0}
    sizing = v2026_02_18_legacy_guaranteed.run(**inputs)
    assert sizing.path == "guaranteed"
    assert sizing.sizes == (0.4,)
    assert sizing.messages[-1] == "INFO:GUARANTEED BID: floor quote placed (min_viable size)"


def test_the_self_impact_cap_is_not_truncated() -> None:
    """3c0b542 caps each order at 30% of the near-touch depth in coins (41 USD at 25: 1.64
    coins, so 0.492) and does not truncate it to sz_decimals (2): the exchange takes no such
    size."""
    module = v2026_03_03_legacy_self_impact
    inputs = {**_inputs(module), "near_touch_depth_usd": 41.0, "max_position": 1e9}
    sizing = module.run(**inputs)
    capped = 0.3 * (41.0 / 25.0)
    assert capped in sizing.sizes
    assert round(capped, 2) != capped


def test_dynamic_margin_utilization() -> None:
    """ladder_strat@6a432ff:47-81, the bot's own table: calm 85%, normal 75%, volatile 65%,
    extreme 50%; +5% before 30% warm-up; x(0.5 + headroom) under 50% headroom."""
    f = v2026_02_legacy_margin.dynamic_margin_utilization
    assert f(1.0, 1.0, 1.0) == 0.85
    assert math.isclose(f(1.0, 1.0, 0.0), 0.90)
    assert math.isclose(f(1.5, 1.0, 1.0), 0.75)
    assert math.isclose(f(2.0, 1.0, 1.0), 0.65)
    assert f(4.0, 1.0, 1.0) == 0.50
    assert f(4.0, 0.0, 1.0) == 0.30


def test_capital_tier_counts_minimum_orders_on_the_larger_side() -> None:
    tier = v2026_02_legacy_ladder.capital_tier
    assert tier(1.0, 0.0, 0.4) == "Micro"
    assert tier(1.0, 0.3, 0.4) == "Small"
    assert tier(4.0, 0.0, 0.4) == "Medium"
    assert tier(7.0, 0.0, 0.4) == "Large"


def test_the_fallback_undid_the_red_zone_until_2026_02_15() -> None:
    """7d49f35 clears the accumulating side's depths in the Red zone (long 85%: no bid
    levels); from 2713f35 the fallback serves a side with no levels, so it quoted that side
    again, until d1d2d49 skipped a side the zone cleared."""
    inputs = {
        **_inputs(v2026_02_13_empty_side_fallback),
        "levels": [],
        "available_position": 1.5,
        "position": 8.5,
        "effective_max_position": 10.0,
        "max_position": 10.0,
    }
    assert v2026_02_13_empty_side_fallback.run(**inputs).sizes == (1.5,)
    later = {
        **_inputs(v2026_02_15_quantum),
        **{k: inputs[k] for k in inputs if k != "ladder_sizes"},
    }
    assert v2026_02_15_quantum.run(**later).path == "empty"


def test_the_quantum_fallback_can_fail_the_exchange_minimum_at_its_price() -> None:
    """min_viable_size is worth min_notional at the microprice; the bid sits 5 bps under it:
    0.40 x 24.988 = 9.9952 USD, which the placement check skips."""
    inputs = {**_inputs(v2026_02_15_quantum), "available_position": 0.05, "levels": []}
    sizing = v2026_02_15_quantum.run(**inputs)
    assert sizing.prices == (24.988,)
    assert sizing.sizes[0] * 24.988 < 10.0
