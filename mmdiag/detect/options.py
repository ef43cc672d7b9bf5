"""What detection reads and how it judges: the analysed kinds, the sizing fields, the options."""

from __future__ import annotations

from dataclasses import dataclass

from mmdiag import catalog

# The kinds an analysis reads; everything else in the log is only counted.
ANALYSIS_KINDS = tuple(
    kind.name
    for kind in catalog.KINDS
    if kind.role is not None or kind.name in ("bulk_placed", "metrics")
)
# The filtered-out warnings' fields a sizing replay reads (see reconstruct.py).
SIZING_FIELDS = (
    "mid_price",
    "available_position",
    "available_margin",
    "min_notional",
    "min_level_size",
    "bids_before",
    "asks_before",
)


@dataclass(frozen=True)
class DetectOptions:
    min_window_s: float = 30.0
    """Shorter windows are not incidents."""
    max_gap_s: float = 120.0
    """A longer silence between two observations ends a window: nothing is known in between."""
    merge_s: float = 5.0
    """Bid and ask windows of one cause whose starts and ends are this close are one incident."""
    cause_change_s: float = 30.0
    """A change of cause that holds this long splits a window in two (back-to-back incidents)."""
    startup_s: float = 120.0
    """A window that begins at the session's start counts only when it lasts longer than this:
    the bot's warm-up normally takes 40 to 90 s."""
