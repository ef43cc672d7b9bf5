"""What the detector keeps per session and per side while it reads the log."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mmdiag.detect.segments import _Window
from mmdiag.observe import SIDES, Observation


@dataclass
class _SideState:
    plan: int | None = None
    tracked: bool = False
    """The session logs resting orders: they, not the plans, say whether the side has any."""
    count: int = 0
    pending: Observation | None = None
    """A plan with levels that precedes its cycle's order lines, in a session that has shown
    none yet: it ends the side's window only if no order line follows it."""
    window: _Window | None = None
    first_order: datetime | None = None
    last_quoting: tuple[float | None, int, str] | None = None
    recent: deque[Observation] = field(default_factory=lambda: deque(maxlen=16))
    """Reason lines while the side still had orders: a cycle states the reason, then cancels."""

    @property
    def has_orders(self) -> bool:
        if self.tracked:
            return self.count > 0
        return self.plan is not None and self.plan > 0


@dataclass
class _SessionState:
    index: int
    start: datetime
    started_line: tuple[str, int] | None
    roles: set[str] = field(default_factory=set)
    last_time: datetime | None = None
    asset: str | None = None
    facts: dict[str, tuple[Any, str]] = field(default_factory=dict)
    planned: bool = False
    stopped: str | None = None
    stopped_line: tuple[str, int] | None = None
    stop_time: datetime | None = None
    kill_reasons: tuple[str, ...] = ()
    kill_condition: str | None = None
    cycles: dict[str, int] = field(default_factory=dict)
    """Plans logged, per kind (a release may log two lines per cycle)."""
    last_bulk: tuple[datetime, tuple[str, int]] | None = None
    orders_placed: int | None = None
    release_low: str | None = None
    release_high: str | None = None
    observed_orders: bool = False
    marks: set[str] = field(default_factory=set)
    """The sizing paths' lines seen (catalog.MARKS)."""
    sides: dict[str, _SideState] = field(default_factory=lambda: {s: _SideState() for s in SIDES})

    def date(self, release: tuple[str, str]) -> None:
        first, last = release
        self.release_low = first if self.release_low is None else max(self.release_low, first)
        self.release_high = last if self.release_high is None else min(self.release_high, last)
