"""Reading the optimizer's golden and edge-case files, and comparing an output with them."""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mmdiag.optimizer import Allocation, optimize

VERSIONS = ("pre_fallback", "with_fallback")


def cases(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _float(value: Any) -> Any:
    """Edge cases write NaN and the infinities as strings."""
    return float(value) if isinstance(value, str) else value


def run_golden(case: dict[str, Any], version: str) -> Allocation:
    return optimize(version, case["method"], **case["input"])


def run_edge(case: dict[str, Any], version: str) -> Allocation:
    given = case["input"]
    kelly = given.get("kelly_params")
    return optimize(
        version,
        case["method"],
        levels=[{k: _float(v) for k, v in level.items()} for level in given["levels"]],
        kelly={k: _float(v) for k, v in kelly.items()} if kelly else None,
        **{k: _float(v) for k, v in given["optimizer"].items()},
    )


def close(got: float, want: Any) -> bool:
    """Equal, or within 1e-12 relative; NaN equals NaN; zeros compare by value."""
    want = _float(want)
    if math.isnan(want):
        return math.isnan(got)
    return got == want or abs(got - want) <= 1e-12 * max(abs(got), abs(want))


def golden_differences(got: Allocation, want: dict[str, Any]) -> list[str]:
    problems = []
    if len(got.sizes) != len(want["sizes"]):
        return [f"{len(got.sizes)} sizes, want {len(want['sizes'])}"]
    for index, (g, w) in enumerate(zip(got.sizes, want["sizes"], strict=True)):
        if (g > 0) != (_float(w) > 0) or not close(g, w):
            problems.append(f"size {index}: {g!r}, want {w!r}")
    for key in ("shadow_price", "margin_used", "position_used"):
        if not close(getattr(got, key), want[key]):
            problems.append(f"{key}: {getattr(got, key)!r}, want {want[key]!r}")
    if got.binding_constraint != want["binding_constraint"]:
        problems.append(f"binding {got.binding_constraint}, want {want['binding_constraint']}")
    if "fallback_fired" in want and got.fallback_fired != want["fallback_fired"]:
        problems.append(f"fallback_fired {got.fallback_fired}, want {want['fallback_fired']}")
    return problems


def _from_bits(text: str) -> float:
    value: float = struct.unpack(">d", bytes.fromhex(text))[0]
    return value


def _same_bits(got: float, text: str) -> bool:
    want = _from_bits(text)
    return math.isnan(got) if math.isnan(want) else got == want


def edge_differences(got: Allocation, case: dict[str, Any], version: str) -> list[str]:
    """Exact IEEE-754 agreement (zeros by value), binding and fallback flag."""
    bits = case[f"{version}_bits"]
    problems = golden_differences(got, case[version])
    if len(got.sizes) == len(bits["sizes"]):
        for index, (g, text) in enumerate(zip(got.sizes, bits["sizes"], strict=True)):
            if not _same_bits(g, text):
                problems.append(f"size {index} bits: {g!r}, want {_from_bits(text)!r}")
    for key in ("shadow_price", "margin_used", "position_used"):
        if not _same_bits(getattr(got, key), bits[key]):
            problems.append(f"{key} bits: {getattr(got, key)!r}, want {_from_bits(bits[key])!r}")
    return problems
