"""`Ladder::generate` at cf48daa against the vectors the bot's own code computed
(tests/data/sizing/2026-01-03-generator.jsonl, tools/golden/2026-01-03-generator)."""

from __future__ import annotations

from typing import Any

import pytest

from mmdiag.optimizer.generator_2026_01_03 import (
    DepthDecayAS,
    Ladder,
    LadderConfig,
    LadderLevel,
    LadderParams,
    generate,
)
from tests.sizing_cases import golden_cases, same_float

NAME = "2026-01-03-generator"
MESSAGES = (
    "INFO:allocate_sizes: total MV <= EPSILON, checking fallback conditions",
    "INFO:Ladder allocate_sizes: MV=0 fallback, concentrating on tightest level",
    "INFO:Ladder allocate_sizes: min_size fallback, concentrating on tightest level",
    "INFO:Bid concentration fallback: single order at tightest depth",
    "INFO:Ask concentration fallback: single order at tightest depth",
    "INFO:Bid concentration fallback (asymmetric): single order at tightest depth",
    "INFO:Ask concentration fallback (asymmetric): single order at tightest depth",
)


def ladder_of(case: dict[str, Any]) -> Ladder:
    config = LadderConfig(
        num_levels=case["num_levels"],
        min_depth_bps=case["min_depth_bps"],
        max_depth_bps=case["max_depth_bps"],
        geometric_spacing=case["geometric_spacing"],
        min_level_size=case["min_level_size"],
        fees_bps=case["fees_bps"],
        as_decay_bps=case["as_decay_bps"],
        dynamic_depths=(tuple(case["bid_depths"]), tuple(case["ask_depths"]))
        if case["dynamic"]
        else None,
    )
    decay = (
        DepthDecayAS(case["decay_as_touch_bps"], case["decay_delta_char_bps"])
        if case["depth_decay"]
        else None
    )
    params = LadderParams(
        mid_price=case["mid_price"],
        sigma=case["sigma"],
        kappa=case["kappa"],
        as_at_touch_bps=case["as_at_touch_bps"],
        total_size=case["total_size"],
        inventory_ratio=case["inventory_ratio"],
        gamma=case["gamma"],
        time_horizon=case["time_horizon"],
        decimals=case["decimals"],
        sz_decimals=case["sz_decimals"],
        min_notional=case["min_notional"],
        depth_decay_as=decay,
    )
    return generate(config, params)


def side_differences(name: str, got: tuple[LadderLevel, ...], want: dict[str, Any]) -> list[str]:
    rows = list(
        zip(want[f"{name}_prices"], want[f"{name}_sizes"], want[f"{name}_depths"], strict=True)
    )
    if len(got) != len(rows):
        return [f"{name}: {len(got)} levels {got}, want {rows}"]
    return [
        f"{name} {n}: {level}, want {row}"
        for n, (level, row) in enumerate(zip(got, rows, strict=True))
        if not all(
            same_float(g, w)
            for g, w in zip((level.price, level.size, level.depth_bps), row, strict=True)
        )
    ]


def test_port_agrees_with_the_bot() -> None:
    cases = list(golden_cases(NAME))
    assert len(cases) >= 1000
    problems = []
    for case in cases:
        got = ladder_of(case["input"])
        want = case["output"]
        found = side_differences("bids", got.bids, want) + side_differences("asks", got.asks, want)
        if list(got.messages) != want["messages"]:
            found.append(f"messages {list(got.messages)}, want {want['messages']}")
        problems.extend(f"{case['id']}: {p}" for p in found)
    assert problems[:20] == []


@pytest.mark.parametrize("message", MESSAGES)
def test_vectors_reach_every_fallback(message: str) -> None:
    assert any(message in case["output"]["messages"] for case in golden_cases(NAME))


def test_min_size_fallback_lets_a_small_account_quote() -> None:
    """SEED_TABLE.md Table B's $50 account at 10x: target liquidity 0.00111 BTC over 5 levels,
    every share under min_level_size 0.001. d8bb6a1's generator left no level (bids_before 0);
    cf48daa's puts it all on the tightest depth, which reaches the optimizer."""
    depths = (10.0, 15.0, 22.5, 33.75, 50.625)
    params = LadderParams(
        mid_price=90000.0,
        sigma=1e-4,
        kappa=2000.0,
        as_at_touch_bps=0.0,
        total_size=0.00111111,
        inventory_ratio=0.0,
        gamma=0.3,
        time_horizon=2.0,
        decimals=1,
        sz_decimals=5,
        min_notional=10.0,
    )
    ladder = generate(LadderConfig(dynamic_depths=(depths, depths)), params)
    assert [(level.size, level.depth_bps) for level in ladder.bids] == [(0.00111, 10.0)]
    assert MESSAGES[2] in ladder.messages
