"""State -> replay: both optimizer versions on one side, then the strategy's step after them.

The optimizer gives sizes; the strategy truncates each to sz_decimals, drops empty levels (and
warns when none is left), and the placement check skips an order worth less than min_notional
at its level's price. A replay applies all three, and says which of its answers hold for every
per-level profile (OPTIMIZER.md, "facts a report can rely on") and which only under the
modelled one (the bot's defaults, mmdiag.profile).

Capacities here are the optimizer's: `min(side capacity, margin / margin_per_unit)`, with
`margin_per_unit = price / max(leverage, 1)` (strat@d8bb6a1:465, OPTIMIZER_DETAILS.md §8).

The modules, each importing only those above it: `text` (numbers as text), `inputs`,
`every_profile` (capacity, minimum size, facts), `model` (the modelled profile run through each
version), `search` (capacities by bisection), `threshold_table`, `generator` (the ladder
generator's filter), `result` (`replay`) and `sweep` (`sweep_capacity`).
"""

from mmdiag.replay.every_profile import (
    EFFECTIVE_MIN_FLOOR,
    REASONS,
    SLACK,
    Facts,
    Room,
    deepest_depth_bps,
    effective_min_size,
    explain_facts,
    facts,
    optimizer_room,
    order_price_bounds,
)
from mmdiag.replay.generator import LadderGenerator, ladder_generator
from mmdiag.replay.inputs import (
    MAX_COINS,
    MAX_LEVELS,
    MAX_LEVERAGE,
    MAX_PRICE_DECIMALS,
    MAX_SZ_DECIMALS,
    MAX_USD,
    PRICE_RANGE,
    ReplayInputs,
)
from mmdiag.replay.model import (
    METHOD_NAMES,
    PROFILE_NAME,
    VERSIONS,
    Model,
    PlacedOrder,
    VersionOutcome,
    profile_overrides,
    profile_text,
)
from mmdiag.replay.result import ReplayResult, replay
from mmdiag.replay.search import (
    MAX_SEARCH_STEPS,
    FirstOrder,
    certain_quoting_capacity,
    first_order,
    first_quoting_capacity,
    first_true,
    min_quoting_capacity,
)
from mmdiag.replay.sweep import Gap, Sweep, SweepRow, sweep_capacity
from mmdiag.replay.text import coins_text, price_text, shown_capacity, usd_text
from mmdiag.replay.threshold_table import Threshold, thresholds

__all__ = [
    "EFFECTIVE_MIN_FLOOR",
    "MAX_COINS",
    "MAX_LEVELS",
    "MAX_LEVERAGE",
    "MAX_PRICE_DECIMALS",
    "MAX_SEARCH_STEPS",
    "MAX_SZ_DECIMALS",
    "MAX_USD",
    "METHOD_NAMES",
    "PRICE_RANGE",
    "PROFILE_NAME",
    "REASONS",
    "SLACK",
    "VERSIONS",
    "Facts",
    "FirstOrder",
    "Gap",
    "LadderGenerator",
    "Model",
    "PlacedOrder",
    "ReplayInputs",
    "ReplayResult",
    "Room",
    "Sweep",
    "SweepRow",
    "Threshold",
    "VersionOutcome",
    "certain_quoting_capacity",
    "coins_text",
    "deepest_depth_bps",
    "effective_min_size",
    "explain_facts",
    "facts",
    "first_order",
    "first_quoting_capacity",
    "first_true",
    "ladder_generator",
    "min_quoting_capacity",
    "optimizer_room",
    "order_price_bounds",
    "price_text",
    "profile_overrides",
    "profile_text",
    "replay",
    "shown_capacity",
    "sweep_capacity",
    "thresholds",
    "usd_text",
]
