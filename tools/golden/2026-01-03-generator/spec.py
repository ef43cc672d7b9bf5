"""2026-01-03-generator (cf48daa): `Ladder::generate`, both sides, as ladder_strat calls it.

The harness runs the bot's generator.rs, depth_decay.rs, the ladder types of quoting/ladder/
mod.rs and DynamicDepths at cf48daa. The cases reach the generator's new fallbacks
(`allocate_sizes`' MV=0 and min_size, `build_raw_ladder`'s single order at the tightest
depth, symmetric and asymmetric) and the inventory skew. Checked by
tests/test_generator_2026_01_03.py against mmdiag.optimizer.generator_2026_01_03.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools" / "golden" / "common"))
import casegen  # noqa: E402

NAME = "2026-01-03-generator"
COMMIT = "cf48daa"
LADDER = "src/market_maker/quoting/ladder"
DEPENDENCIES = ["tracing", "serde", "smallvec"]
FILES = {
    f"{LADDER}/generator.rs": f"{LADDER}/generator.rs",
    "src/market_maker/adverse_selection/depth_decay.rs": (
        "src/market_maker/adverse_selection/depth_decay.rs"
    ),
}
EXTRACTS = {
    "src/helpers.rs": [
        ("src/helpers.rs", "pub fn truncate_float("),
        ("src/helpers.rs", "pub fn round_to_significant_and_decimal("),
    ],
    "src/pieces/ladder_types.rs": [
        (f"{LADDER}/mod.rs", "pub struct LadderLevel {"),
        (f"{LADDER}/mod.rs", "pub type LadderLevels"),
        (f"{LADDER}/mod.rs", "pub struct Ladder {"),
        (f"{LADDER}/mod.rs", "pub struct LadderConfig {"),
        (f"{LADDER}/mod.rs", "impl Default for LadderConfig {"),
        (f"{LADDER}/mod.rs", "pub struct LadderParams {"),
        (f"{LADDER}/depth_generator.rs", "pub struct DynamicDepths {"),
    ],
}
DEFAULT_CASES = 1500

KINDS = ("usual", "thin", "zero_mv", "notional", "static", "asymmetric", "odd")


def cases(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield case(rng, KINDS[n % len(KINDS)] if n % 2 else "usual")


def sig(x: float, digits: int = 6) -> float:
    return float(f"{x:.{digits}g}")


def depths(rng: random.Random, count: int) -> list[float]:
    start = casegen.log_uniform(rng, 1.0, 20.0)
    ratio = rng.uniform(1.05, 1.8)
    return [sig(start * ratio**i) for i in range(count)]


def case(rng: random.Random, kind: str) -> dict[str, Any]:
    mid = casegen.price(rng)
    min_notional = 10.0 if rng.random() < 0.9 else rng.choice([0.0, 1.0, 11.0])
    unit = (min_notional or 10.0) / mid
    if rng.random() < 0.6:
        sz = min(max(math.floor(math.log10(mid)) + 1, 0), 5)
    else:
        sz = rng.randint(0, 5)
    count = rng.randint(1, 8) if rng.random() < 0.7 else rng.randint(1, 25)
    bid = depths(rng, count)
    c: dict[str, Any] = {
        "num_levels": 5,
        "min_depth_bps": 2.0,
        "max_depth_bps": 200.0,
        "geometric_spacing": True,
        "min_level_size": rng.choice([0.001, 0.001, 0.01, 1.0, sig(unit), 0.0]),
        "fees_bps": 3.5 if rng.random() < 0.8 else rng.choice([0.0, 1.5, 10.0]),
        "as_decay_bps": 10.0,
        "dynamic": True,
        "bid_depths": bid,
        "ask_depths": list(bid),
        "mid_price": mid,
        "sigma": rng.choice([1e-4, 5e-5, 2e-4, sig(casegen.log_uniform(rng, 1e-6, 1e-2))]),
        "kappa": sig(casegen.log_uniform(rng, 100.0, 10000.0)),
        "as_at_touch_bps": rng.choice([0.0, 3.0, sig(rng.uniform(0.0, 5.0))]),
        "total_size": sig(casegen.log_uniform(rng, 0.3, 300.0) * unit),
        "inventory_ratio": 0.0 if rng.random() < 0.6 else sig(rng.uniform(-1.2, 1.2)),
        "gamma": rng.choice([0.3, 0.1, 1.0, sig(casegen.log_uniform(rng, 0.01, 10.0))]),
        "time_horizon": rng.choice([2.0, 2.0, 10.0, 120.0, sig(rng.uniform(0.1, 120.0))]),
        "decimals": max(6 - sz, 0) if rng.random() < 0.8 else rng.randint(0, 6),
        "sz_decimals": sz,
        "min_notional": min_notional,
        "depth_decay": rng.random() < 0.8,
        "decay_as_touch_bps": 3.0 if rng.random() < 0.7 else sig(rng.uniform(0.0, 10.0)),
        "decay_delta_char_bps": 8.0 if rng.random() < 0.7 else sig(rng.uniform(1.0, 30.0)),
    }
    shape(rng, kind, c, unit)
    return c


def shape(rng: random.Random, kind: str, c: dict[str, Any], unit: float) -> None:
    """What each kind of case is for."""
    if kind == "thin":
        # Every share under min_level_size: the min_size fallback.
        c["min_level_size"] = rng.choice([0.001, 0.01, sig(unit * rng.uniform(1.0, 5.0))])
        c["total_size"] = sig(c["min_level_size"] * rng.uniform(0.5, 4.0))
    elif kind == "zero_mv":
        # No λ·SC above EPSILON: the MV=0 fallback when a spread capture is positive.
        pick = rng.random()
        if pick < 0.4:
            c["sigma"] = 0.0
        elif pick < 0.7:
            c["kappa"] = 0.0
        else:
            c["bid_depths"] = [0.0] * len(c["bid_depths"])
            c["ask_depths"] = list(c["bid_depths"])
        c["total_size"] = rng.choice([c["total_size"], c["min_level_size"], 0.0])
    elif kind == "notional":
        # Shares above min_level_size but each under min_notional: the single order.
        c["min_level_size"] = rng.choice([0.0, 1e-8])
        c["total_size"] = sig(unit * rng.uniform(0.9, 4.0))
        c["bid_depths"] = depths(rng, rng.randint(3, 12))
        c["ask_depths"] = list(c["bid_depths"])
    elif kind == "static":
        c["dynamic"] = False
        c["bid_depths"], c["ask_depths"] = [], []
        c["num_levels"] = rng.choice([0, 1, 2, 5, 10, 25])
        c["min_depth_bps"] = rng.choice([2.0, 1.0, 5.0, sig(rng.uniform(0.5, 10.0))])
        c["max_depth_bps"] = rng.choice([200.0, 50.0, sig(rng.uniform(10.0, 500.0))])
        c["geometric_spacing"] = rng.random() < 0.6
        c["as_decay_bps"] = rng.choice([10.0, sig(rng.uniform(1.0, 30.0))])
    elif kind == "asymmetric":
        c["ask_depths"] = depths(rng, rng.randint(0, 8))
        if rng.random() < 0.3:
            c["bid_depths"] = []
        if rng.random() < 0.4:
            c["min_level_size"] = rng.choice([0.0, 1e-8])
            c["total_size"] = sig(unit * rng.uniform(0.9, 8.0))
    elif kind == "odd":
        pick = rng.random()
        if pick < 0.3:
            c["bid_depths"] = [math.nan, *c["bid_depths"][1:]]
            c["ask_depths"] = list(c["bid_depths"])
        elif pick < 0.5:
            c["inventory_ratio"] = rng.choice([1e-10, -1e-10, 0.9, -0.95, 5.0])
        elif pick < 0.7:
            c["total_size"] = rng.choice([0.0, -1.0, 1e6])
        else:
            c["bid_depths"] = sorted(c["bid_depths"], reverse=True)
            c["ask_depths"] = list(c["bid_depths"])


def to_tokens(case: dict[str, Any]) -> dict[str, Any]:
    return dict(case)


def output(case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    if answer.get("panic"):
        raise SystemExit(f"the bot's code panicked on {case}")
    keep = ("INFO", "WARN", "ERROR")
    result = {k: v for k, v in answer.items() if k != "messages"}
    result["messages"] = [m for m in answer["messages"] if m.split(":", 1)[0] in keep]
    return result
