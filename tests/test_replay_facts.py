"""The facts a replay may call certain: margin, degenerate profiles, depth, truncation, pre-fix."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmdiag.profile import ProfileParams
from mmdiag.replay import (
    REASONS,
    ReplayInputs,
    certain_quoting_capacity,
    facts,
    first_quoting_capacity,
    optimizer_room,
    replay,
)

BASE = ReplayInputs(price=90000.0, side_capacity=0.002633, levels=5, leverage=10.0, coin="BTC")


@pytest.mark.parametrize("margin", [0.0, 0.5])
def test_margin_under_the_minimum_is_certainly_no_order(margin: float) -> None:
    # 0.5 USD at 10x buys 0.5 / 9000 = 0.0000556 BTC: under the 0.000111 BTC minimum.
    result = replay(replace(BASE, margin=margin))
    assert result.fixed.binding_constraint == "Margin"
    assert result.fixed.accepted == ()
    assert result.fixed_quotes is False and result.certain
    assert result.fallback == "cannot_fire"
    assert result.fixed_facts.reason == "under_min_size"
    assert result.fixed_facts.binding == "Margin"
    assert result.fixed_facts.capacity == pytest.approx(margin / 9000.0)


def test_margin_that_only_the_fallback_can_use_is_not_certain() -> None:
    # $2 at 10x: 0.000222 BTC, over the minimum but split over 5 levels under it.
    result = replay(replace(BASE, margin=2.0))
    assert len(result.fixed.accepted) == 1 and result.fixed.fallback_fired
    assert result.fallback == "fires_or_levels" and result.modelled_fallback == "fires"
    assert not result.certain
    assert result.fixed_facts.reason == "split_over_levels"


def test_the_margin_per_unit_is_price_over_leverage_at_least_one() -> None:
    room = optimizer_room(replace(BASE, margin=9.0, leverage=0.5))
    assert room.capacity == 9.0 / 90000.0  # leverage 0.5 is used as 1
    assert room.binding == "Margin"
    assert replace(BASE, leverage=0.5).margin_per_unit == 90000.0


@pytest.mark.parametrize(
    "params",
    [ProfileParams(sigma=1e-6), ProfileParams(depths=(0.0, 0.0, 0.0, 0.0, 0.0))],
    ids=["tiny-sigma", "zero-depths"],
)
def test_a_profile_with_all_weights_zero_is_never_called_certain(params: ProfileParams) -> None:
    result = replay(replace(BASE, margin=237.0, leverage=20.0), params=params)
    assert result.fixed.accepted == ()
    assert result.fixed_facts.quotes is True  # the facts assume weights that sum to 1...
    assert not result.certain  # ...so the modelled result, which disagrees, wins
    assert result.fixed_quotes is False
    assert any("weight is 0" in note for note in result.notes)
    assert any("not certain" in note for note in result.notes)


def test_deep_explicit_depths_lower_the_order_price_bound() -> None:
    params = ProfileParams(depths=(900.0, 920.0, 940.0, 960.0, 980.0))
    inputs = replace(BASE, side_capacity=0.00061)
    # Share 0.000122 -> 0.00012 BTC, $10.80 at the mid but $9.74 at 900 bps below it.
    assert facts("with_fallback", inputs).quotes is True  # the default 200 bps bound
    deep = facts("with_fallback", inputs, params)
    assert deep.quotes is None and deep.reason == "order_price"
    assert deep.lowest_order_price == 81180.0
    assert not replay(inputs, params=params).certain


def test_truncation_alone_decides_when_the_largest_level_certainly_passes() -> None:
    # sz_decimals 3: 0.002633 / 5 = 0.000527 passes the 0.000111 minimum (the fallback is
    # certainly not needed), but truncates to 0.0; whether an order survives depends.
    inputs = replace(BASE, sz_decimals=3)
    found = facts("with_fallback", inputs)
    assert found.fallback == "not_needed" and found.level_passes is True
    assert found.quotes is None and found.reason == "truncation"


def test_capacity_at_five_times_the_step_is_not_yet_certain() -> None:
    # 0.0006 / 5 is 0.00011999999999999999 in floats: it truncates to 0.00011 ($9.90).
    assert not replay(replace(BASE, side_capacity=0.0006)).certain
    boundary = certain_quoting_capacity("with_fallback", BASE)
    assert boundary is not None and 0.0006 < boundary < 0.0006 * (1 + 1e-9)
    assert facts("with_fallback", replace(BASE, side_capacity=boundary)).quotes is True
    below = replace(BASE, side_capacity=math.nextafter(boundary, 0.0))
    assert facts("with_fallback", below).quotes is None


@pytest.mark.parametrize(
    ("capacity", "certain", "reason"),
    [
        (0.0003, True, "under_min_size"),
        (0.002633, False, "split_over_levels"),
        (0.006, True, "levels_pass"),
    ],
)
def test_the_pre_fix_answer_has_its_own_certainty(
    capacity: float, certain: bool, reason: str
) -> None:
    result = replay(replace(BASE, side_capacity=capacity))
    assert result.pre_certain is certain
    assert result.pre_facts.reason == reason
    assert result.pre_facts.fallback == "absent"
    assert result.to_dict()["pre_fallback_certain"] is certain


def test_first_order_is_computed_at_the_order_price_not_the_mid() -> None:
    # At 83400 the fallback's 0.00012 BTC order sits at 83329: $9.99948, skipped.
    inputs = ReplayInputs(price=83400.0, side_capacity=0.00012, levels=5, coin="BTC")
    result = replay(inputs)
    (order,) = result.fixed.orders
    assert order.price == 83329.0 and not order.accepted
    assert "$9.999 " in result.fixed.silent[0]  # not "$10.00", which reads as enough
    need = first_quoting_capacity(inputs)
    assert need > 0.00012
    assert len(replay(replace(inputs, side_capacity=need)).fixed.accepted) == 1
    assert replay(replace(inputs, side_capacity=math.nextafter(need, 0))).fixed.accepted == ()
    (first,) = [t for t in result.thresholds if t.name == "first_order"]
    assert first.ratio is not None and first.ratio < 1


@settings(max_examples=80, deadline=None)
@given(
    price=st.floats(10.0, 200_000.0),
    capacity=st.floats(0.0, 0.05),
    margin=st.one_of(st.none(), st.floats(0.0, 500.0)),
    leverage=st.floats(0.5, 50.0),
    levels=st.integers(1, 8),
    sz_decimals=st.integers(0, 6),
    sigma=st.sampled_from([1e-6, 5e-5, 1e-4, 2e-4]),
    kappa=st.sampled_from([500.0, 2000.0, 5000.0]),
    side=st.sampled_from(["bid", "ask"]),
    method=st.sampled_from(["kelly", "proportional"]),
)
def test_a_certain_answer_is_never_contradicted_by_the_modelled_one(
    price: float,
    capacity: float,
    margin: float | None,
    leverage: float,
    levels: int,
    sz_decimals: int,
    sigma: float,
    kappa: float,
    side: str,
    method: str,
) -> None:
    inputs = ReplayInputs(
        price=price,
        side_capacity=capacity,
        levels=levels,
        sz_decimals=sz_decimals,
        leverage=leverage,
        margin=margin,
        side=side,
        price_decimals=2,
    )
    result = replay(inputs, method, ProfileParams(sigma=sigma, kappa=kappa))
    for f, outcome, certain in (
        (result.fixed_facts, result.fixed, result.certain),
        (result.pre_facts, result.pre, result.pre_certain),
    ):
        assert f.reason in REASONS
        if f.quotes is False:  # "certainly nothing" holds for every profile, this one too
            assert not outcome.quotes and certain
        if certain:
            assert f.quotes == outcome.quotes
        if f.level_passes is True and result.fixed is outcome:
            assert not outcome.fallback_fired
    if result.fallback == "cannot_fire":
        assert not result.fixed.fallback_fired
    assert all(order.usd >= inputs.min_notional for order in result.fixed.accepted)
