"""2026-02-19-early-legacy (547f779): see mmdiag/optimizer/v2026_02_19_early_legacy_kill_zone.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(
    spec_for("2026-02-19-early-legacy", "547f779", "v2026_02_19_early_legacy_kill_zone")
)
