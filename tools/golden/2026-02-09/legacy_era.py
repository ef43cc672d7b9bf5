"""What every harness of the legacy path from 2026-02-09 to the head shares: the bot's files and
the pieces of ladder_strat.rs it runs at a commit, the cases, and how an answer becomes the
port's output.

Each version's spec.py names its NAME, COMMIT and port MODULE and takes the rest from here:
`spec_for(NAME, COMMIT, MODULE)`. The crate (tools/golden/2026-02-09/crate, which the other
versions' `crate` links to) pastes the pieces into one function (its build.rs). Which pieces a
commit has (the position zone from d1d2d49, the tick-grid split from 6a432ff, the capacity
types, the later constants and helpers) is read from the bot's file at that commit.
"""

from __future__ import annotations

import importlib
import math
import os
import random
import re
import subprocess
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
CAPACITY = "src/market_maker/config/capacity.rs"
AUTO_DERIVE = "src/market_maker/config/auto_derive.rs"
DEPENDENCIES = ["tracing", "serde", "rand", "rand_distr"]
FILES = {
    f"{LADDER}/{name}.rs": f"src/market_maker/quoting/ladder/{name}.rs"
    for name in ("entropy_distribution", "entropy_optimizer", "optimizer")
}
DEFAULT_CASES = 1000
TIERS = ("Micro", "Small", "Medium", "Large")


def bot_text(commit: str, path: str) -> str:
    git_dir = os.environ.get("BOT_GIT", "")
    done = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout if done.returncode == 0 else ""


def extracts(commit: str) -> dict[str, list[Any]]:
    """The pieces of the bot's code the crate pastes, as the commit has them."""
    strat = bot_text(commit, STRAT)
    items = [(STRAT, "const MAX_SINGLE_ORDER_FRACTION")]
    for header in (
        "const KILL_CLEAR_INVENTORY_RATIO",
        "pub fn dynamic_margin_utilization(",
        "fn cap_size_for_self_impact(",
    ):
        if header in strat:
            items.append((STRAT, header))
    pieces: dict[str, list[Any]] = {
        "src/helpers.rs": [
            ("src/helpers.rs", "pub fn truncate_float("),
            ("src/helpers.rs", "pub fn round_to_significant_and_decimal("),
        ],
        "src/pieces/items.rs": items,
        "src/pieces/regime.rs": [(STRAT, "fn build_market_regime(")],
        "src/pieces/margin.rs": [
            (
                STRAT,
                ("let leverage = market_params.leverage.max(1.0);", "// 2. Calculate ASYMMETRIC"),
            )
        ],
    }
    if "bid_cleared_by_zone" in strat:
        zone = [
            (STRAT, "let inventory_ratio = if effective_max_position > EPSILON {"),
            (STRAT, "let abs_inventory_ratio = inventory_ratio.abs();"),
        ]
        if "let position_zone = if" in strat:
            zone.append((STRAT, "let position_zone = if"))
        pieces["src/pieces/zone.rs"] = zone
    end = "impl QuotingStrategy for LadderStrategy"
    if "// === LEGACY PATH" in strat:
        pieces["src/pieces/rest1.rs"] = [
            (STRAT, ("// === DYNAMIC LEVEL COUNT", "// === TICK-GRID PATH"))
        ]
        pieces["src/pieces/legacy.rs"] = [(STRAT, ("// === LEGACY PATH", end))]
    else:
        pieces["src/pieces/rest.rs"] = [(STRAT, ("// === DYNAMIC LEVEL COUNT", end))]
    capacity = bot_text(commit, CAPACITY)
    if "pub struct SizeQuantum" in capacity:
        found = [(AUTO_DERIVE, "pub enum CapitalTier")]
        found += [(CAPACITY, "pub struct SizeQuantum"), (CAPACITY, "impl SizeQuantum {")]
        if "pub struct CapitalAwarePolicy" in capacity:
            found += [
                (CAPACITY, "pub struct CapitalAwarePolicy"),
                (CAPACITY, "impl CapitalAwarePolicy {"),
                (CAPACITY, "impl Default for CapitalAwarePolicy"),
            ]
        pieces["src/pieces/capacity.rs"] = found
    return pieces


