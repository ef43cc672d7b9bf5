"""The era fixtures: sessions of five other releases of the bot (tests/make_fixtures.py).

Each is analysed in both layouts and checked against its label (sessions and incidents, in
the real logs' label format); its text report is compared with the golden
`fixtures/NAME.analysis.txt`; and its lines are checked to be its release's: the release range
mmdiag reads from the messages, and (with ../shared/reference) every record against the call
sites of the bot's source snapshot it claims (`bot_vocabulary.jsonl`).
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from mmdiag import simulate_eras
from mmdiag.analysis import analyze
from tests.conftest import FIXTURES, shared_reference_dir
from tests.labels import load_labels, mismatches
from tests.make_fixtures import ERA_FIXTURES, LAYOUTS, EraFixture, analysis_args
from tests.readme_blocks import command_output

REGENERATE = "run `python -m tests.make_fixtures` to regenerate the era fixtures"
_CASES = [(era, layout) for era in ERA_FIXTURES for layout in LAYOUTS]


def _name(era: EraFixture) -> str:
    return era.scenario.name


def _log(era: EraFixture, layout: str = "json") -> Path:
    return FIXTURES / f"{_name(era)}.{layout}.log"


@pytest.mark.parametrize(
    ("era", "layout"), _CASES, ids=[f"{_name(e)}.{layout}" for e, layout in _CASES]
)
def test_era_fixture_matches_its_label(era: EraFixture, layout: str) -> None:
    labels = load_labels(FIXTURES / f"{_name(era)}.expected.json")
    assert mismatches(analyze([str(_log(era, layout))]), labels) == []


@pytest.mark.parametrize("era", ERA_FIXTURES, ids=_name)
def test_era_fixture_report_matches_its_golden_file(era: EraFixture) -> None:
    golden = FIXTURES / f"{_name(era)}.analysis.txt"
    expected = golden.read_text(encoding="utf-8")
    actual = command_output(analysis_args(_name(era)))
    assert actual == expected, (
        f"{golden.name} differs from `mmdiag {analysis_args(_name(era))}`: {REGENERATE}"
    )


@pytest.mark.parametrize(
    ("era", "layout"), _CASES, ids=[f"{_name(e)}.{layout}" for e, layout in _CASES]
)
def test_era_fixture_is_what_the_simulation_writes(era: EraFixture, layout: str) -> None:
    written = io.StringIO()
    simulate_eras.write(era.scenario, layout, written)
    assert _log(era, layout).read_text(encoding="utf-8") == written.getvalue(), REGENERATE


@pytest.mark.parametrize("era", ERA_FIXTURES, ids=_name)
def test_era_fixture_dates_to_its_release(era: EraFixture) -> None:
    """The release range read from the messages holds the release the log is written in:
    December 2025 for the single-quote and early ladder eras, 2026-01-10 or later for the
    orchestrator's targets (and the sizing fixtures' releases, which their wording dates)."""
    sessions = analyze([str(_log(era))]).sessions
    assert len(sessions) == 1
    release = sessions[0].release
    assert release is not None
    first, last = release
    assert first <= era.release <= last
    if era.scenario.era in ("glft", "ladder"):
        assert first.startswith("2025-12")
    else:
        assert first >= "2026-01-10"


@cache
def _call_sites() -> tuple[dict[str, Any], ...] | None:
    shared = shared_reference_dir()
    vocabulary = shared / "bot_vocabulary.jsonl" if shared is not None else None
    if vocabulary is None or not vocabulary.is_file():
        return None
    sites = [json.loads(line) for line in vocabulary.read_text(encoding="utf-8").splitlines()]
    for site in sites:
        parts = re.split(r"\{[^{}]*\}", site["message"])
        site["regex"] = re.compile(".*?".join(map(re.escape, parts)) + r"\Z", re.DOTALL)
        site["names"] = [name.split(" ")[0] for name in site["fields"]]
    return tuple(sites)


def _call_site_of(record: dict[str, Any], sites: list[dict[str, Any]]) -> bool:
    fields = dict(record["fields"])
    message = fields.pop("message")
    return any(
        site["level"] == record["level"]
        and site["target"] == record["target"]
        and site["names"] == list(fields)
        and site["regex"].match(message)
        for site in sites
    )


@pytest.mark.parametrize("era", ERA_FIXTURES, ids=_name)
def test_every_line_is_a_call_site_of_its_release(era: EraFixture) -> None:
    """Level, target, message and field names (in order) of every JSON record are those of a
    `trace!..error!` call site in the bot's source snapshot of the fixture's release."""
    sites = _call_sites()
    if sites is None:
        pytest.skip("../shared/reference is absent (fresh clone): no bot vocabulary")
    current = [s for s in sites if s["first"] <= era.release <= s["last"]]
    lines = _log(era).read_text(encoding="utf-8").splitlines()
    strays = [
        f"line {number}: {line[:160]}"
        for number, line in enumerate(lines, 1)
        if not _call_site_of(json.loads(line), current)
    ]
    assert strays == [], f"not logged by the release of {era.release}"


def test_a_warning_for_both_sides_counts_once_in_a_merged_incident() -> None:
    """2026-02-15's `Concentrated ladder empty` names no side: the bid's and the ask's windows
    each count it, and the merged incident counts each line once (it summed them, twice)."""
    log = FIXTURES / "sizing_2026_02_15.json.log"
    logged = log.read_text(encoding="utf-8").count("Concentrated ladder empty")
    (item,) = analyze([str(log)]).incidents
    assert item.incident.sides == ("bid", "ask")
    assert item.incident.warnings == logged == 210
