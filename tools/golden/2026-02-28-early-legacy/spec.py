"""2026-02-28-early-legacy (57a1fbf): see mmdiag/optimizer/v2026_02_28_early_legacy_cartea.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-28-early-legacy", "57a1fbf", "v2026_02_28_early_legacy_cartea"))
