"""2026-02-10-early (6d31c6a): see mmdiag/optimizer/v2026_02_10_early_directional.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-10-early", "6d31c6a", "v2026_02_10_early_directional"))