def spec_for(name: str, commit: str, module: str) -> dict[str, Any]:
    """The spec's module-level names for one version."""
    port = importlib.import_module(f"mmdiag.optimizer.{module}")
    return {
        "NAME": name,
        "COMMIT": commit,
        "DEPENDENCIES": DEPENDENCIES,
        "FILES": FILES,
        "EXTRACTS": extracts(commit),
        "DEFAULT_CASES": DEFAULT_CASES,
        "cases": cases,
        "to_tokens": to_tokens,
        "output": lambda case, answer: output(port.VERSION.inputs, case, answer),
    }


# -- cases -------------------------------------------------------------------------------

KINDS = (
    "usual",
    "no_margin",
    "no_levels",
    "thin",
    "capped",
    "zone",
    "small_tier",
    "roomy",
    "roomy",
    "boundary",
)


def pick(rng: random.Random, usual: Any, *others: Any, p: float = 0.7) -> Any:
    return usual if rng.random() < p else rng.choice(others)


def g4(x: float) -> float:
    return float(f"{x:.4g}")


def short(level: dict[str, float]) -> dict[str, float]:
    """Level inputs to 4 significant digits: the vectors stay small, the bot's code computes
    from them exactly as from any other float. `margin_per_unit` is not read by this path
    (ladder_strat computes microprice / leverage itself)."""
    return {k: g4(v) for k, v in level.items()}


