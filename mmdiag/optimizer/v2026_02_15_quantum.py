"""The legacy path as released on 2026-02-15 (bot d1d2d49): SizeQuantum.

The minimum order is SizeQuantum's `min_viable_size` (ceil(min_notional / microprice / step)
x step, step = 10^-sz_decimals: truncation-stable and worth min_notional at the microprice)
for the level count, the warning, the per-level cap and the retain (size > min_viable_size
instead of > 0.8 x min_notional / microprice); the fallback's order is
`clamp_to_viable(min(capacity, per-order cap), true)`, which rounds a smaller capacity UP to
one minimum order, at max(5 bps, min_depth_bps) (the capacity budget's
`min_viable_depth_bps`); a side the position zone cleared (|inventory ratio| >= 0.8 on the
side that adds to the position) gets no fallback (ladder_strat@d1d2d49:1602-1968,
config/capacity.rs@d1d2d49:50-101). Its Micro-tier concentrated ladder becomes
`generate_fallback_concentrated_ladder`, called from nowhere to the head.
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "d1d2d49"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-15",
    margin=legacy_margin.DIRECTIONAL_70,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    zone_clear=0.8,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-15",
    first="2026-02-15",
    last="2026-02-15",
    summary=(
        "SizeQuantum's min_viable_size as the minimum; the fallback rounds up to one "
        "minimum order at 5 bps and skips a side the Red zone cleared"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
