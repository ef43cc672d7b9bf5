"""Every sizing version against the vectors the bot's own Rust code computed for it."""

from __future__ import annotations

import pytest

from mmdiag.optimizer import run, versions
from tests.sizing_cases import differences, golden_cases, golden_path

#: The seed's two optimizers are checked by test_optimizer_golden.py (the shared golden files
#: and their samples); their sizing steps after the optimizer are truncation and a retain.
SEED = ("pre_fallback", "with_fallback")
LATER = [v.name for v in versions() if v.name not in SEED]


def test_every_later_version_has_its_vectors() -> None:
    missing = [name for name in LATER if not golden_path(name).is_file()]
    assert missing == []


@pytest.mark.parametrize("name", LATER)
def test_port_agrees_with_the_bot(name: str) -> None:
    cases = list(golden_cases(name))
    assert len(cases) >= 1000
    problems = []
    for case in cases:
        for problem in differences(run(name, **case["input"]), case["output"]):
            problems.append(f"{case['id']}: {problem}")
    assert problems[:20] == []


@pytest.mark.parametrize("name", LATER)
def test_vectors_reach_every_path(name: str) -> None:
    """The cases cover each path the version can answer (each fallback fires somewhere)."""
    version = next(v for v in versions() if v.name == name)
    seen = {case["output"]["path"] for case in golden_cases(name)}
    assert set(version.paths) <= seen


def test_versions_are_in_release_order_and_named_once() -> None:
    found = versions()
    assert len({v.name for v in found}) == len(found)
    assert [v.first for v in found] == sorted(v.first for v in found)
    for v in found:
        assert v.last is None or v.first <= v.last
