"""The capacity sweep and thresholds: exact boundaries, the fixed version's gap, the margin cap,
and printed capacities that really place the orders they claim."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmdiag.replay import ReplayInputs, replay, shown_capacity, sweep_capacity
from tests.cli_helpers import run

BASE = ReplayInputs(price=90000.0, side_capacity=0.0, levels=5, leverage=10.0, coin="BTC")


def orders(version: str, capacity: float, method: str = "kelly") -> int:
    result = replay(replace(BASE, side_capacity=capacity), method)
    return len((result.pre if version == "pre_fallback" else result.fixed).accepted)


@pytest.mark.parametrize(
    ("method", "start", "end"),
    [("kelly", 0.000305, 0.000329), ("proportional", 0.0003595, 0.0003881)],
)
def test_the_fixed_versions_gap_is_found_and_named(method: str, start: float, end: float) -> None:
    sweep = sweep_capacity(BASE, method)
    (gap,) = sweep.gaps
    assert gap.version == "with_fallback"
    assert gap.start == pytest.approx(start, rel=2e-3)
    assert gap.end is not None and gap.end == pytest.approx(end, rel=2e-3)
    assert "lone level" in gap.reason and "the fallback does not fire" in gap.reason
    # Exact edges: one order below the gap, none inside, one again from its end.
    assert orders("with_fallback", math.nextafter(gap.start, 0), method) == 1
    assert orders("with_fallback", gap.start, method) == 0
    assert orders("with_fallback", math.nextafter(gap.end, 0), method) == 0
    assert orders("with_fallback", gap.end, method) == 1
    (first,) = [r for r in sweep.rows if r.version == "with_fallback" and r.orders == 1]
    assert "except from" in first.note


def test_a_capacity_in_the_gap_is_flagged_against_the_first_order_threshold() -> None:
    result = replay(replace(BASE, side_capacity=0.00031))
    assert result.fixed.accepted == ()
    (first,) = [t for t in result.thresholds if t.name == "first_order"]
    assert first.ratio is not None and first.ratio > 1
    assert first.in_gap and "except from 0.00030491 to 0.00032931 BTC" in first.meaning


@pytest.mark.parametrize("method", ["kelly", "proportional"])
def test_every_printed_capacity_places_the_orders_its_row_claims(
    capsys: pytest.CaptureFixture[str], method: str
) -> None:
    text = run(capsys, "replay", "--price", "90000", "--sweep", "capacity", "--method", method).out
    rows = re.findall(r"│ (before the fix|fixed) \(\w+\)\s+│ (\d)\s+│ ([0-9.]+)\s+│", text)
    assert len(rows) == 10
    for title, k, shown in rows:
        version = "pre_fallback" if title == "before the fix" else "with_fallback"
        assert orders(version, float(shown), method) >= int(k), (title, k, shown)
    if method == "kelly":
        # Pre-fix, one order needs 0.0027441814 BTC: rounding to 0.002744 would place none.
        assert "0.00274419" in text and orders("pre_fallback", 0.002744) == 0


def test_rows_over_the_margin_cap_are_kept_and_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sweep = sweep_capacity(replace(BASE, margin=3.0))
    assert len(sweep.rows) == 10
    reachable = [(r.version, r.orders) for r in sweep.rows if r.reachable]
    assert reachable == [("with_fallback", 1)]
    blocked = [r for r in sweep.rows if not r.reachable]
    assert all("over the margin cap 0.00033333 BTC" in r.note for r in blocked)
    text = run(capsys, "replay", "--price", "90000", "--sweep", "capacity", "--margin", "3").out
    assert text.count("not reachable") == 9
    assert "margin $3.00 at 10x caps the optimizer's capacity" in text


def test_sweep_output_names_its_inputs_method_and_profile(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["replay", "--price", "90000", "--sweep", "capacity", "--kappa", "5000"]
    text = run(capsys, *args).out
    assert "kelly_stochastic method (default: the bot's)" in text
    assert "price           90,000.00 USD (flag)" in text
    assert "with overrides: kappa=5000" in text
    data = json.loads(run(capsys, *args, "--method", "proportional", "--format", "json").out)
    assert data["method"] == "proportional" and data["input_sources"]["method"] == "flag"
    assert data["inputs"]["price"] == 90000.0 and data["profile_overrides"] == {"kappa": 5000.0}
    assert len(data["sweep"]) == 10


def test_leverage_under_one_is_used_as_one_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    sweep = sweep_capacity(replace(BASE, leverage=0.5))
    row = sweep.rows[0]
    assert row.capacity is not None and row.margin_at_leverage == pytest.approx(row.usd)
    text = run(capsys, "replay", "--price", "90000", "--capacity", "0.001", "--leverage", "0.5").out
    assert "0.5x, used as 1x (the bot takes max(leverage, 1))" in text
    assert "margin at 1x" in text


@settings(max_examples=300, deadline=None)
@given(value=st.floats(1e-9, 1e9))
def test_a_shown_capacity_is_never_under_the_value(value: float) -> None:
    text = shown_capacity(value)
    assert float(text) >= value
    assert float(text) <= value * (1 + 1e-4)  # rounded up by at most a few units in the last place
