"""What every harness of the tick-grid path (6a432ff, 2026-02-17, to the head) shares: the
bot's files and the pieces of ladder_strat.rs it runs at a commit, the cases, and how an
answer becomes the port's output.

Each version's spec.py names its NAME and port MODULE and takes the rest from here:
`spec_for(NAME, MODULE)` (the commit is the module's). The crate
(tools/golden/2026-02-17-tick-grid/crate, which the other versions' `crate` links to) pastes
the pieces into one function (its build.rs) and runs one cycle per case: this side with the
case's capacity and margin, the other side with the same capacity and no margin (so the
bot's either-side warnings are this side's, and the other side never reaches the self-impact
cap). The other side's guaranteed quote message is dropped from the answer.
"""

from __future__ import annotations

import importlib
import math
import os
import random
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
DEPENDENCIES = ["tracing", "serde", "smallvec"]
FILES = {
    f"{LADDER}/tick_grid.rs": "src/market_maker/quoting/ladder/tick_grid.rs",
    f"{LADDER}/risk_budget.rs": "src/market_maker/quoting/ladder/risk_budget.rs",
    "src/market_maker/config/capacity.rs": "src/market_maker/config/capacity.rs",
}
DEFAULT_CASES = 1200
TIERS = ("Micro", "Small", "Medium", "Large")
EPSILON = 1e-9
SKIP_TO_GENERATOR = "Constrained optimizer skipped: margin not yet available (warmup incomplete?)"


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
    """The pieces of ladder_strat.rs the crate pastes, as the commit has them."""
    strat = bot_text(commit, STRAT)
    items = [
        (STRAT, header)
        for header in ("const KILL_CLEAR_INVENTORY_RATIO", "fn cap_size_for_self_impact(")
        if header in strat
    ]
    pieces: dict[str, list[Any]] = {
        "src/helpers.rs": [
            ("src/helpers.rs", "pub fn truncate_float("),
            ("src/helpers.rs", "pub fn round_to_significant_and_decimal("),
        ],
        "src/pieces/items.rs": items,
        "src/pieces/capital_tier.rs": [
            ("src/market_maker/config/auto_derive.rs", "pub enum CapitalTier")
        ],
        "src/pieces/leverage.rs": [
            (
                STRAT,
                (
                    "let leverage = market_params.leverage.max(1.0);",
                    "let available_margin = market_params.margin_available;",
                ),
            )
        ],
        "src/pieces/grid.rs": [(STRAT, ("=== DYNAMIC LEVEL COUNT", "LEGACY PATH"))],
    }
    if "let margin_skip = available_margin < EPSILON;" in strat:
        pieces["src/pieces/margin_skip.rs"] = [
            (
                STRAT,
                (
                    "let margin_skip = available_margin < EPSILON;",
                    "falling through to guaranteed quotes",
                ),
            )
        ]
        pieces["src/pieces/floor.rs"] = [
            (STRAT, ("=== GUARANTEED QUOTE FLOOR", "GUARANTEED ASK: floor quote placed"))
        ]
    else:
        pieces["src/pieces/margin_return.rs"] = [
            (
                STRAT,
                (
                    "if available_margin < EPSILON {",
                    "return Ladder::generate(&ladder_config, &params);",
                ),
            )
        ]
    return pieces


def spec_for(name: str, module_name: str) -> dict[str, Any]:
    module = importlib.import_module(f"mmdiag.optimizer.{module_name}")
    code = module.CODE
    inputs = module.VERSION.inputs
    return {
        "NAME": name,
        "COMMIT": code.commit,
        "DEPENDENCIES": DEPENDENCIES,
        "FILES": FILES,
        "EXTRACTS": extracts(code.commit),
        "DEFAULT_CASES": DEFAULT_CASES,
        "cases": lambda rng, count: cases(rng, count, inputs),
        "to_tokens": to_tokens,
        "output": output,
    }


# -- cases ------------------------------------------------------------------------------

KINDS = (
    "usual",
    "small",
    "margin_bound",
    "no_margin",
    "no_capacity",
    "inventory",
    "headroom",
    "conviction",
    "self_impact",
    "odd",
)


