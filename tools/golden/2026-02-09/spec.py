"""2026-02-09 (ce98505): see mmdiag/optimizer/v2026_02_09_size_cap.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from legacy_era import spec_for

globals().update(spec_for("2026-02-09", "ce98505", "v2026_02_09_size_cap"))
