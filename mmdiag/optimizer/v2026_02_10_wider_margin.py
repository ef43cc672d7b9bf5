"""The legacy path as released on 2026-02-10 (bot 9d8fd75): 70 % of the margin, 1.01 x min_notional.

The optimizers share 70 % of margin_available instead of 50 %; the minimum order the level
count, the per-level cap and the fallback's cap use is 1.01 x min_notional / microprice
instead of 1.05 (ladder_strat@9d8fd75:1048-1051, 1361-1367); LadderConfig's default
num_levels drops from 25 to 10 (quoting/ladder/mod.rs@9d8fd75). 19232ae (2026-02-11) opens
the next version.
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "9d8fd75"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-10",
    margin=legacy_margin.DIRECTIONAL_70,
    level_factor=1.01,
    num_levels=10,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-10",
    first="2026-02-10",
    last="2026-02-10",
    summary=("70% of the margin (50% before); minimum order 1.01 x min_notional / price"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
