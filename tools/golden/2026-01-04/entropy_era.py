"""What every harness of the entropy era (2026-01-04 .. 2026-02-08) shares: the bot's files,
the pieces of ladder_strat.rs it runs, the cases and how an answer becomes the port's output.

Each version's spec.py names its NAME, COMMIT and port MODULE and takes the rest from here:
`spec_for(NAME, COMMIT, MODULE)`. The crate (tools/golden/2026-01-04/crate, which the other
versions' `crate` links to) pastes the pieces into one function (its build.rs).
"""

from __future__ import annotations

import importlib
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

LADDER = "src/market_maker/quoting/ladder"
STRAT = "src/market_maker/strategy/ladder_strat.rs"
DEPENDENCIES = ["tracing", "serde", "rand", "rand_distr"]
FILES = {
    f"{LADDER}/{name}.rs": f"src/market_maker/quoting/ladder/{name}.rs"
    for name in ("entropy_distribution", "entropy_optimizer", "optimizer")
}
DEFAULT_CASES = 1000


def extracts(sizing_start: str) -> dict[str, list[Any]]:
    return {
        "src/helpers.rs": [
            ("src/helpers.rs", "pub fn truncate_float("),
            ("src/helpers.rs", "pub fn round_to_significant_and_decimal("),
        ],
        "src/pieces/regime.rs": [(STRAT, "fn build_market_regime(")],
        "src/pieces/margin.rs": [
            (
                STRAT,
                ("let leverage = market_params.leverage.max(1.0);", "// 2. Calculate ASYMMETRIC"),
            )
        ],
        "src/pieces/sizing.rs": [(STRAT, (sizing_start, "// DIAGNOSTIC:"))],
    }


def spec_for(name: str, commit: str, module: str) -> dict[str, Any]:
    """The spec's module-level names for one version."""
    port = importlib.import_module(f"mmdiag.optimizer.{module}")
    era = port.ERA
    start = "// === DYNAMIC LEVEL COUNT" if era.level_factor else "// 4. Generate ladder"
    return {
        "NAME": name,
        "COMMIT": commit,
        "DEPENDENCIES": DEPENDENCIES,
        "FILES": FILES,
        "EXTRACTS": extracts(start),
        "DEFAULT_CASES": DEFAULT_CASES,
        "cases": lambda rng, count: cases(era, rng, count),
        "to_tokens": to_tokens,
        "output": lambda case, answer: output(port.VERSION.inputs, case, answer),
    }


# -- cases -------------------------------------------------------------------------------


def pick(rng: random.Random, usual: Any, *others: Any, p: float = 0.7) -> Any:
    return usual if rng.random() < p else rng.choice(others)


