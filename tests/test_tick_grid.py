"""The tick-grid path's versions (2026-02-17 to the head) one behaviour at a time; the golden
vectors (test_sizing_golden.py) check them against the bot's code case by case."""

from __future__ import annotations

import importlib
import itertools
import math
import random
from dataclasses import replace
from typing import Any

import pytest

from mmdiag.optimizer import guaranteed, tick_grid_ladder
from mmdiag.optimizer.quantum import SizeQuantum
from mmdiag.optimizer.sizing import SideState, SizingVersion

MODULES = (
    "v2026_02_17_tick_grid_greedy",
    "v2026_02_17_tick_grid",
    "v2026_02_18_tick_grid_floor",
    "v2026_02_19_tick_grid_min_cap",
    "v2026_02_19_tick_grid_zones",
    "v2026_02_19_tick_grid_sc_as",
    "v2026_02_23_tick_grid_kill_clear",
    "v2026_02_28_tick_grid_floor_at_price",
    "v2026_02_28_tick_grid_conviction",
    "v2026_03_03_tick_grid_self_impact",
    "v2026_03_04_tick_grid_touch",
)
VERSIONS: list[SizingVersion] = [
    importlib.import_module(f"mmdiag.optimizer.{name}").VERSION for name in MODULES
]
HEAD = VERSIONS[-1]


def hype(capacity: float, margin: float = 1000.0, **options: Any) -> SideState:
    """A HYPE-like bid at $25 (sz_decimals 2: the minimum is 0.40, exactly $10 at the mid)."""
    return SideState(
        side="bid",
        mid=25.0,
        capacity=capacity,
        margin=margin,
        leverage=5.0,
        min_notional=10.0,
        min_level_size=0.01,
        sz_decimals=2,
        price_decimals=4,
        levels=(),
        level_prices=(),
        options=options,
    )


def replay(version: SizingVersion, state: SideState) -> Any:
    return version.run(**version.inputs_from(state, random.Random(0)))


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.name)
def test_every_version_is_the_tick_grid_path(version: SizingVersion) -> None:
    sizing = replay(version, hype(20.0))
    assert version.ladder == "tick_grid"
    assert sizing.path == "normal"
    assert f"INFO:{version.evidence[0]}" in sizing.messages
    assert all(
        size * price >= 9.9 for size, price in zip(sizing.sizes, sizing.prices or (), strict=True)
    )


def test_versions_follow_each_other() -> None:
    for earlier, later in itertools.pairwise(VERSIONS):
        assert earlier.first <= later.first
        assert earlier.last is not None and earlier.last <= later.first
    assert HEAD.last is None


@pytest.mark.parametrize("version", VERSIONS[:2], ids=lambda v: v.name)
def test_before_the_floor_a_side_under_the_minimum_gets_nothing(version: SizingVersion) -> None:
    sizing = replay(version, hype(0.39))
    assert sizing.path == "empty" and sizing.sizes == ()
    assert "WARN:Reducing ladder levels due to tight exchange limits" in sizing.messages


@pytest.mark.parametrize("version", VERSIONS[2:], ids=lambda v: v.name)
def test_the_floor_quotes_the_minimum_whatever_the_capacity(version: SizingVersion) -> None:
    """No concentration fallback: the guaranteed floor, which never looks at the capacity."""
    sizing = replay(version, hype(0.0))
    assert sizing.path == "guaranteed"
    assert sizing.sizes[0] >= 0.4
    assert sizing.messages[-1] == "INFO:GUARANTEED BID: floor quote placed (min_viable size)"


def test_no_margin_before_the_floor_quotes_the_generators_ladder() -> None:
    state = hype(20.0, margin=0.0, ladder_sizes=[1.5, 2.5])
    sizing = replay(VERSIONS[1], state)
    assert (sizing.path, sizing.sizes) == ("margin_unavailable", (1.5, 2.5))
    assert replay(VERSIONS[2], state).path == "guaranteed"


