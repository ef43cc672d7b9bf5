"""2026-02-16 (412cebb): see mmdiag/optimizer/v2026_02_16_at_quantum.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-16", "412cebb", "v2026_02_16_at_quantum"))
