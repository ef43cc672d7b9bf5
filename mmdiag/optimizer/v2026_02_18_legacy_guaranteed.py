"""Legacy path, 2026-02-18 (d116d41): an inventory-only margin split and the guaranteed quote.

The split is inventory alone: ask share clamp(0.5 + clamp(0.3 x inventory ratio, +-0.2),
0.3, 0.7) (INFO `Margin allocation (inventory-driven split)`); without margin the side is no
longer the generator's but empty (WARN `... (falling through to guaranteed quotes)`); and a
side still empty after the fallback gets the guaranteed quote: one min_viable_size order at
max(fee + tick, glft_optimal, effective_floor) bps from the microprice, skewed by 30 % of it
times the inventory ratio, unless the Red zone cleared the side (INFO `GUARANTEED BID: floor
quote placed (min_viable size)`) (ladder_strat@d116d41:1436-1480, 1694-1698, 2392-2482).
Its pre-fill toxicity multiplier (d116d41 to 3ae518f) scales the capacity upstream;
d06ad57 changes nothing here. Not reachable in a running bot (see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "d116d41"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-18",
    margin=legacy_margin.INVENTORY,
    level_factor=None,
    num_levels=10,
    position_limit_warning=True,
    fallback_on_empty=True,
    equal_weight_tiers=True,
    retain_at_or_above=True,
    diagnostics=True,
    skip_quotes_generator=False,
    zone_clear=0.8,
    guaranteed=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-18-legacy",
    first="2026-02-18",
    last="2026-02-18",
    summary=(
        "margin split by inventory alone; an empty side gets the guaranteed min_viable_size quote"
    ),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
