"""SizeQuantum against the bot's own code (tests/data/quantum, tools/golden/quantum)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from mmdiag.optimizer.quantum import SizeQuantum

DATA = Path(__file__).resolve().parent / "data" / "quantum" / "6c17115.jsonl"


def _cases() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _same(got: float | None, want: float | None) -> bool:
    if want is None or got is None:
        return got is want
    if math.isnan(want):
        return math.isnan(got)
    return got == want


def test_quantum_agrees_with_the_bot() -> None:
    cases = _cases()
    assert len(cases) >= 1000
    problems = []
    for case in cases:
        given, want = case["input"], case["output"]
        q = SizeQuantum.compute(given["min_notional"], given["mark_px"], given["sz_decimals"])
        got = {
            "min_viable_size": q.min_viable_size,
            "step": q.step,
            "round_up": q.clamp_to_viable(given["raw"], True),
            "no_round_up": q.clamp_to_viable(given["raw"], False),
            "sufficient": q.is_sufficient(given["raw"]),
        }
        for key, value in want.items():
            if not (_same(got[key], value) if key != "sufficient" else got[key] == value):
                problems.append(f"{case['id']} {key}: {got[key]!r}, want {value!r}")
    assert problems[:20] == []


@pytest.mark.parametrize(
    ("min_notional", "mark_px", "sz_decimals", "minimum"),
    [(10.0, 30.90, 2, 0.33), (10.0, 50_000.0, 5, 0.0002), (10.0, 0.05, 0, 200.0)],
)
def test_the_bots_own_examples(
    min_notional: float, mark_px: float, sz_decimals: int, minimum: float
) -> None:
    """capacity.rs@71a9ef8's tests: HYPE at $30.90 needs 0.33, BTC at $50k 0.0002."""
    quantum = SizeQuantum.compute(min_notional, mark_px, sz_decimals)
    assert quantum.min_viable_size == pytest.approx(minimum)
    assert quantum.min_viable_size * mark_px >= min_notional


def test_round_up_only_when_allowed() -> None:
    quantum = SizeQuantum.compute(10.0, 30.90, 2)
    assert quantum.clamp_to_viable(0.329, True) == quantum.min_viable_size
    assert quantum.clamp_to_viable(0.329, False) is None
    assert quantum.clamp_to_viable(0.0, True) is None
    assert quantum.clamp_to_viable(0.5077, False) == 0.5
