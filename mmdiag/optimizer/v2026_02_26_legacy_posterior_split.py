"""The legacy path as released on 2026-02-26 (bot 3f79b61): margin split by P(bearish).

The asks get prob_bearish of the usable margin, the bids the rest, unclamped (INFO `Margin
allocation (posterior-driven split)`) (ladder_strat@3f79b61:1405-1423). 658561e and
c978af5 change nothing in the sizing. Not reachable in a running bot (see
2026-02-17-legacy).
"""

from __future__ import annotations

from mmdiag.optimizer import v2026_02_legacy_ladder as legacy
from mmdiag.optimizer import v2026_02_legacy_margin as legacy_margin

COMMIT = "3f79b61"
RELEASE = legacy.Release(
    commit=COMMIT,
    day="2026-02-26",
    margin=legacy_margin.POSTERIOR,
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
    name="2026-02-26-legacy",
    first="2026-02-26",
    last="2026-02-26",
    summary=("margin split by P(bearish): asks get prob_bearish of it"),
    evidence=legacy.CAP_EVIDENCE,
)
run = VERSION.run
inputs_from = VERSION.inputs_from
