"""The legacy path as released on 2026-02-17, early (bot 0151975): two INFO diagnostics.

INFO `DIAGNOSTIC: pre-generate ladder depths` and `DIAGNOSTIC: post-generate ladder levels`
every cycle the side is sized (ladder_strat@0151975:1729-1757); sizes as 2026-02-16.
a9d9831 and 6512a34 change nothing in the sizing (kappa blending and AS multipliers:
upstream of the levels; a format string).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "0151975"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-17",
    margin=legacy_margin.DIRECTIONAL_70,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    zone_clear=0.8,
    equal_weight_tiers=True,
    retain_at_or_above=True,
    diagnostics=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-17-early",
    first="2026-02-17",
    last="2026-02-17",
    summary=("two INFO DIAGNOSTIC lines each cycle; sizes as 2026-02-16"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