def test_a_minimum_bid_can_be_under_ten_dollars_at_its_own_price() -> None:
    """0.40 is $10 at the $25 mid, so the tick grid keeps it; at the bid's price it is not."""
    sizing = replay(HEAD, hype(1.0))
    assert sizing.sizes == (0.4,)
    assert sizing.prices is not None and sizing.sizes[0] * sizing.prices[0] < 10.0


def test_the_floor_sizes_at_its_own_price_from_57a1fbf() -> None:
    quantum = SizeQuantum.compute(10.0, 25.0, 2)
    common: dict[str, Any] = dict(
        side="bid",
        microprice=25.0,
        decimals=4,
        fee_bps=1.5,
        tick_size_bps=0.4,
        glft_optimal_bps=3.0,
        effective_floor_bps=2.0,
        position=0.0,
        effective_max_position=1.0,
        quantum=quantum,
    )
    before = guaranteed.floor_quote(guaranteed.FLOOR_CODES[2], **common)
    after = guaranteed.floor_quote(guaranteed.FLOOR_CODES[3], **common)
    assert before is not None and after is not None
    assert before.size == 0.4 and before.size * before.price < 10.0
    assert after.size > 0.4 and after.size * after.price >= 10.0


@pytest.mark.parametrize(
    ("version", "cleared_from"),
    [(VERSIONS[2], 0.8), (VERSIONS[4], 1.0), (VERSIONS[6], 0.9)],
    ids=lambda x: getattr(x, "name", str(x)),
)
def test_the_accumulating_side_is_cleared_at_high_inventory(
    version: SizingVersion, cleared_from: float
) -> None:
    long_state = hype(20.0, position=cleared_from * 20.0, effective_max_position=20.0)
    assert replay(version, long_state).path == "empty"
    below = hype(20.0, position=(cleared_from - 0.02) * 20.0, effective_max_position=20.0)
    assert replay(version, below).path == "normal"
    assert replay(version, replace(long_state, side="ask")).path == "normal"


def test_small_capacity_is_split_evenly_from_d116d41() -> None:
    """Four minimum orders of capacity on a Medium side: the softmax spreads them under the
    minimum (nothing left), the uniform form gives four levels the tier's cap of 0.40."""
    softmax = replay(VERSIONS[1], hype(1.6, tier="Medium"))
    uniform = replay(VERSIONS[2], hype(1.6, tier="Medium"))
    assert softmax.sizes == ()
    assert uniform.sizes == (0.4, 0.4, 0.4, 0.4)


def test_the_self_impact_cap_leaves_an_order_under_the_minimum() -> None:
    state = hype(20.0, near_touch_depth_usd=20.0)
    before = replay(VERSIONS[8], state)
    after = replay(VERSIONS[9], state)
    assert min(before.sizes) >= 0.4
    assert max(after.sizes) == pytest.approx(0.3 * 20.0 / 25.0)
    assert max(after.sizes) < 0.4
    assert "INFO:Self-impact cap applied: order sizes capped to avoid book dominance" in (
        after.messages
    )


def test_the_head_always_keeps_the_touch() -> None:
    sizing = replay(HEAD, hype(20.0, as_at_touch_bps=50.0))
    touch = tick_grid_ladder.rmax(3.0, 1.5)
    assert sizing.depths_bps is not None
    assert sizing.depths_bps[0] < touch * 2.0


def test_inputs_from_models_the_tier_from_the_capacity() -> None:
    inputs = HEAD.inputs_from(hype(1.0), random.Random(0))
    assert inputs["tier"] == "Micro"
    assert HEAD.inputs_from(hype(40.0), random.Random(0))["tier"] == "Large"
    assert inputs["margin_capacity"] == pytest.approx(1000.0 * 0.9 * 0.5)
    unknown = HEAD.inputs_from(hype(1.0, margin=math.inf), random.Random(0))
    assert unknown["margin_capacity"] == math.inf
