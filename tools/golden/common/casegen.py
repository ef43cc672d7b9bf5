"""Side states for golden cases: the ranges every version's vectors cover.

Capacity far above, at and below min_notional / price (exact boundaries and one ulp either
side included), 1-25 levels, prices 0.1..100,000, sz_decimals 0..5, leverage 1..50, margin
binding or not, and per-level parameters shaped like the bot's (geometric depths, decaying
fill intensity and adverse selection) with some random and degenerate ones.
"""

from __future__ import annotations

import math
import random
from typing import Any

EPSILON = 1e-9


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def price(rng: random.Random) -> float:
    pick = rng.random()
    if pick < 0.15:
        return rng.choice([0.1, 1.0, 3.21, 25.0, 150.0, 2500.0, 90000.0, 100000.0])
    value = log_uniform(rng, 0.1, 100000.0)
    decimals = rng.choice([0, 1, 2, 4, 6])
    return round(value, decimals) or value


def capacity_factor(rng: random.Random) -> float:
    """The side's capacity as a multiple of min_notional / price."""
    pick = rng.random()
    if pick < 0.25:
        return rng.choice([0.0, 0.5, 0.8, 0.99, 1.0, 1.0000001, 1.01, 1.25, 1.5, 2.0, 5.0])
    if pick < 0.35:
        return rng.choice([1.0 - 1e-12, 1.0 + 1e-12, 0.8 - 1e-12, 0.8 + 1e-12])
    if pick < 0.75:
        return log_uniform(rng, 0.05, 20.0)
    return log_uniform(rng, 20.0, 5000.0)


def side_state(rng: random.Random) -> dict[str, Any]:
    """The scalars every version reads one way or another."""
    p = price(rng)
    min_notional = 10.0 if rng.random() < 0.85 else rng.choice([0.0, 1.0, 5.0, 11.0, 100.0])
    unit = (min_notional or 10.0) / p
    capacity = capacity_factor(rng) * unit
    if rng.random() < 0.1:
        capacity = round(capacity, rng.randint(0, 6))
    leverage = rng.choice([1.0, 3.0, 5.0, 10.0, 20.0, 40.0, 50.0, 0.5])
    margin_factor = rng.choice([None, 0.0, 0.5, 1.0, 1.2, 10.0])
    if margin_factor is None:
        margin = log_uniform(rng, 1.0, 1e6)
    else:
        margin = capacity * p / max(leverage, 1.0) * margin_factor
    return {
        "price": p,
        "min_notional": min_notional,
        "capacity": capacity,
        "margin": margin,
        "leverage": leverage,
        "sz_decimals": rng.randint(0, 5),
        "levels": rng.randint(1, 25),
        "min_size": rng.choice([0.001, 0.01, 1.0, 0.0001, unit, 0.0]),
    }


def level_params(
    rng: random.Random, count: int, price: float, leverage: float
) -> list[dict[str, float]]:
    """Per-level optimizer inputs: the bot's shape (depth up, λ and AS down) mostly, random
    or degenerate (all zero, ties, negative spread capture) sometimes."""
    mpu = price / max(leverage, 1.0)
    shape = rng.random()
    start = log_uniform(rng, 1.0, 20.0)
    ratio = rng.uniform(1.1, 1.8)
    kappa = log_uniform(rng, 100.0, 10000.0)
    levels = []
    for i in range(count):
        depth = start * ratio**i
        a_s = 3.0 * math.exp(-depth / 8.0)
        if shape < 0.7:
            fill = kappa * min(1.0, (0.0001 * math.sqrt(600.0) / (depth / 1e4)) ** 2)
            sc = max(depth - a_s - 3.5, 0.0)
        elif shape < 0.8:
            fill, sc = rng.uniform(0.0, 2.0), rng.uniform(-2.0, 10.0)
        elif shape < 0.87:
            fill, sc = 0.0, 0.0
        elif shape < 0.93:
            fill, sc = 1.0, 2.0
        else:
            fill, sc = rng.uniform(0.0, 1.0), -rng.uniform(0.0, 5.0)
        levels.append(
            {
                "depth_bps": depth,
                "fill_intensity": fill,
                "spread_capture": sc,
                "margin_per_unit": mpu,
                "adverse_selection": a_s,
            }
        )
    return levels


def kelly_params(rng: random.Random) -> dict[str, float]:
    sigma = rng.choice([1e-4, 5e-5, 2e-4, log_uniform(rng, 1e-6, 1e-2)])
    tau = min(max((0.0025 / sigma) ** 2, 10.0), 600.0)
    return {
        "sigma": sigma,
        "time_horizon": tau,
        "alpha_touch": rng.choice([0.25, 0.15, rng.uniform(0.0, 0.9)]),
        "alpha_decay_bps": rng.choice([15.0, 10.0, rng.uniform(1.0, 50.0)]),
        "kelly_fraction": rng.choice([0.2, 0.25, rng.uniform(0.05, 0.75)]),
    }
