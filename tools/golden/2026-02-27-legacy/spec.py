"""2026-02-27-legacy (a90ca2e): see mmdiag/optimizer/v2026_02_27_legacy_budget_split.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-27-legacy", "a90ca2e", "v2026_02_27_legacy_budget_split"))
