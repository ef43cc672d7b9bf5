"""Observations -> sessions and incidents: zero-order windows per side, split by restarts.

Knows no message text: it reads only `observe.Observation`s, so every release of the bot is
detected by the same code. One `Detector` is fed observations in log order, chunk by chunk
or line by line; `analyze` collects what it closed at the end, `watch` prints its changes as
they come.

A side's status is its resting orders where the log shows them (reconcile snapshots and order
lines), else its plan (levels the cycle planned). A window is a span in which the side had no
resting order while the bot ran; it starts when the last order went and ends at the next
resting order, a stop, a restart, the end of the log, or a silence longer than `max_gap_s`.
Within a window each line that bears on the side is a point with a label: the cause a reason
line states (strong), or, for plain plan and order lines, `warmup` before the session's first
plan, `ladder_empty` after a plan of no levels, else `unknown` (weak). Runs of one label are
segments; a weak segment shorter than `cause_change_s` between two of one strong label is part
of them. A window splits where a label holds for `cause_change_s` or more after another did;
each piece's cause is the label that held longest in it.
"""

from mmdiag.detect.detector import Change, Detector
from mmdiag.detect.merge import merge_sides
from mmdiag.detect.options import ANALYSIS_KINDS, SIZING_FIELDS, DetectOptions
from mmdiag.detect.whole import Detection, collect, detect, incidents

__all__ = [
    "ANALYSIS_KINDS",
    "SIZING_FIELDS",
    "Change",
    "DetectOptions",
    "Detection",
    "Detector",
    "collect",
    "detect",
    "incidents",
    "merge_sides",
]
