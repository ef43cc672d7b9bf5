"""2026-02-23-legacy (9ef59cf): see mmdiag/optimizer/v2026_02_23_legacy_kill_ninety.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-23-legacy", "9ef59cf", "v2026_02_23_legacy_kill_ninety"))
