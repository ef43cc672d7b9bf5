"""The port against outputs computed by the bot's own Rust code.

The full files live in ../shared/reference/optimizer (skipped with a reason where absent); a
sample of a few hundred cases is kept in tests/data so a fresh clone still checks the port.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, shared_reference_dir
from tests.optimizer_cases import (
    VERSIONS,
    cases,
    edge_differences,
    golden_differences,
    run_edge,
    run_golden,
)

DATA = PROJECT_ROOT / "tests" / "data"


def _golden_problems(path: Path) -> list[str]:
    problems = []
    for case in cases(path):
        for version in VERSIONS:
            for problem in golden_differences(run_golden(case, version), case[version]):
                problems.append(f"{case['id']} {case['method']} {version}: {problem}")
    return problems


def _edge_problems(path: Path) -> list[str]:
    problems = []
    for case in cases(path):
        for version in VERSIONS:
            for problem in edge_differences(run_edge(case, version), case, version):
                problems.append(f"{case['id']} {case['method']} {version}: {problem}")
    return problems


def test_project_sample_of_golden_cases() -> None:
    assert len(list(cases(DATA / "optimizer_golden_sample.jsonl"))) >= 250
    assert _golden_problems(DATA / "optimizer_golden_sample.jsonl") == []


def test_project_sample_of_edge_cases_bit_for_bit() -> None:
    assert len(list(cases(DATA / "optimizer_edge_sample.jsonl"))) >= 100
    assert _edge_problems(DATA / "optimizer_edge_sample.jsonl") == []


def _reference(name: str) -> Path:
    found = shared_reference_dir()
    if found is None:
        pytest.skip("../shared/reference is absent (fresh clone): full golden files not run")
    return found / "optimizer" / name


def test_every_golden_case() -> None:
    path = _reference("golden.jsonl")
    assert sum(1 for _ in cases(path)) == 2068
    assert _golden_problems(path) == []


def test_every_edge_case_bit_for_bit() -> None:
    path = _reference("edge_cases.jsonl")
    assert sum(1 for _ in cases(path)) == 799
    assert _edge_problems(path) == []
