"""2026-02-21-legacy (9b1737b): see mmdiag/optimizer/v2026_02_21_legacy_net_ev.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "2026-02-09"))
from legacy_era import spec_for

globals().update(spec_for("2026-02-21-legacy", "9b1737b", "v2026_02_21_legacy_net_ev"))
