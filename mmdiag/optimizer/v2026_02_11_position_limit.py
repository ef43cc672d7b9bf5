"""Legacy path, 2026-02-11 (19232ae): 1.15 x min_notional, and a warning when one order exceeds the
limit.

The minimum order becomes 1.15 x min_notional / microprice (level count, per-level cap,
fallback cap), and WARN `POSITION LIMIT TOO SMALL: cannot place orders meeting exchange
minimum` when that minimum exceeds effective_max_position (ladder_strat@19232ae:1374-1388;
the commit also turns the file's line ends to CRLF). b584b5d, 4b0d261 (effective_max_position
capped at max_position, upstream of the side's capacity), 0b385b8 and 7d49f35 (the position
zone: it widens or clears the accumulating side's depths, upstream of its levels) change
nothing in the sizing.
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "19232ae"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-11",
    margin=legacy_margin.DIRECTIONAL_70,
    level_factor=1.15,
    num_levels=10,
    position_limit_warning=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-11",
    first="2026-02-11",
    last="2026-02-12",
    summary=(
        "minimum order 1.15 x min_notional / price; WARN when one exceeds effective_max_position"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
