"""2026-03-03-legacy (3c0b542): see mmdiag/optimizer/v2026_03_03_legacy_self_impact.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-03-03-legacy", "3c0b542", "v2026_03_03_legacy_self_impact"))
