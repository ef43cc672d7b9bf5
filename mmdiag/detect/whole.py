"""The whole log at once: a detector run over an event table, its sessions and merged incidents."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from mmdiag.detect.detector import Detector
from mmdiag.detect.merge import merge_sides
from mmdiag.detect.options import DetectOptions
from mmdiag.model import Incident, Session
from mmdiag.observe import observations

# --- the whole log at once ---------------------------------------------------------------------


@dataclass(frozen=True)
class Detection:
    sessions: tuple[Session, ...]
    incidents: tuple[Incident, ...]


def detect(events: pl.DataFrame, options: DetectOptions | None = None) -> Detection:
    """Sessions and incidents of a whole event table."""
    detector = Detector(options)
    detector.feed(observations(events))
    detector.finish()
    return collect(detector)


def collect(detector: Detector) -> Detection:
    """The detector's sessions, and its pieces with bid and ask windows of one cause merged."""
    merged = merge_sides(detector.pieces, detector.options)
    return Detection(tuple(detector.sessions), tuple(merged))


def incidents(events: pl.DataFrame, options: DetectOptions | None = None) -> list[Incident]:
    return list(detect(events, options).incidents)
