"""Legacy path, 2026-02-10, early (6d31c6a): a directional term in the margin split.

The split's weights become 0.50 inventory, 0.25 momentum, 0.10 urgency and 0.15 a directional
signal: (sign(rising - falling knife) x min(|rising - falling|, 2) / 2 x 0.4 + flow x 0.4 +
lead_lag_bps / 5 x 0.2) x (1 + 2 min(alpha, 0.5)), clamped to [-1, 1], x 0.3
(ladder_strat@6d31c6a:1069-1183). The rest as 2026-02-09.
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "6d31c6a"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-10",
    margin=legacy_margin.DIRECTIONAL,
    entropy_settings=(2.0, 1.2, 0.04, 5),
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-10-early",
    first="2026-02-10",
    last="2026-02-10",
    summary=(
        "the margin split adds a directional term (knife scores, flow, lead-lag, alpha) at 15%"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
