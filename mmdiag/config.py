"""Settings from `mmdiag.toml` or `[tool.mmdiag]` in pyproject.toml; command-line flags win.

```toml
[tool.mmdiag]            # or, in mmdiag.toml, the same keys at the top level
min_window = 30          # seconds
max_gap = 120            # seconds
fail_on = "unrecovered"  # or "any"
method = "kelly"         # or "proportional"

[tool.mmdiag.overrides]  # for every asset
min_level_size = 0.001

[tool.mmdiag.assets."hyna:BTC"]   # for one asset (as the start-up line names it)
sz_decimals = 5
```
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mmdiag.errors import UsageError
from mmdiag.reconstruct import OVERRIDABLE
from mmdiag.replay import ReplayInputs

POLICIES = ("unrecovered", "any")
MAX_SECONDS = 366 * 86400.0
"""The longest window or gap a setting may name: a year."""
METHODS = ("kelly", "proportional")


@dataclass(frozen=True)
class Settings:
    min_window_s: float = 30.0
    max_gap_s: float = 120.0
    startup_s: float = 120.0
    """A window from a session's start counts only when it lasts longer (the warm-up)."""
    fail_on: str = "unrecovered"
    method: str = "kelly"
    overrides: dict[str, float] = field(default_factory=dict)
    asset_overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    source: str | None = None
    """The file the settings came from, if any."""

    def overrides_for(self, asset: str | None) -> dict[str, float]:
        specific = self.asset_overrides.get(asset or "", {})
        return {**self.overrides, **specific}


def find_config(start: Path) -> Path | None:
    """`mmdiag.toml`, or a pyproject.toml with a [tool.mmdiag] table, in `start` or above."""
    for folder in (start, *start.parents):
        own = folder / "mmdiag.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "mmdiag" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def load_settings(path: Path | None = None, search_from: Path | None = None) -> Settings:
    """Settings from `path`, or from the nearest config file above `search_from`, or defaults."""
    if path is None and search_from is not None:
        path = find_config(search_from)
    if path is None:
        return Settings()
    table = _read(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("mmdiag", {})
    return _settings(table, str(path))


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"config {path} is not valid TOML: {exc}") from None


def _settings(table: dict[str, Any], where: str) -> Settings:
    known = {"min_window", "max_gap", "startup", "fail_on", "method", "overrides", "assets"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(f"config {where}: unknown setting {unknown[0]!r}")
    assets = table.get("assets", {})
    if not isinstance(assets, dict):
        raise UsageError(f"config {where}: assets must be a table of asset tables")
    return Settings(
        min_window_s=_seconds(table, "min_window", 30.0, where),
        max_gap_s=_seconds(table, "max_gap", 120.0, where),
        startup_s=_seconds(table, "startup", 120.0, where),
        fail_on=_choice(table, "fail_on", POLICIES, where),
        method=_choice(table, "method", METHODS, where),
        overrides=_overrides(table.get("overrides", {}), f"{where} [overrides]"),
        asset_overrides={
            str(asset): _overrides(values, f"{where} [assets.{asset}]")
            for asset, values in assets.items()
        },
        source=where,
    )


def _seconds(table: dict[str, Any], key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= MAX_SECONDS
    ):
        raise UsageError(
            f"config {where}: {key} must be a number of seconds from 0 to "
            f"{MAX_SECONDS:.0f} (a year), got {value!r}"
        )
    return float(value)


def _choice(table: dict[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = table.get(key, choices[0])
    if value not in choices:
        raise UsageError(f"config {where}: {key} must be one of {', '.join(choices)}")
    return str(value)


def _overrides(values: object, where: str) -> dict[str, float]:
    if not isinstance(values, dict):
        raise UsageError(f"config {where}: must be a table of values")
    result: dict[str, float] = {}
    for name, value in values.items():
        if name not in OVERRIDABLE:
            raise UsageError(f"config {where}: cannot override {name!r}")
        result[name] = check_override(name, value, f"config {where}")
    return result


def check_override(name: str, value: object, where: str) -> float:
    """A state override as a float, or a UsageError naming what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{where}: {name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and name in _POSITIVE):
        bound = "> 0" if name in _POSITIVE else ">= 0"
        raise UsageError(f"{where}: {name} must be a finite number {bound}, got {value!r}")
    if name in _INTEGRAL and not number.is_integer():
        raise UsageError(f"{where}: {name} must be a whole number, got {value!r}")
    problem = _range_problem(name, number)
    if problem:
        raise UsageError(f"{where}: {problem}")
    return number


def _range_problem(name: str, number: float) -> str | None:
    """The replay's own bounds on this input (an override it would refuse is refused here)."""
    value: dict[str, Any] = {name: int(number) if name in _INTEGRAL else number}
    probe = replace(_PROBE, **value)
    return next((p for p in probe.problems() if p.startswith(name + " ")), None)


_PROBE = ReplayInputs(price=90_000.0, side_capacity=0.0, levels=5, margin=0.0)


_POSITIVE = frozenset({"price", "levels", "leverage"})
_INTEGRAL = frozenset({"levels", "sz_decimals"})