def cases(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield case(rng, KINDS[n % len(KINDS)])


def case(rng: random.Random, kind: str) -> dict[str, Any]:
    s = casegen.side_state(rng)
    price = s["price"]
    unit = (s["min_notional"] or 10.0) / price
    capacity = s["capacity"]
    count = s["levels"] if rng.random() < 0.1 else rng.randint(1, 4)
    margin = s["margin"]
    if margin == 0.0 and rng.random() < 0.8:
        margin = casegen.log_uniform(rng, 1.0, 1e5)
    max_position = pick(
        rng,
        g4(capacity * casegen.log_uniform(rng, 0.5, 40.0)),
        g4(unit * rng.uniform(0.2, 6.0)),
        1e9,
        0.0,
        p=0.6,
    )
    eff_max = pick(rng, g4(capacity * rng.uniform(0.5, 3.0)), g4(unit * 0.5), 1e-12, 0.0, p=0.85)
    position = pick(rng, g4(rng.uniform(-0.5, 0.5) * eff_max), 0.0, p=0.8)
    tier = pick(rng, "Large", "Micro", "Small", "Medium", p=0.8)
    side = rng.choice(["bid", "ask"])
    if kind == "no_margin":
        margin = rng.choice([0.0, -0.0, 1e-10, 9.99e-10, -5.0, 1e-9, math.nan])
        if rng.random() < 0.35:
            # A full position on the side that adds to it: no guaranteed quote either.
            position = g4(eff_max * rng.choice([0.95, 1.0, 1.2]))
            position = position if side == "bid" else -position
    elif kind == "no_levels":
        count = 0
    elif kind == "thin":
        capacity = rng.choice([0.3, 0.8, 0.99, 1.0, 1.01, 1.2, 2.0, 3.5, 0.0, 1e-12, -1.0]) * unit
        margin = max(margin, casegen.log_uniform(rng, 1.0, 1e5)) if margin == margin else margin
    elif kind == "roomy":
        capacity = unit * casegen.log_uniform(rng, 20.0, 5000.0)
        margin = casegen.log_uniform(rng, 1e3, 1e7)
        max_position = pick(rng, 1e9, g4(capacity * rng.uniform(0.5, 8.0)))
        eff_max = g4(capacity * rng.uniform(0.5, 3.0))
    elif kind == "capped":
        max_position = g4(capacity * rng.uniform(0.05, 2.0))
        count = rng.randint(1, 25)
    elif kind == "zone":
        position = g4(eff_max * rng.choice([0.79, 0.8, 0.85, 0.89, 0.9, 0.95, 1.0, 1.5]))
        # Mostly on the side that adds to the position (the one a zone clears).
        if (side == "ask") == (rng.random() < 0.75):
            position = -position
    elif kind == "small_tier":
        tier = rng.choice(["Micro", "Small"])
        count = rng.randint(1, 6)
    elif kind == "boundary":
        price = rng.choice([2.5, 25.0, 0.1, 1.0, 0.4, 1.25, 12.5, 30.9, 17218.0])
        s["min_notional"] = 10.0
        unit = 10.0 / price
        capacity = unit * rng.choice([1.0, 1.15, 1.01, 0.8, 4.0])
        max_position = g4(capacity * rng.choice([1.0, 4.0, 4.6, 0.5]))
    levels = [short(lv) for lv in casegen.level_params(rng, count, price, s["leverage"])]
    # Fewer Thompson rounds on long ladders keep the vectors' file near 2 MB.
    samples = pick(rng, 5, 1, 2, 10, 0, p=0.8) if count <= 8 else pick(rng, 5, 1, 2, p=0.5)
    sz = s["sz_decimals"]
    decimals = pick(rng, max(6 - sz, 0), 0, 1, 2, 4)
    sign = -1.0 if side == "bid" else 1.0
    generated = rng.random() < 0.15
    return {
        "side": side,
        "available_margin": margin,
        "leverage": s["leverage"],
        "microprice": price,
        "available_position": capacity,
        "max_position": max_position,
        "effective_max_position": eff_max,
        "position": position,
        "min_notional": s["min_notional"],
        "sz_decimals": sz,
        "decimals": decimals,
        "levels": levels,
        "ladder_sizes": [round(casegen.log_uniform(rng, 1e-4, 10.0), 5) for _ in levels]
        if generated
        else None,
        "ladder_prices": [price * (1.0 + sign * lv["depth_bps"] / 1e4) for lv in levels],
        "num_levels": pick(rng, 25, 1, 3, 5, 10, 15, p=0.8),
        "min_depth_bps": pick(rng, 2.0, 0.5, 5.0, 8.0, 0.0),
        "jump_ratio": pick(rng, 1.0, 0.5, 1.5, 3.0, 6.0),
        "sigma_effective": pick(rng, 1e-4, 5e-5, 2e-4, 1e-3, 0.0),
        "tail_risk_multiplier": pick(rng, 1.0, 1.2, 1.5, 3.0, 5.0),
        "tail_risk_intensity": pick(rng, 0.0, 0.2, 0.6, 1.0, 1.7),
        "book_imbalance": pick(rng, 0.0, -0.5, 0.4),
        "entropy_min_entropy": pick(rng, 1.5, 0.5, 1.0, 2.5, 3.5, p=0.5),
        "entropy_base_temperature": pick(rng, 1.0, 0.3, 0.005, 2.0, 5.0),
        "entropy_min_allocation_floor": pick(rng, 0.02, 0.0, 0.05, 0.1, 0.5),
        "entropy_thompson_samples": samples,
        "flow_imbalance": pick(rng, 0.0, g4(rng.uniform(-1.0, 1.0)), 1.0, -1.0, p=0.4),
        "position_opposes_momentum": rng.random() < 0.3,
        "urgency_score": pick(rng, 0.0, g4(rng.uniform(0.0, 1.5)), 1.0, p=0.4),
        "falling_knife_score": pick(rng, 0.0, g4(rng.uniform(0.0, 2.5)), 0.6, 1.2, p=0.5),
        "rising_knife_score": pick(rng, 0.0, g4(rng.uniform(0.0, 2.5)), 0.6, 1.2, p=0.5),
        "predicted_alpha": pick(rng, 0.0, g4(rng.uniform(0.0, 0.8)), 0.5, p=0.5),
        "lead_lag_signal_bps": pick(rng, 0.0, g4(rng.uniform(-12.0, 12.0)), p=0.6),
        "capital_tier": tier,
        "regime_gamma_multiplier": pick(rng, 1.0, 1.05, 1.2, 1.5, 1.8, 2.0, 2.6, 3.0, 4.0),
        "kill_switch_headroom": pick(rng, 1.0, 0.5, 0.49, 0.2, 0.0),
        "adaptive_warmup_progress": pick(rng, 1.0, 0.0, 0.1, 0.29, 0.3, 0.7),
        "prob_bearish": pick(rng, 0.5, g4(rng.uniform(0.0, 1.0)), 0.0, 1.0, p=0.5),
        "dynamic_max_position": pick(rng, g4(eff_max), 0.0, g4(capacity), p=0.7),
        "available_bid_budget": g4(capacity * rng.uniform(0.0, 2.0)),
        "available_ask_budget": g4(capacity * rng.uniform(0.0, 2.0)),
        "belief_confidence": pick(rng, 0.0, g4(rng.uniform(0.0, 1.0)), 1.0, p=0.5),
        "warmup_size_mult": pick(rng, 1.0, 0.5, 0.25, 0.8),
        "drift_uncertainty_bps": pick(rng, g4(rng.uniform(0.1, 5.0)), 0.0, 1e-7, p=0.8),
        "drift_rate_per_sec_raw": pick(rng, 0.0, g4(rng.uniform(-5e-4, 5e-4)), p=0.4),
        "conviction_corroboration": pick(rng, 0, 1, 2, 3),
        "conviction_score": pick(rng, 0.0, 0.3, 0.31, g4(rng.uniform(0.0, 1.0))),
        "conviction_q_target": pick(rng, 0.0, g4(rng.uniform(-0.6, 0.6)), p=0.5),
        "conviction_margin_shift": pick(rng, 0.0, g4(rng.uniform(-0.3, 0.3)), p=0.6),
        "near_touch_depth_usd": pick(rng, 0.0, g4(casegen.log_uniform(rng, 5.0, 1e6)), p=0.4),
        "self_impact_max_ratio": pick(rng, 0.3, 0.0, 0.1, 1.0),
        "fee_bps": pick(rng, 1.5, 0.0, 3.5),
        "tick_size_bps": g4(10.0**-decimals / price * 1e4),
        "glft_optimal_bps": pick(rng, g4(rng.uniform(1.0, 25.0)), 0.0, p=0.9),
        "effective_floor_bps": pick(rng, 1.5, g4(rng.uniform(1.0, 12.0)), p=0.6),
        "normals": [
            rng.gauss(0.0, 1.0) * pick(rng, 1.0, 3.0, p=0.9) for _ in range(count * samples)
        ],
    }


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

OTHER_SIDE = {"bid": re.compile(r"\basks?\b", re.I), "ask": re.compile(r"\bbids?\b", re.I)}
#: Needs both sides (both empty): the port tells each side alone and leaves it out.
BOTH_SIDES = ("Ladder completely empty",)


def output(inputs: tuple[str, ...], case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """The answer as the port's SideSizing; the case keeps only `run`'s inputs, with the
    Gamma variates the bot's code drew in place of the normals they came from. Messages about
    the other side (the harness gives it no levels) are left out."""
    if answer.get("panic"):
        raise SystemExit(f"the bot's code panicked on {case}")
    side = case["side"]
    case["gamma_draws"] = answer["draws"]
    # The Gamma shapes the bot's code asked for, in one number (tests/test_legacy_ladder.py):
    # the recorded variates alone would not show a port asking for other shapes.
    extra = {"shapes_digest": answer["shapes_digest"]}
    messages = [
        m
        for m in answer["messages"]
        if m.split(":", 1)[0] in ("INFO", "WARN", "ERROR")
        and not OTHER_SIDE[side].search(m)
        and not any(text in m for text in BOTH_SIDES)
    ]
    depths = [lv["depth_bps"] for lv in case["levels"]]
    for key in [k for k in case if k not in inputs]:
        del case[key]
    single = {
        "GUARANTEED": "guaranteed",
        "concentration fallback": "concentration",
    }
    for text, path in single.items():
        if any(text in m for m in messages):
            return {
                "sizes": answer["out_sizes"],
                "prices": answer["out_prices"],
                "depths_bps": answer["out_depths"],
                "path": path,
                "messages": messages,
                **extra,
            }
    sizes = [0.0] * len(depths)
    for depth, size in zip(answer["out_depths"], answer["out_sizes"], strict=True):
        sizes[depths.index(depth)] = size
    if any("Constrained optimizer skipped" in m for m in messages):
        path = "margin_unavailable"
    else:
        path = "normal" if answer["out_sizes"] else "empty"
    return {"sizes": sizes, "path": path, "messages": messages, **extra}
