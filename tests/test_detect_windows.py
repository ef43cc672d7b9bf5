"""Zero-order windows: where one ends and the next begins, and what ends them."""

from __future__ import annotations

import io
from pathlib import Path

from mmdiag import detect
from mmdiag.events import load_events
from mmdiag.model import Incident
from mmdiag.simulate import Run, Scenario, Window, write
from tests.log_builder import T0, cycle, quoting, sizes_filtered, started, write_log


def _incidents(tmp_path: Path, lines: list[str]) -> list[Incident]:
    path = write_log(tmp_path, lines)
    events = load_events([str(path)], detect.ANALYSIS_KINDS).events
    return detect.incidents(events)


def _seconds(incident: Incident) -> tuple[float, float]:
    return (incident.start - T0).total_seconds(), (incident.end - T0).total_seconds()


def test_stray_rejections_among_filtered_warnings_do_not_split_the_window(
    tmp_path: Path,
) -> None:
    lines = started(0) + quoting(1, 30) + sizes_filtered(30, 150, rejected_every=20)
    found = _incidents(tmp_path, lines + quoting(150, 180))
    assert [(i.side, i.cause) for i in found] == [("both", "sizes_filtered")]
    assert _seconds(found[0]) == (30.0, 150.0)
    whats = [e.what for e in found[0].evidence]
    assert "orders rejected for insufficient margin" in whats


def test_empty_cycles_after_the_warnings_stop_are_an_incident_of_their_own(
    tmp_path: Path,
) -> None:
    empty = [cycle(t, 0, 0) for t in range(90, 150)]
    lines = started(0) + quoting(1, 30) + sizes_filtered(30, 90) + empty + quoting(150, 180)
    found = _incidents(tmp_path, lines)
    assert [(i.side, i.cause) for i in found] == [
        ("both", "sizes_filtered"),
        ("both", "ladder_empty"),
    ]
    first, second = found
    assert first.ended_by == "cause_change"
    assert first.end == second.start
    assert abs(_seconds(second)[0] - 90) <= 1 and _seconds(second)[1] == 150
    assert second.ended_by == "quoting"


def test_a_window_ended_by_a_restart_says_so_and_one_the_log_ends_in_is_open(
    tmp_path: Path,
) -> None:
    lines = started(0) + quoting(1, 30) + sizes_filtered(30, 90)
    lines += started(90) + quoting(91, 100) + sizes_filtered(100, 160)
    found = _incidents(tmp_path, lines)
    assert [i.ended_by for i in found] == ["restart", "log_end"]
    assert [i.open_ended for i in found] == [False, True]


def test_back_to_back_simulated_windows_of_two_causes_stay_two(tmp_path: Path) -> None:
    scenario = Scenario(
        "b2b",
        T0,
        (Run(0, 200),),
        (
            Window(30, 90, "sizes_filtered", capacity=0.0001, margin=3.0),
            Window(90, 150, "ladder_empty"),
        ),
        debug=False,
    )
    text = io.StringIO()
    write(scenario, "json", text)
    found = _incidents(tmp_path, text.getvalue().splitlines())
    assert [i.cause for i in found] == ["sizes_filtered", "ladder_empty"]
    for incident, (start, end) in zip(found, [(30, 90), (90, 150)], strict=True):
        assert abs(_seconds(incident)[0] - start) <= 2
        assert abs(_seconds(incident)[1] - end) <= 2


def test_a_sizing_warning_before_the_first_plan_starts_the_incident_at_that_cycle(
    tmp_path: Path,
) -> None:
    """The first cycle states its sizing warnings before its plan: the incident starts with
    them, not one cycle later (before, the warm-up claimed every line before the first plan)."""
    lines = started(0) + sizes_filtered(40, 100) + quoting(100, 130)
    found = _incidents(tmp_path, lines)
    assert [(i.side, i.cause) for i in found] == [("both", "sizes_filtered")]
    assert _seconds(found[0]) == (40.0, 100.0)
