"""2026-01-03 (cf48daa): ladder_strat's sizing around ConstrainedLadderOptimizer, one side.

The harness runs the bot's optimizer.rs at cf48daa and ladder_strat.rs's own inline code (the
margin skip, the optimizer calls, truncation, retain and the "All ... levels filtered out"
warning), pasted by the crate's build.rs. `Ladder::generate` answers the case's levels (and
`ladder_sizes`, what the margin skip quotes); the per-level model functions answer the case's
fill intensity, spread capture and adverse selection. ladder_strat computes each level's
margin_per_unit itself (microprice / max(leverage, 1)); the cases give exactly that.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools" / "golden" / "common"))
import casegen  # noqa: E402

NAME = "2026-01-03"
COMMIT = "cf48daa"
STRAT = "src/market_maker/strategy/ladder_strat.rs"
DEPENDENCIES = ["tracing"]
FILES = {
    "src/market_maker/quoting/ladder/optimizer.rs": "src/market_maker/quoting/ladder/optimizer.rs",
}
EXTRACTS = {
    "src/helpers.rs": [("src/helpers.rs", "pub fn truncate_float(")],
    "src/pieces/margin.rs": [
        (STRAT, ("let leverage = market_params.leverage.max(1.0);", "// 2. Calculate ASYMMETRIC"))
    ],
    "src/pieces/sizing.rs": [(STRAT, ("// 4. Generate ladder", "// DIAGNOSTIC:"))],
}
DEFAULT_CASES = 1200

KINDS = ("usual", "tiny_capacity", "zero_weight", "no_margin", "odd", "roundtrip", "roomy")

#: Prices p where (10 / p) * p < 10: a capacity of exactly min_notional / p passes the
#: fallback's `cap >= effective_min_size` but not its `cap * price >= min_notional`.
ROUNDTRIP_PRICES = (17218.0, 4498.0, 9405.9, 40257.5206, 81403.26, 9969.74, 4860.0337, 19523.3)


def cases(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield case(rng, KINDS[n % len(KINDS)] if n % 3 else "usual")


def case(rng: random.Random, kind: str) -> dict[str, Any]:
    s = casegen.side_state(rng)
    method = rng.choice(["proportional", "kelly_stochastic"])
    count = s["levels"] if rng.random() < 0.4 else rng.randint(1, 6)
    if rng.random() < 0.02:
        count = 0
    lev = max(s["leverage"], 1.0)
    levels = [
        short(level, s["price"] / lev)
        for level in casegen.level_params(rng, count, s["price"], s["leverage"])
    ]
    kelly = casegen.kelly_params(rng)
    margin = s["margin"]
    capacity = s["capacity"]
    if kind == "tiny_capacity":
        capacity = (
            rng.choice([0.3, 0.8, 1.0, 1.2, 2.0, 3.5]) * (s["min_notional"] or 10.0) / s["price"]
        )
        margin = max(margin, casegen.log_uniform(rng, 1.0, 1e5))
    elif kind == "zero_weight":
        levels = zero_weight(rng, levels, method, kelly)
        margin = max(margin, casegen.log_uniform(rng, 1.0, 1e5))
    elif kind == "no_margin":
        margin = rng.choice([0.0, -0.0, 1e-10, 9.99e-10, -5.0, 1e-9, 1.0000001e-9])
    elif kind == "odd":
        margin = rng.choice([math.inf, math.nan, margin, 0.5, 1e-6])
        capacity = rng.choice([math.inf, 0.0, -1.0, capacity, 1e300])
    elif kind == "roomy":
        capacity = casegen.log_uniform(rng, 5.0, 500.0) * (s["min_notional"] or 10.0) / s["price"]
        margin = rng.choice([math.inf, 1e6, capacity * s["price"] / lev * rng.uniform(0.3, 3.0)])
        s["sz_decimals"] = min(max(math.floor(math.log10(s["price"])) + 2, 0), 5)
    elif kind == "roundtrip":
        s["price"] = rng.choice(ROUNDTRIP_PRICES)
        s["min_notional"], s["min_size"] = 10.0, rng.choice([0.0, 1e-6, 1e-4])
        capacity = 10.0 / s["price"]
        margin = 1e6
        levels = [
            short(level, s["price"] / lev)
            for level in casegen.level_params(rng, count or 1, s["price"], s["leverage"])
        ]
    if len(levels) > 1 and rng.random() < 0.15:
        # A copy of the first level further down (the harness tells levels apart by depth):
        # ties in weight (max_by keeps the last) and in depth (min_by keeps the first).
        levels[rng.randrange(1, len(levels))] = dict(levels[0])
    if rng.random() < 0.5:
        # Hyperliquid's own choice: a size step worth cents to a dollar at the price.
        s["sz_decimals"] = min(max(math.floor(math.log10(s["price"])) + 1, 0), 5)
    generated = rng.random() < 0.5
    return {
        "side": rng.choice(["bid", "ask"]),
        "margin_available": margin,
        "max_position": capacity,
        "min_size": s["min_size"],
        "min_notional": s["min_notional"],
        "price": s["price"],
        "leverage": s["leverage"],
        "levels": levels,
        "method": method,
        "kelly": kelly,
        "sz_decimals": s["sz_decimals"],
        "ladder_sizes": [round(casegen.log_uniform(rng, 1e-4, 10.0), 5) for _ in levels]
        if generated
        else None,
    }


def short(level: dict[str, float], margin_per_unit: float) -> dict[str, float]:
    """Level inputs to 6 significant digits (the vectors stay small; the bot computes from
    them as from any float), margin_per_unit as ladder_strat computes it."""
    out = {k: float(f"{v:.6g}") for k, v in level.items()}
    out["margin_per_unit"] = margin_per_unit
    return out


def zero_weight(
    rng: random.Random, levels: list[dict[str, float]], method: str, kelly: dict[str, float]
) -> list[dict[str, float]]:
    """Levels whose weights are all 0 (or tiny) with some spread capture above EPSILON: the
    depth fallback's ground. Proportional: λ = 0 or λ·SC under EPSILON; Kelly: a horizon so
    short that no depth can fill (σ√τ < 1e-12), or informed flow that makes E[R] <= 0."""
    pick = rng.random()
    out = []
    for level in levels:
        level = dict(level)
        if method == "proportional":
            level["fill_intensity"] = 0.0 if pick < 0.6 else 1e-12
        elif pick < 0.5:
            kelly["sigma"] = 1e-14
        else:
            kelly["alpha_touch"] = 0.999
            level["adverse_selection"] = 1e6
        if rng.random() < 0.3:
            level["spread_capture"] = rng.choice([0.0, -1.0, 1e-10])
        out.append(level)
    return out


def to_tokens(case: dict[str, Any]) -> dict[str, Any]:
    from build import flatten_levels

    tokens = {k: v for k, v in case.items() if k not in ("levels", "kelly", "ladder_sizes")}
    count = len(case["levels"])
    sizes = case["ladder_sizes"]
    tokens["ladder_sizes"] = [math.nan] * count if sizes is None else sizes
    tokens["n"] = count
    flat = flatten_levels(case["levels"])
    for field in ("depth_bps", "fill_intensity", "spread_capture", "adverse_selection"):
        tokens[f"levels.{field}"] = flat.get(f"levels.{field}", [])
    tokens.update({f"kelly.{k}": v for k, v in case["kelly"].items()})
    return tokens


FIRED = "INFO:Concentration fallback: single quote at best level"


def output(case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """The answer as the port's SideSizing: per level of the case, 0 where retain dropped it."""
    if answer.get("panic"):
        raise SystemExit(f"the bot's code panicked on {case}")
    messages = [m for m in answer["messages"] if m.split(":", 1)[0] in ("INFO", "WARN", "ERROR")]
    out = list(zip(answer["out_levels"], answer["out_sizes"], strict=True))
    sizes = [0.0] * len(case["levels"])
    for index, size in out:
        sizes[int(index)] = size
    if any("Constrained optimizer skipped" in m for m in messages):
        path = "margin_unavailable"
    elif FIRED in messages:
        path = "concentration_depth" if any("(depth)" in m for m in messages) else "concentration"
    else:
        path = "normal" if out else "empty"
    return {"sizes": sizes, "path": path, "messages": messages}
