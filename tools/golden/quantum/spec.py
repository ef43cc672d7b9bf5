"""SizeQuantum alone (config/capacity.rs): `compute` and `clamp_to_viable` both ways.

The struct and its impl are the same from d1d2d49 (2026-02-15) to the head (6c17115); the
vectors are computed at the head and checked by tests/test_quantum.py:

    BOT_GIT=... python tools/golden/build.py quantum --out tests/data/quantum/6c17115.jsonl
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "common"))
import casegen

NAME = "quantum"
COMMIT = "6c17115"
DEPENDENCIES = ["serde", "tracing"]
FILES = {"src/market_maker/config/capacity.rs": "src/market_maker/config/capacity.rs"}
EXTRACTS = {
    "src/helpers.rs": [("src/helpers.rs", "pub fn truncate_float(")],
    "src/pieces/capital_tier.rs": [
        ("src/market_maker/config/auto_derive.rs", "pub enum CapitalTier"),
    ],
}
DEFAULT_CASES = 1500


def cases(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        s = casegen.side_state(rng)
        min_notional = s["min_notional"]
        mark_px = s["price"]
        if n % 25 == 0:
            mark_px = rng.choice([0.0, -1.0, math.inf, math.nan, 1e-300, 1e300])
        if n % 31 == 0:
            min_notional = rng.choice([0.0, -5.0, math.nan, 1e300])
        quantum_unit = (min_notional or 10.0) / mark_px if mark_px else 1.0
        pick = rng.random()
        if pick < 0.3:
            raw = s["capacity"]
        elif pick < 0.6:
            # around the minimum: one step either side, exactly at it
            raw = quantum_unit * rng.choice([0.99, 1.0, 1.0000001, 1.01, 0.5, 2.0])
        elif pick < 0.8:
            raw = round(rng.uniform(0.0, 3.0) * quantum_unit, s["sz_decimals"])
        else:
            raw = rng.choice([0.0, -0.0, -1.0, 1e-12, math.nan, math.inf, 1e20])
        yield {
            "min_notional": min_notional,
            "mark_px": mark_px,
            "sz_decimals": s["sz_decimals"],
            "raw": raw,
        }


def to_tokens(case: dict[str, Any]) -> dict[str, Any]:
    return dict(case)


def output(case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    del case
    return {
        "min_viable_size": answer["min_viable_size"],
        "step": answer["step"],
        "round_up": answer["round_up"] if answer["round_up"] is not False else None,
        "no_round_up": answer["no_round_up"] if answer["no_round_up"] is not False else None,
        "sufficient": answer["sufficient"],
    }
