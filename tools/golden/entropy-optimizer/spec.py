"""The entropy optimizer alone (mmdiag.optimizer.entropy.optimize), at the commit of each of
its variants: `ENTROPY_COMMIT=cf72cbb python tools/golden/build.py entropy-optimizer --out
tests/data/entropy/cf72cbb.jsonl` (3f3f2a9, cf72cbb, f926853, 9b1737b). The sizing versions'
vectors check it inside ladder_strat for the first three; these check every configuration
field and the 9b1737b net-EV utility, which the legacy path of later releases calls."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-01-04"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "common"))
import casegen
from entropy_era import g4, pick, short

NAME = "entropy-optimizer"
COMMIT = os.environ.get("ENTROPY_COMMIT", "9b1737b")
DEPENDENCIES = ["tracing", "serde", "rand", "rand_distr"]
FILES = {
    f"src/market_maker/quoting/ladder/{name}.rs": f"src/market_maker/quoting/ladder/{name}.rs"
    for name in ("entropy_distribution", "entropy_optimizer", "optimizer")
}
DEFAULT_CASES = 320
SOFT_FACTOR = {"3f3f2a9": 1.5, "cf72cbb": 1.5}


def cases(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for _ in range(count):
        s = casegen.side_state(rng)
        n = s["levels"] if rng.random() < 0.3 else rng.randint(1, 6)
        levels = [short(lv) for lv in casegen.level_params(rng, n, s["price"], s["leverage"])]
        samples = pick(rng, 5, 1, 3, 0)
        yield {
            "price": s["price"],
            "margin_available": s["margin"],
            "max_position": s["capacity"],
            "leverage": max(s["leverage"], 1.0),
            "levels": levels,
            "min_entropy": pick(rng, 1.5, 0.0, 1.0, 3.0),
            "base_temperature": pick(rng, 1.0, 0.2, 3.0),
            "toxicity_temp_scale": pick(rng, 0.5, 1.0, 0.0),
            "dirichlet_prior": pick(rng, 0.5, 0.1, 2.0),
            "min_allocation_floor": pick(rng, 0.02, 0.0, 0.1),
            "spread_capture_weight": pick(rng, 1.0, 0.5, 2.0),
            "fill_prob_weight": pick(rng, 0.5, 0.0, 1.0),
            "negative_sc_penalty": pick(rng, 2.0, 0.0, 5.0),
            "thompson_samples": samples,
            "adaptive_temperature": rng.random() < 0.9,
            "max_temp_multiplier": pick(rng, 3.0, 1.0, 10.0),
            "as_confidence": pick(rng, 0.7, 0.0, 1.0),
            "min_touch_ev": pick(rng, 0.01, 0.0, 0.5),
            "min_notional": s["min_notional"],
            "soft_notional_constraint": rng.random() < 0.85,
            "notional_soft_factor": pick(rng, SOFT_FACTOR.get(COMMIT, 1.1), 1.0, 2.0),
            "redistribute_filtered": rng.random() < 0.85,
            "toxicity": pick(rng, 1.0, 0.0, g4(rng.uniform(0.5, 6.0))),
            "volatility_ratio": pick(rng, 1.0, 0.0, g4(rng.uniform(0.3, 20.0))),
            "cascade_severity": pick(rng, 0.0, 1.0, g4(rng.uniform(0.0, 1.2))),
            "book_imbalance": 0.0,
            "normals": [rng.gauss(0.0, 1.0) for _ in range(n * samples)],
        }


def to_tokens(case: dict[str, Any]) -> dict[str, Any]:
    from build import flatten_levels

    tokens = {k: v for k, v in case.items() if k != "levels"}
    tokens["n"] = len(case["levels"])
    fields = ("depth_bps", "fill_intensity", "spread_capture", "margin_per_unit")
    flat = flatten_levels(case["levels"])
    for field in (*fields, "adverse_selection"):
        tokens[f"levels.{field}"] = flat.get(f"levels.{field}", [])
    return tokens


def output(case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    if answer.get("panic"):
        raise SystemExit(f"the bot's code panicked on {case}")
    case["gamma_draws"] = answer.pop("draws")
    del case["normals"]
    case["commit"] = COMMIT
    return answer
