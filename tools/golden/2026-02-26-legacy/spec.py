"""2026-02-26-legacy (3f79b61): see mmdiag/optimizer/v2026_02_26_legacy_posterior_split.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-26-legacy", "3f79b61", "v2026_02_26_legacy_posterior_split"))
