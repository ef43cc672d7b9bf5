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
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from mmdiag import simulate_eras
from mmdiag.analysis import analyze
from mmdiag.samplelog import SampleEvent, write_events_file
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


def _concentrated_empty_log(path: Path, cycles: int) -> None:
    """A 2026-02-15 session whose every cycle logs `Concentrated ladder empty` (a warning that
    names no side) and no level either side. No fixture logs it: the Micro tier's concentrated
    ladder never ran in a running bot (ladder_strat.rs@7408ba2:579, called only for
    `CapitalTier::Micro`, which params/aggregator.rs@7408ba2:732 never sets; from d1d2d49 it is
    called from nowhere)."""
    start = datetime(2026, 2, 15, 19, 42, 31, tzinfo=UTC)
    orch = simulate_eras.ORCH

    def at(seconds: float, level: str, target: str, message: str, *fields: Any) -> SampleEvent:
        return SampleEvent(start + timedelta(seconds=seconds), level, target, message, fields)

    events = [
        at(
            0.0,
            "INFO",
            f"{orch}::event_loop",
            "Market maker started (observation loop)",
            simulate_eras.text("asset", "hyna:BTC"),
            simulate_eras.text("strategy", "LadderGLFT"),
            simulate_eras.flag("is_live", True),
        ),
    ]
    for n in range(cycles):
        t = 5.0 + 1.5 * n
        events.append(
            at(
                t,
                "WARN",
                simulate_eras.LADDER_STRAT,
                "Concentrated ladder empty: insufficient capital for min_notional",
                simulate_eras.text("capital_tier", "Micro"),
                simulate_eras.text("effective_max_position", "0.000222"),
                simulate_eras.text("min_notional", "10.00"),
                simulate_eras.text("microprice", "90001.50"),
            )
        )
        events.append(
            at(
                t + 0.001,
                "INFO",
                f"{orch}::quote_engine",
                "Calculated ladder quotes",
                simulate_eras.num("bid_levels", 0),
                simulate_eras.num("ask_levels", 0),
                simulate_eras.text("best_bid", "None"),
                simulate_eras.text("best_ask", "None"),
                simulate_eras.text("defense_bid_mult", "1.00"),
                simulate_eras.text("defense_ask_mult", "1.00"),
            )
        )
    end = 5.0 + 1.5 * cycles
    events.append(at(end, "INFO", f"{orch}::event_loop", "Shutdown signal received (SIGTERM)"))
    events.append(at(end + 0.5, "INFO", f"{orch}::event_loop", "Market maker stopped."))
    write_events_file(events, "json", path)


def test_a_warning_for_both_sides_counts_once_in_a_merged_incident(tmp_path: Path) -> None:
    """2026-02-15's `Concentrated ladder empty` names no side: the bid's and the ask's windows
    each count it, and the merged incident counts each line once (it summed them, twice)."""
    log = tmp_path / "concentrated_empty.json.log"
    _concentrated_empty_log(log, cycles=40)
    (item,) = analyze([str(log)]).incidents
    assert item.incident.sides == ("bid", "ask")
    assert item.incident.cause == "sizes_filtered"
    assert item.incident.warnings == 40


def test_no_fixture_logs_the_concentrated_ladder() -> None:
    """The catalog keeps `concentrated_empty` (the message is in the vocabulary of 2026-02-15
    on), but no fixture tells it: no release's running bot reaches it."""
    telling = [
        log.name
        for log in sorted(FIXTURES.glob("*.log"))
        if "Concentrated ladder empty" in log.read_text(encoding="utf-8")
    ]
    assert telling == []
