"""Legacy path, 2026-02-13 (2713f35): the fallback also serves a side the generator left empty.

The concentration fallback no longer needs the side to have had levels: a side with none
(`Ladder::generate` dropped them all) gets min(capacity, per-order cap) at min_depth_bps too,
or WARN `All ... levels filtered out (total size below min_notional)` (ladder_strat@2713f35:
1733-1847). Its cost-basis price clamp (asks not below breakeven when long, bids not above it
when short) moves prices only and is not ported (module docstring of v2026_02_legacy_ladder);
cd5793b (2026-02-14) only tunes that clamp. 7408ba2 (2026-02-15) adds a concentrated ladder
for the Micro capital tier that never runs: `market_params.capital_tier` is never set at that
commit (it stays `Large`, MarketParams::default; quote_engine.rs@d1d2d49:2301-2304 says so),
so a bot built at 7408ba2 on 2026-02-15 still sizes this way: the version covers that day too.
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "2713f35"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-13",
    margin=legacy_margin.DIRECTIONAL_70,
    level_factor=1.15,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-13",
    first="2026-02-13",
    last="2026-02-15",
    summary=("the concentration fallback also serves a side that had no levels"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
