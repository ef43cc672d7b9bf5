"""The legacy path as released on 2026-02-21 (bot 9b1737b): the entropy optimizer ranks net EV.

entropy_distribution.rs@9b1737b ranks levels by max(P_fill x (SC - 0.7 AS), 0.01)
(`mmdiag.optimizer.entropy` code 9b1737b). bfb9656 and e6ab75e (upstream) and 9a9f266 (the
exposure budget and the single-level fraction cap the capacity upstream) change nothing in
the sizing. Not reachable in a running bot (see 2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "9b1737b"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-21",
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
    intensity_regime=True,
)
VERSION = legacy.version(
    RELEASE,
    name="2026-02-21-legacy",
    first="2026-02-21",
    last="2026-02-22",
    summary=("the entropy optimizer ranks levels by net EV (SC - 0.7 AS)"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
