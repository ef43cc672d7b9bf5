"""2026-01-04 (380a974): the entropy optimizer over the whole margin, retain > EPSILON."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from entropy_era import spec_for

globals().update(spec_for("2026-01-04", "380a974", "v2026_01_04_entropy"))