def cases(era: Any, rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield case(era, rng, n)


def case(era: Any, rng: random.Random, n: int) -> dict[str, Any]:
    s = casegen.side_state(rng)
    if n % 40 == 7:
        # The fallback's boundary: a capacity of exactly min_notional / price, spread thin.
        s["price"] = rng.choice([2.5, 25.0, 0.1, 1.0, 0.4, 1.25, 12.5])
        s["min_notional"] = 10.0
        s["capacity"] = 10.0 / s["price"]
        s["levels"] = rng.randint(8, 25)
    many = rng.random() < 0.25 or n % 40 == 7
    count = 0 if n % 97 == 13 else s["levels"] if many else rng.randint(1, 5)
    levels = [short(level) for level in casegen.level_params(rng, count, s["price"], s["leverage"])]
    margin = s["margin"]
    if margin == 0.0 and rng.random() < 0.8:
        margin = casegen.log_uniform(rng, 1.0, 1e5)
    if rng.random() < 0.03:
        margin = rng.choice([0.0, 1e-10, -5.0, 9.99e-10])
    elif rng.random() < 0.05:
        margin = math.inf
    generated = rng.random() < 0.15
    samples = pick(rng, 5, 1, 2, 10, 0, p=0.8)
    eff_max = pick(rng, g4(s["capacity"] * rng.uniform(0.5, 3.0)), 0.0, 1e-12, 1.0, p=0.85)
    sz = s["sz_decimals"]
    side = rng.choice(["bid", "ask"])
    sign = -1.0 if side == "bid" else 1.0
    return {
        "side": side,
        "available_margin": margin,
        "leverage": s["leverage"],
        "microprice": s["price"],
        "max_position": s["capacity"],
        "min_notional": s["min_notional"],
        "sz_decimals": sz,
        "decimals": pick(rng, max(6 - sz, 0), 0, 1, 2, 4),
        "levels": levels,
        "ladder_sizes": [round(casegen.log_uniform(rng, 1e-4, 10.0), 5) for _ in levels]
        if generated
        else None,
        "ladder_prices": [s["price"] * (1.0 + sign * lv["depth_bps"] / 1e4) for lv in levels],
        "jump_ratio": pick(rng, 1.0, 0.5, 1.5, 3.0, 6.0),
        "sigma_effective": pick(rng, 1e-4, 5e-5, 2e-4, 1e-3, 0.0),
        "should_pull_quotes": rng.random() < 0.05,
        "tail_risk_multiplier": pick(rng, 1.0, 1.2, 1.5, 3.0, 5.0),
        "book_imbalance": pick(rng, 0.0, -0.5, 0.4),
        "entropy_min_entropy": pick(rng, 1.5, 0.5, 1.0, 2.5, 3.5),
        "entropy_base_temperature": pick(rng, 1.0, 0.3, 0.005, 2.0, 5.0),
        "entropy_min_allocation_floor": pick(rng, 0.02, 0.0, 0.05, 0.1, 0.5),
        "entropy_thompson_samples": samples,
        "position": pick(
            rng, g4(rng.uniform(-1.5, 1.5) * (eff_max or 1.0)), 0.0, eff_max, -eff_max, p=0.85
        ),
        "effective_max_position": eff_max,
        "flow_imbalance": pick(rng, 0.0, g4(rng.uniform(-1.0, 1.0)), 1.0, -1.0, p=0.4),
        "position_opposes_momentum": rng.random() < 0.3,
        "urgency_score": pick(rng, 0.0, g4(rng.uniform(0.0, 1.5)), 1.0, p=0.4),
        "falling_knife_score": pick(rng, 0.0, g4(rng.uniform(0.0, 2.5)), 0.6, 1.2, p=0.5),
        "rising_knife_score": pick(rng, 0.0, g4(rng.uniform(0.0, 2.5)), 0.6, 1.2, p=0.5),
        "num_levels": pick(rng, era.num_levels, 1, 3, 5, 10, 25, p=0.8),
        "min_depth_bps": pick(rng, 2.0, 0.5, 5.0, 0.0),
        "normals": [
            rng.gauss(0.0, 1.0) * pick(rng, 1.0, 3.0, p=0.9) for _ in range(count * samples)
        ],
    }


def g4(x: float) -> float:
    return float(f"{x:.4g}")


def short(level: dict[str, float]) -> dict[str, float]:
    """Level inputs to 4 significant digits: the vectors stay small, the bot's code computes
    from them exactly as from any other float. `margin_per_unit` is not read by the entropy
    path (ladder_strat computes microprice / leverage itself)."""
    return {k: g4(v) for k, v in level.items()}


def to_tokens(case: dict[str, Any]) -> dict[str, Any]:
    from build import flatten_levels

    tokens = {k: v for k, v in case.items() if k != "levels"}
    if case["ladder_sizes"] is None:
        tokens["ladder_sizes"] = [math.nan] * len(case["levels"])
    tokens["n"] = len(case["levels"])
    fields = ("depth_bps", "fill_intensity", "spread_capture", "margin_per_unit")
    flat = flatten_levels(case["levels"])
    for field in (*fields, "adverse_selection"):
        tokens[f"levels.{field}"] = flat.get(f"levels.{field}", [])
    return tokens


# -- answers -----------------------------------------------------------------------------


def output(inputs: tuple[str, ...], case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """The answer as the port's SideSizing; the case keeps only `run`'s inputs, with the
    Gamma variates the bot's code drew in place of the normals they came from."""
    if answer.get("panic"):
        raise SystemExit(f"the bot's code panicked on {case}")
    case["gamma_draws"] = answer["draws"]
    messages = [m for m in answer["messages"] if m.split(":", 1)[0] in ("INFO", "WARN", "ERROR")]
    depths = [lv["depth_bps"] for lv in case["levels"]]
    for key in [k for k in case if k not in inputs]:
        del case[key]
    if any("concentration fallback" in m for m in messages):
        return {
            "sizes": answer["out_sizes"],
            "prices": answer["out_prices"],
            "depths_bps": answer["out_depths"],
            "path": "concentration",
            "messages": messages,
        }
    sizes = [0.0] * len(depths)
    for depth, size in zip(answer["out_depths"], answer["out_sizes"], strict=True):
        sizes[depths.index(depth)] = size
    if any("Constrained optimizer skipped" in m for m in messages):
        path = "margin_unavailable"
    else:
        path = "normal" if answer["out_sizes"] else "empty"
    return {"sizes": sizes, "path": path, "messages": messages}
