"""The framework's own check: the seed's fixed optimizer alone (d8bb6a1), whose vectors
../shared/reference/optimizer/golden.jsonl already holds, computed again here."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "common"))
import casegen

NAME = "selfcheck_d8bb6a1"
COMMIT = "d8bb6a1"
DEPENDENCIES = ["tracing"]
FILES = {
    "src/market_maker/quoting/ladder/optimizer.rs": "src/market_maker/quoting/ladder/optimizer.rs",
}
DEFAULT_CASES = 1000


def cases(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for _ in range(count):
        s = casegen.side_state(rng)
        yield {
            "method": rng.choice(["proportional", "kelly_stochastic"]),
            "margin_available": s["margin"],
            "max_position": s["capacity"],
            "min_size": s["min_size"],
            "min_notional": s["min_notional"],
            "price": s["price"],
            "leverage": s["leverage"],
            "levels": casegen.level_params(rng, s["levels"], s["price"], s["leverage"]),
            "kelly": casegen.kelly_params(rng),
        }


def to_tokens(case: dict[str, Any]) -> dict[str, Any]:
    from build import flatten_levels

    tokens = {k: v for k, v in case.items() if k not in ("levels", "kelly")}
    tokens.update(flatten_levels(case["levels"]))
    tokens.update({f"kelly.{k}": v for k, v in case["kelly"].items()})
    tokens["n"] = len(case["levels"])
    return tokens


def output(case: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    return answer