def cases(rng: random.Random, count: int, inputs: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    for n in range(count):
        full = case(rng, KINDS[n % len(KINDS)] if n % 4 else "usual")
        yield {name: full[name] for name in inputs}


def glft_roundtrip(value: float) -> float:
    """A GLFT touch the harness's stand-in gives back exactly (value / 1e4 x 1e4)."""
    while (value / 10_000.0) * 10_000.0 != value:
        value = math.nextafter(value, math.inf)
    return value


def case(rng: random.Random, kind: str) -> dict[str, Any]:
    s = casegen.side_state(rng)
    price = s["price"]
    sz_decimals = s["sz_decimals"]
    decimals = max(6 - sz_decimals, 0) if rng.random() < 0.7 else rng.randint(0, 6)
    min_notional = s["min_notional"]
    unit = (min_notional or 10.0) / price
    capacity = s["capacity"]
    leverage = s["leverage"]
    margin_capacity = capacity * price / max(leverage, 1.0) * rng.choice([0.5, 1.0, 2.0, 10.0])
    available_margin = margin_capacity * rng.choice([2.0, 2.5, 1.0])
    fee_rate = 0.00015 if rng.random() < 0.8 else rng.choice([0.0001, 0.0002, 0.0, 0.00035])
    tier = rng.choice(TIERS)
    position = 0.0
    forced_side = None
    effective_max_position = capacity * rng.choice([1.0, 1.0, 0.5, 2.0, 0.0])
    if kind == "usual" and rng.random() < 0.7:
        capacity = unit * casegen.log_uniform(rng, 0.8, 400.0)
        effective_max_position = capacity * rng.choice([1.0, 1.0, 0.5, 2.0])
        margin_capacity = capacity * price / max(leverage, 1.0) * rng.choice([0.3, 1.0, 1.0, 5.0])
    if kind == "small":
        capacity = unit * rng.choice([0.5, 0.99, 1.0, 1.5, 2.0, 3.0, 4.0, 4.99, 5.0, 6.0])
        effective_max_position = capacity
        margin_capacity = max(margin_capacity, capacity * price)
        tier = rng.choice(["Micro", "Small"])
    elif kind == "margin_bound":
        margin_capacity = unit * price / max(leverage, 1.0) * rng.uniform(0.3, 8.0)
        capacity = max(capacity, unit * rng.uniform(5.0, 50.0))
    elif kind == "no_margin":
        available_margin = rng.choice([0.0, -0.0, 1e-10, 9.99e-10, 1e-9, -3.0])
    elif kind == "no_capacity":
        capacity = rng.choice([0.0, 0.0, 1e-10, unit * 0.3, -1.0])
    elif kind == "inventory":
        effective_max_position = max(capacity, unit) * rng.uniform(1.0, 5.0)
        ratio = rng.choice([0.55, 0.6, 0.7, 0.79, 0.8, 0.85, 0.89, 0.9, 0.95, 1.0, 1.5])
        position = ratio * effective_max_position * rng.choice([1.0, -1.0])
        side = "bid" if position > 0.0 else "ask"  # the accumulating side, mostly
        if rng.random() < 0.7:
            forced_side = side
    elif kind == "odd":
        leverage = rng.choice([0.0, 0.5, 1.0, 100.0])
        min_notional = rng.choice([0.0, 10.0, 1.0])
        margin_capacity = rng.choice([math.inf, 0.0, margin_capacity, 1e300])
        capacity = rng.choice([1e300, capacity, unit * 1e6])
    glft = glft_roundtrip(casegen.log_uniform(rng, 0.5, 60.0))
    fee_bps = fee_rate * 10_000.0
    tick_size_bps = (10.0**-decimals) / price * 10_000.0 if rng.random() < 0.8 else 0.5
    floor_bps = max(fee_bps, tick_size_bps) * rng.choice([1.0, 1.0, 1.5, 3.0])
    if rng.random() < 0.2:
        floor_bps = glft * rng.uniform(1.0, 2.0)
    ladder_count = rng.randint(0, 5)
    return {
        "side": forced_side or rng.choice(["bid", "ask"]),
        "microprice": price,
        "decimals": decimals,
        "sz_decimals": sz_decimals,
        "min_notional": min_notional,
        "leverage": leverage,
        "available_margin": available_margin,
        "position_capacity": capacity,
        "margin_capacity": margin_capacity,
        "position": position,
        "effective_max_position": effective_max_position,
        "num_levels": rng.choice([rng.randint(1, 25), 2, 4, 8, 10, 15]),
        "tier": tier,
        "glft_optimal_bps": glft,
        "effective_floor_bps": floor_bps,
        "as_at_touch_bps": 0.0 if rng.random() < 0.4 else casegen.log_uniform(rng, 0.1, 15.0),
        "maker_fee_rate": fee_rate,
        "sigma": rng.choice([1e-4, casegen.log_uniform(rng, 1e-6, 2e-3), 1e-4, 0.0]),
        "kelly_time_horizon": rng.choice([60.0, casegen.log_uniform(rng, 1.0, 600.0), 60.0, 0.0]),
        "kappa_spread_bps": None if rng.random() < 0.5 else casegen.log_uniform(rng, 1.0, 150.0),
        "tick_size_bps": tick_size_bps,
        "ladder_sizes": [
            round(casegen.log_uniform(rng, 1e-4, 10.0), 4) for _ in range(ladder_count)
        ],
        "regime_gamma_multiplier": rng.choice([1.0, 1.0, 1.2, 1.5, 1.8, 2.5]),
        "adaptive_warmup_progress": rng.choice([0.0, 0.1, 0.25, 0.5, 1.0]),
        "rate_limit_headroom_pct": (
            rng.choice([0.0, 0.01, 0.05, 0.1, 0.149, 0.15]) if kind == "headroom" else 1.0
        ),
        "conviction_ask_tightening": (
            rng.choice([0.1, 0.3, 0.5, 0.9]) if kind == "conviction" else 0.0
        ),
        "conviction_direction": rng.choice([-1.0, -0.4, 0.0, 0.7]),
        "conviction_corroboration": rng.choice([0, 1, 2, 3]) if kind == "conviction" else 0,
        "near_touch_depth_usd": (
            casegen.log_uniform(rng, 1.0, 1e5) if kind == "self_impact" else 0.0
        ),
        "self_impact_max_ratio": 0.30 if rng.random() < 0.8 else rng.choice([0.0, 0.1, 1.0]),
    }


def to_tokens(case: dict[str, Any]) -> dict[str, Any]:
    """Every field the crate reads; what a version does not take, at MarketParams' defaults."""
    tokens: dict[str, Any] = {
        "kappa_spread_bps": 0.0,
        "has_kappa_spread_bps": False,
        "ladder_sizes": [],
        "tick_size_bps": 0.5,
        "regime_gamma_multiplier": 1.0,
        "adaptive_warmup_progress": 0.0,
        "rate_limit_headroom_pct": 1.0,
        "conviction_ask_tightening": 0.0,
        "conviction_direction": 0.0,
        "conviction_corroboration": 0,
        "near_touch_depth_usd": 0.0,
        "self_impact_max_ratio": 0.30,
    }
    for key, value in case.items():
        if key == "kappa_spread_bps":
            tokens["has_kappa_spread_bps"] = value is not None
            tokens[key] = 0.0 if value is None else float(value)
        elif isinstance(value, int) and key not in ("decimals", "sz_decimals", "num_levels"):
            tokens[key] = value if key == "conviction_corroboration" else float(value)
        else:
            tokens[key] = value
    return tokens


def output(case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    side = case["side"]
    other = "ASK" if side == "bid" else "BID"
    messages = [m for m in answer["messages"] if not m.startswith(f"INFO:GUARANTEED {other}:")]
    messages = [m for m in messages if not m.startswith(("TRACE:", "DEBUG:"))]
    sizes = answer["sizes"]
    if f"WARN:{SKIP_TO_GENERATOR}" in messages:
        return {"sizes": sizes, "path": "margin_unavailable", "messages": messages}
    if any(m.startswith(f"INFO:GUARANTEED {side.upper()}:") for m in messages):
        path = "guaranteed"
    else:
        path = "normal" if any(size > EPSILON for size in sizes) else "empty"
    return {
        "sizes": sizes,
        "prices": answer["prices"],
        "depths_bps": answer["depths"],
        "path": path,
        "messages": messages,
    }
