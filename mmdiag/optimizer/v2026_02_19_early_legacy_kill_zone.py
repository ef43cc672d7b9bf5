"""Legacy path, 2026-02-19, early (547f779): only a full position clears a side.

The fallback and the guaranteed quote skip the side that adds to the position from
|inventory ratio| >= 1.0 (the Red zone's 0.8 before) (ladder_strat@547f779:2199-2200,
2250-2251, 2459-2462). 3ae518f removes the toxicity multiplier (upstream of the capacity).
Not reachable in a running bot (see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "547f779"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-19",
    margin=legacy_margin.INVENTORY,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    equal_weight_tiers=True,
    retain_at_or_above=True,
    diagnostics=True,
    skip_quotes_generator=False,
    zone_clear=1.0,
    guaranteed=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-19-early-legacy",
    first="2026-02-19",
    last="2026-02-19",
    summary=(
        "only a full position (|inventory ratio| >= 1) stops the fallback and the guaranteed quote"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
