"""The one list of sizing versions: analyze, replay, the upgrade rows and the README's table
all read it, so a new version of the bot's sizing is one module added to `MODULES`."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from mmdiag.optimizer import (
    v2026_01_02_fallback,
    v2026_01_02_pre_fallback,
    v2026_01_03_depth_fallback,
    v2026_01_04_entropy,
    v2026_01_06_margin_split,
    v2026_01_08_early_level_cut,
    v2026_01_08_rank,
    v2026_01_09_weighted_split,
    v2026_01_12_half_margin,
    v2026_01_13_early_fallback,
    v2026_01_13_fallback,
    v2026_01_27_soft_factor,
    v2026_02_07_knife_split,
    v2026_02_09_size_cap,
    v2026_02_10_early_directional,
    v2026_02_10_wider_margin,
    v2026_02_11_position_limit,
    v2026_02_13_empty_side_fallback,
    v2026_02_15_quantum,
    v2026_02_16_at_quantum,
    v2026_02_16_early_equal_split,
    v2026_02_17_early_diagnostics,
    v2026_02_17_legacy_dynamic_margin,
    v2026_02_17_tick_grid,
    v2026_02_17_tick_grid_greedy,
    v2026_02_18_legacy_guaranteed,
    v2026_02_18_tick_grid_floor,
    v2026_02_19_early_legacy_kill_zone,
    v2026_02_19_legacy_tail_intensity,
    v2026_02_19_tick_grid_min_cap,
    v2026_02_19_tick_grid_sc_as,
    v2026_02_19_tick_grid_zones,
    v2026_02_21_legacy_net_ev,
    v2026_02_23_legacy_kill_ninety,
    v2026_02_23_tick_grid_kill_clear,
    v2026_02_26_legacy_posterior_split,
    v2026_02_27_legacy_budget_split,
    v2026_02_28_early_legacy_cartea,
    v2026_02_28_legacy_conviction,
    v2026_02_28_tick_grid_conviction,
    v2026_02_28_tick_grid_floor_at_price,
    v2026_03_03_legacy_self_impact,
    v2026_03_03_tick_grid_self_impact,
    v2026_03_04_tick_grid_touch,
)
from mmdiag.optimizer.sizing import SideSizing, SizingVersion

#: In release order. Each module has `VERSION`, `run` and `inputs_from` (see `sizing`).
MODULES: tuple[ModuleType, ...] = (
    v2026_01_02_pre_fallback,
    v2026_01_02_fallback,
    v2026_01_03_depth_fallback,
    v2026_01_04_entropy,
    v2026_01_06_margin_split,
    v2026_01_08_early_level_cut,
    v2026_01_08_rank,
    v2026_01_09_weighted_split,
    v2026_01_12_half_margin,
    v2026_01_13_early_fallback,
    v2026_01_13_fallback,
    v2026_01_27_soft_factor,
    v2026_02_07_knife_split,
    v2026_02_09_size_cap,
    v2026_02_10_early_directional,
    v2026_02_10_wider_margin,
    v2026_02_11_position_limit,
    v2026_02_13_empty_side_fallback,
    v2026_02_15_quantum,
    v2026_02_16_early_equal_split,
    v2026_02_16_at_quantum,
    v2026_02_17_early_diagnostics,
    v2026_02_17_legacy_dynamic_margin,
    v2026_02_17_tick_grid_greedy,
    v2026_02_17_tick_grid,
    v2026_02_18_legacy_guaranteed,
    v2026_02_18_tick_grid_floor,
    v2026_02_19_early_legacy_kill_zone,
    v2026_02_19_legacy_tail_intensity,
    v2026_02_19_tick_grid_min_cap,
    v2026_02_19_tick_grid_zones,
    v2026_02_19_tick_grid_sc_as,
    v2026_02_21_legacy_net_ev,
    v2026_02_23_legacy_kill_ninety,
    v2026_02_23_tick_grid_kill_clear,
    v2026_02_26_legacy_posterior_split,
    v2026_02_27_legacy_budget_split,
    v2026_02_28_early_legacy_cartea,
    v2026_02_28_legacy_conviction,
    v2026_02_28_tick_grid_floor_at_price,
    v2026_02_28_tick_grid_conviction,
    v2026_03_03_legacy_self_impact,
    v2026_03_03_tick_grid_self_impact,
    v2026_03_04_tick_grid_touch,
)


def versions() -> tuple[SizingVersion, ...]:
    """Every sizing version, oldest first."""
    return tuple(module.VERSION for module in MODULES)


def version(name: str) -> SizingVersion:
    for found in versions():
        if found.name == name:
            return found
    known = ", ".join(v.name for v in versions())
    raise ValueError(f"unknown sizing version {name!r}: one of {known}")


def run_version(name: str, **inputs: Any) -> SideSizing:
    """One version on inputs named as the bot's function's parameters at its commit."""
    found = version(name)
    unknown = sorted(set(inputs) - set(found.inputs))
    missing = sorted(set(found.inputs) - set(inputs))
    if unknown or missing:
        raise ValueError(
            f"sizing version {name!r} takes {', '.join(found.inputs)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "")
        )
    return found.run(**inputs)


def later_than(name: str) -> tuple[SizingVersion, ...]:
    """The versions released after `name`, oldest first (the upgrade what-if's rows)."""
    names = [v.name for v in versions()]
    return versions()[names.index(version(name).name) + 1 :]
