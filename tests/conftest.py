"""Shared test helpers: where the reference material and the project's fixtures live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore the same examples on every run: CI stays deterministic. Set
# HYPOTHESIS_PROFILE=explore to search afresh.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT_ROOT / "fixtures"


def shared_reference_dir() -> Path | None:
    """`../shared/reference` next to the checkout (or $MMDIAG_SHARED_REFERENCE), if present."""
    override = os.environ.get("MMDIAG_SHARED_REFERENCE")
    candidate = Path(override) if override else PROJECT_ROOT.parent / "shared" / "reference"
    return candidate if candidate.is_dir() else None


@pytest.fixture
def shared_reference() -> Path:
    """The reference suite; tests that need it skip with a reason on a fresh clone."""
    found = shared_reference_dir()
    if found is None:
        pytest.skip("../shared/reference is absent (fresh clone): conformance suite not run")
    return found
