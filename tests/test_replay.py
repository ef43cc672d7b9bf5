"""Replays: SEED_TABLE.md's rows, the certainty facts, silent outcomes, the sweep, the CLI."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmdiag.optimizer.numeric import EPSILON
from mmdiag.replay import ReplayInputs, replay, sweep_capacity
from tests.cli_helpers import run

SEED_237 = ReplayInputs(price=90000.0, side_capacity=0.002633, levels=5, leverage=20, margin=237.0)
SEED_50 = ReplayInputs(price=90000.0, side_capacity=0.0003, levels=5, leverage=20, margin=50.0)


@pytest.mark.parametrize(
    ("inputs", "method", "raw", "truncated"),
    [
        (
            SEED_237,
            "kelly",
            [0.000959485, 0.000695638, 0.0004815, 0.000318749, 0.000177628],
            [0.00095, 0.00069, 0.00048, 0.00031, 0.00017],
        ),
        (
            SEED_237,
            "proportional",
            [0.000176233, 0.000384232, 0.000682615, 0.000813983, 0.000575937],
            [0.00017, 0.00038, 0.00068, 0.00081, 0.00057],
        ),
        (SEED_50, "kelly", [0.0003, 0, 0, 0, 0], [0.00029, 0, 0, 0, 0]),
        (SEED_50, "proportional", [0, 0, 0, 0.0003, 0], [0, 0, 0, 0.00029, 0]),
    ],
)
def test_seed_table_a(
    inputs: ReplayInputs, method: str, raw: list[float], truncated: list[float]
) -> None:
    """SEED_TABLE.md Table A: before, no orders; after, these sizes (6 significant digits)."""
    result = replay(inputs, method)
    assert result.pre.accepted == ()
    assert [float(f"{s:.6g}") for s in result.fixed.sizes] == raw
    placed = [0.0] * inputs.levels
    for order in result.fixed.accepted:
        placed[order.level] = order.size
    assert placed == truncated
    assert result.fixed.fallback_fired == (inputs is SEED_50)


def test_certain_answers_follow_the_facts() -> None:
    assert replay(SEED_237).fallback == "not_needed" and replay(SEED_237).certain
    fifty = replay(SEED_50)
    assert fifty.fallback == "fires_or_levels" and not fifty.certain
    assert fifty.modelled_fallback == "fires" and fifty.fixed_quotes
    dust = replay(ReplayInputs(price=90000.0, side_capacity=0.0001, levels=5))
    assert dust.fallback == "cannot_fire" and dust.certain and not dust.fixed_quotes


def test_fallback_order_under_ten_dollars_after_truncation_is_named() -> None:
    result = replay(ReplayInputs(price=90000.0, side_capacity=0.000115, levels=5))
    assert result.fixed.fallback_fired
    assert not result.fixed_quotes and result.certain
    assert "under $10" in result.fixed.silent[0]


def test_lossy_truncation_is_the_bots() -> None:
    (order,) = replay(SEED_50).fixed.accepted
    assert order.size == 0.00029  # 0.0003 * 1e5 = 29.999999999999996


def test_sweep_finds_where_each_version_starts_to_quote() -> None:
    rows = {(r.version, r.orders): r for r in sweep_capacity(SEED_237).rows}
    assert set(rows) == {(v, k) for v in ("pre_fallback", "with_fallback") for k in range(1, 6)}
    first_fixed = rows[("with_fallback", 1)].capacity
    assert first_fixed is not None and 0.00012 * 0.999 <= first_fixed <= 0.00012
    for version in ("pre_fallback", "with_fallback"):
        found = [rows[(version, k)].capacity for k in range(1, 6)]
        assert all(c is not None for c in found)
        assert found == sorted(found)
        for k, capacity in enumerate(found, 1):
            assert capacity is not None
            for probe_capacity, at_least in ((capacity, k), (math.nextafter(capacity, 0), 0)):
                probe = ReplayInputs(**{**SEED_237.__dict__, "side_capacity": probe_capacity})
                outcome = replay(probe)
                chosen = outcome.pre if version == "pre_fallback" else outcome.fixed
                if at_least:
                    assert len(chosen.accepted) >= k
                else:  # one float lower places fewer: the boundary is exact
                    assert len(chosen.accepted) < k
    pre_first = rows[("pre_fallback", 1)].capacity
    assert pre_first is not None and pre_first > 0.001  # needs one level over min_level_size


@settings(max_examples=60, deadline=None)
@given(
    price=st.floats(1.0, 200_000.0),
    capacity=st.floats(0.0, 0.05),
    levels=st.integers(1, 8),
    min_level_size=st.floats(0.0, 0.01),
    sz_decimals=st.integers(0, 6),
    method=st.sampled_from(["kelly", "proportional"]),
)
def test_replay_properties(
    price: float,
    capacity: float,
    levels: int,
    min_level_size: float,
    sz_decimals: int,
    method: str,
) -> None:
    inputs = ReplayInputs(
        price=price,
        side_capacity=capacity,
        levels=levels,
        min_level_size=min_level_size,
        sz_decimals=sz_decimals,
        price_decimals=2,
    )
    result = replay(inputs, method)
    for outcome in (result.pre, result.fixed):
        assert sum(outcome.sizes) <= capacity * (1 + 1e-12) + EPSILON
        for order in outcome.orders:
            # The bot's truncation is a float product: 0.049999999999999996 at 2 decimals
            # gives 0.05, one ulp above; it never adds more than that.
            assert order.size <= order.raw_size * (1 + 1e-12)
    if all(o.usd < inputs.min_notional for o in result.fixed.orders):
        assert not result.fixed.quotes
    if result.certain:
        assert result.fixed_quotes == result.fixed.quotes


def test_replay_cli_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "replay", "--price", "90000", "--capacity", "0.0003", "--margin", "50")
    assert result.code == 0, result.err
    assert "yes, at level 0" in result.out
    assert "0.0003 BTC -> 0.00029 BTC = $26.08: placed" in result.out
    assert "only under the bot's default per-level profile" in result.out
    data = json.loads(
        run(capsys, "replay", "--price", "90000", "--capacity", "0.0003", "--format", "json").out
    )
    assert data["with_fallback"]["orders_placed"] == 1
    assert data["fallback"] == "fires_or_levels" and data["certain"] is False
    assert data["input_sources"]["side_capacity"] == "flag"
    assert data["input_sources"]["leverage"] == "default"


def test_replay_cli_sweep(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "replay", "--price", "90000", "--sweep", "capacity", "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["sweep"]
    assert len(rows) == 10


@pytest.mark.parametrize(
    "args",
    [
        ["--price", "-1", "--capacity", "0.001"],
        ["--price", "nan", "--capacity", "0.001"],
        ["--price", "90000", "--capacity", "0.001", "--levels", "0"],
        ["--price", "90000", "--capacity", "0.001", "--leverage", "0"],
        ["--price", "90000"],
        ["--price", "90000", "--capacity", "0.001", "--depths", "5,x"],
        ["--price", "90000", "--capacity", "0.001", "--kappa", "-3"],
        ["--price", "90000", "--capacity", "0.001", "--method", "magic"],
    ],
)
def test_replay_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    result = run(capsys, "replay", *args)
    assert result.code == 2
    assert result.err.startswith("mmdiag: ") and result.err.count("\n") == 1


def test_min_notional_over_the_whole_capacity_is_a_cannot_quote_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(
        capsys, "replay", "--price", "90000", "--capacity", "0.0001", "--min-notional", "50"
    )
    assert result.code == 0
    assert "no version can quote" in result.out
    assert "places no order the exchange accepts" in result.out
