"""Legacy path, 2026-02-23 (9ef59cf): a side is cleared from 90 % of the limit.

`KILL_CLEAR_INVENTORY_RATIO` = 0.90 replaces 1.0 in the fallback's and the guaranteed quote's
skip (ladder_strat@9ef59cf:32, 2256, 2307, 2516-2519). 7e274c6, d08470f (rustfmt, config
rewrites), 5257eb8, 8607bb8 (upstream) and d91c63b, bd1ea31 (a flip gate capping the
reducing side's capacity upstream) change nothing in the sizing; aa52990 (the squashed
restart of main, 2026-02-26) holds bd1ea31's code. Not reachable in a running bot (see
2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "9ef59cf"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-23",
    margin=legacy_margin.INVENTORY,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    equal_weight_tiers=True,
    retain_at_or_above=True,
    diagnostics=True,
    skip_quotes_generator=False,
    zone_clear=0.9,
    guaranteed=True,
    intensity_regime=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-23-legacy",
    first="2026-02-23",
    last="2026-02-25",
    summary=("the side that adds to the position is cleared from |inventory ratio| >= 0.9"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
