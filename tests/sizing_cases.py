"""Golden vectors of the sizing versions (tests/data/sizing/NAME.jsonl, written by
tools/golden/build.py from the bot's own Rust code) and the comparison with a port's answer."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mmdiag.optimizer import SideSizing

SIZING_DATA = Path(__file__).resolve().parent / "data" / "sizing"


def golden_path(name: str) -> Path:
    return SIZING_DATA / f"{name}.jsonl"


def golden_cases(name: str) -> Iterator[dict[str, Any]]:
    with golden_path(name).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def same_float(got: float, want: float) -> bool:
    """Bit for bit, but NaN equals NaN and zeros compare by value (the sign of a zero from
    Rust's max/min is unspecified: OPTIMIZER_DETAILS.md §0)."""
    if math.isnan(want):
        return math.isnan(got)
    return got == want


def differences(got: SideSizing, want: dict[str, Any]) -> list[str]:
    problems = []
    sizes = want["sizes"]
    if len(got.sizes) != len(sizes):
        return [f"{len(got.sizes)} sizes {got.sizes}, want {len(sizes)} {sizes}"]
    for n, (g, w) in enumerate(zip(got.sizes, sizes, strict=True)):
        if not same_float(g, w):
            problems.append(f"size {n}: {g!r}, want {w!r}")
    for key in ("prices", "depths_bps"):
        wanted = want.get(key)
        mine = getattr(got, key)
        if wanted is None:
            continue
        if mine is None or len(mine) != len(wanted):
            problems.append(f"{key}: {mine}, want {wanted}")
        else:
            problems.extend(
                f"{key} {n}: {g!r}, want {w!r}"
                for n, (g, w) in enumerate(zip(mine, wanted, strict=True))
                if not same_float(g, w)
            )
    if got.path != want["path"]:
        problems.append(f"path {got.path!r}, want {want['path']!r}")
    if list(got.messages) != list(want["messages"]):
        problems.append(f"messages {list(got.messages)}, want {want['messages']}")
    return problems
