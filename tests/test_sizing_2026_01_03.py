"""The 2026-01-03 sizing (cf48daa) on hand-made sides: what its golden vectors check in bulk,
told one behaviour at a time, and the parts they cannot check (both sides, inputs_from)."""

from __future__ import annotations

import math
import random
from typing import Any

from mmdiag.optimizer import SideState, run
from mmdiag.optimizer.v2026_01_03_depth_fallback import COMPLETELY_EMPTY, VERSION, ladder_messages
from mmdiag.optimizer.weights import LevelParams

PRICE = 90000.0


def level(depth: float, fill: float, capture: float) -> dict[str, float]:
    return {
        "depth_bps": depth,
        "fill_intensity": fill,
        "spread_capture": capture,
        "margin_per_unit": PRICE / 20.0,
        "adverse_selection": 3.0 * math.exp(-depth / 8.0),
    }


def side(levels: list[dict[str, float]], **changes: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "side": "bid",
        "margin_available": 237.0,
        "max_position": 0.0003,
        "min_size": 0.001,
        "min_notional": 10.0,
        "price": PRICE,
        "leverage": 20.0,
        "levels": levels,
        "method": "proportional",
        "kelly": None,
        "sz_decimals": 5,
        "ladder_sizes": None,
    }
    inputs.update(changes)
    return inputs


def test_no_weight_goes_to_the_first_of_the_tightest_levels_with_spread() -> None:
    levels = [level(8.0, 0.0, 0.0), level(5.0, 0.0, 2.0), level(5.0, 0.0, 3.0)]
    got = run("2026-01-03", **side(levels))
    # The whole 0.0003 BTC, truncated as the bot truncates it (0.0003 * 1e5 = 29.999...).
    assert got.sizes == (0.0, 0.00029, 0.0)
    assert got.path == "concentration_depth"
    assert got.messages == (
        "INFO:Optimizer: total_mv near zero, will use concentration fallback",
        "INFO:Concentration fallback (depth): all MV zero but spread positive, using "
        "tightest level",
        "INFO:Concentration fallback: single quote at best level",
    )


def test_no_spread_capture_returns_at_once() -> None:
    got = run("2026-01-03", **side([level(5.0, 1.0, 0.0), level(8.0, 1.0, -1.0)]))
    assert got.sizes == (0.0, 0.0)
    assert got.path == "empty"
    assert got.messages[-1] == "WARN:All bid levels filtered out (sizes too small)"


def test_the_fallback_by_weight_keeps_the_last_of_equal_weights() -> None:
    levels = [level(5.0, 1.0, 2.0), level(8.0, 2.0, 1.0), level(11.0, 0.5, 1.0)]
    got = run("2026-01-03", **side(levels, max_position=0.0002))
    assert got.sizes == (0.0, 0.0002, 0.0)
    assert got.path == "concentration"
    assert got.messages[0] == "INFO:Concentration fallback (MV): selected by marginal value"


def test_no_margin_quotes_the_generators_own_ladder() -> None:
    got = run("2026-01-03", **side([level(5.0, 1.0, 2.0)] * 2, margin_available=0.0))
    assert got.path == "margin_unavailable"
    assert all(math.isnan(size) for size in got.sizes)
    given = side([level(5.0, 1.0, 2.0)] * 2, margin_available=0.0, ladder_sizes=[0.004, 0.002])
    assert run("2026-01-03", **given).sizes == (0.004, 0.002)


def test_completely_empty_needs_both_sides() -> None:
    empty = run("2026-01-03", **side([level(5.0, 1.0, 0.0)]))
    quoting = run("2026-01-03", **side([level(5.0, 1.0, 2.0)], max_position=0.01))
    no_levels = run("2026-01-03", **side([]))
    skipped = run("2026-01-03", **side([level(5.0, 1.0, 2.0)], margin_available=-1.0))
    assert ladder_messages(empty, no_levels) == (COMPLETELY_EMPTY,)
    assert ladder_messages(empty, quoting) == ()
    assert ladder_messages(skipped, skipped) == ()


def test_inputs_from_takes_the_generator_sizes_from_the_options() -> None:
    state = SideState(
        side="ask",
        mid=PRICE,
        capacity=0.002633,
        margin=0.0,
        leverage=20.0,
        min_notional=10.0,
        min_level_size=0.001,
        sz_decimals=5,
        price_decimals=1,
        levels=(LevelParams(5.0, 1.0, 2.0, PRICE / 20.0, 1.0),),
        level_prices=(90045.0,),
        method="proportional",
        options={"ladder_sizes": [0.002]},
    )
    inputs = VERSION.inputs_from(state, random.Random(0))
    assert set(inputs) == set(VERSION.inputs)
    assert run("2026-01-03", **inputs).sizes == (0.002,)
