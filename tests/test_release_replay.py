"""The replay follows the release: which versions ran, what each quotes, how far it was from
quoting, the upgrade rows, and the commands that show them."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from mmdiag.optimizer import version, versions
from mmdiag.replay import ReplayInputs
from mmdiag.replay.versions import later_versions, needed, replay_version, running_versions
from tests.cli_helpers import one_line_error, run

FIFTY = ReplayInputs(
    price=90000.0, side_capacity=0.0003, levels=5, leverage=20.0, margin=50.0, coin="BTC"
)


@pytest.mark.parametrize(
    "release",
    [("2026-01-02", "2026-01-02"), ("2026-01-02", "2026-01-09"), ("2025-12-27", "2026-03-13")],
)
def test_running_versions_are_those_whose_dates_overlap_the_release(
    release: tuple[str, str],
) -> None:
    first, last = release
    found = running_versions(release, warned=False)
    for v in versions():
        overlaps = v.first <= last and (v.last is None or first <= v.last)
        assert (v in found) == (overlaps and v.runs_by_default), v.name


def test_the_seed_release_ran_both_seed_versions() -> None:
    names = [v.name for v in running_versions(("2026-01-02", "2026-01-02"), warned=True)]
    assert names[:2] == ["pre_fallback", "with_fallback"]


def test_a_filtered_out_warning_rules_out_the_tick_grid() -> None:
    every = running_versions(None, warned=True)
    assert all(v.ladder != "tick_grid" for v in every)
    assert any(not v.runs_by_default for v in every)


def test_with_nothing_to_tell_the_paths_apart_the_default_path_ran() -> None:
    assert running_versions(None, warned=False) == tuple(v for v in versions() if v.runs_by_default)


def test_upgrade_rows_are_the_default_versions_released_after_the_newest_that_ran() -> None:
    ran = running_versions(("2026-01-02", "2026-01-02"), warned=True)
    later = later_versions(ran)
    newest = max(v.first for v in ran)
    assert [v for v in versions() if v.first > newest and v.runs_by_default] == list(later)


def test_a_bot_that_ran_the_legacy_path_with_the_tick_grid_on_keeps_it_when_upgraded() -> None:
    ran = running_versions(("2026-02-21", "2026-02-21"), warned=True)
    assert ran and all(v.ladder == "legacy" and not v.runs_by_default for v in ran)
    newest = max(v.first for v in ran)
    later = later_versions(ran)
    assert [v for v in versions() if v.first > newest and v.ladder == "legacy"] == list(later)


def test_the_fixed_version_concentrates_the_fifty_dollar_account_into_one_order() -> None:
    replayed = replay_version(version("with_fallback"), FIFTY, "kelly")
    assert replayed.path == "concentration"
    assert [(o.size, o.accepted) for o in replayed.orders] == [(0.00029, True)]
    assert replayed.messages == ("INFO:Concentration fallback (Kelly): single quote at best level",)
    assert replayed.quotes is True
    before = replay_version(version("pre_fallback"), FIFTY, "kelly")
    assert before.path == "empty" and before.quotes is False and before.orders == ()


def test_needed_capacity_is_where_the_version_starts_to_quote() -> None:
    dust = replace(FIFTY, side_capacity=0.0001, margin=None)
    v = version("with_fallback")
    found = {n.name: n for n in needed(v, dust, "kelly")}
    assert set(found) == {"capacity"}
    capacity = found["capacity"].value
    assert capacity is not None and capacity > dust.side_capacity
    assert replay_version(v, replace(dust, side_capacity=capacity), "kelly").quotes
    below = replace(dust, side_capacity=capacity * (1 - 1e-9))
    assert not replay_version(v, below, "kelly").quotes


def test_needed_margin_and_leverage_when_the_margin_binds() -> None:
    tight = replace(FIFTY, margin=1.0, leverage=3.0)
    v = version("with_fallback")
    found = {n.name: n for n in needed(v, tight, "kelly")}
    margin = found["margin"].value
    assert margin is not None and margin > 1.0
    assert replay_version(v, replace(tight, margin=margin), "kelly").quotes
    leverage = found["leverage"].value
    assert leverage is not None and leverage > 3.0
    assert replay_version(v, replace(tight, leverage=leverage), "kelly").quotes


def test_replay_one_version_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(
        capsys,
        *[
            "replay",
            "--price",
            "90000",
            "--capacity",
            "0.0003",
            "--margin",
            "50",
            "--leverage",
            "20",
            "--version",
            "with_fallback",
            "--format",
            "json",
        ],
    )
    assert result.code == 0
    data = json.loads(result.out)
    assert [v["version"] for v in data["versions"]] == ["with_fallback"]
    assert data["versions"][0]["orders_placed"] == 1
    assert data["versions"][0]["needed"][0]["name"] == "capacity"


def test_replay_every_version_adds_a_row_per_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *["replay", "--price", "90000", "--capacity", "0.0003", "--every-version"])
    assert result.code == 0
    for v in versions():
        assert v.name in result.out


def test_an_unknown_version_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(
        capsys, *["replay", "--price", "90000", "--capacity", "0.0003", "--version", "nope"]
    )
    assert result.code == 2
    assert "unknown sizing version 'nope'" in one_line_error(result)


def test_versions_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *["versions", "--format", "json"])
    assert result.code == 0
    listed = json.loads(result.out)
    assert [v["name"] for v in listed] == [v.name for v in versions()]
    assert all(v["commit"] and v["first"] for v in listed)


def test_seed_table_agrees_with_seed_table_a(capsys: pytest.CaptureFixture[str]) -> None:
    """SEED_TABLE.md Table A, computed by the bot's code: 0 -> 5 and 0 -> 1 orders."""
    result = run(capsys, "versions", "--seed-table", "--format", "json")
    assert result.code == 0
    rows = {row["version"]: row for row in json.loads(result.out)}
    assert [v.name for v in versions()] == list(rows)
    placed = {
        name: [cell["orders_placed"] for cell in rows[name]["cells"]]
        for name in ("pre_fallback", "with_fallback")
    }
    assert placed == {"pre_fallback": [0, 0, 0, 0], "with_fallback": [5, 5, 1, 1]}
    text = run(capsys, "versions", "--seed-table")
    assert all(name in text.out for name in rows)


def test_the_late_session_is_replayed_with_the_sizing_of_its_release() -> None:
    """The late session (releases from 2026-02-21, a 'filtered out' warning: the legacy path)
    names those versions, and says plainly that their code would have quoted where the log
    shows no order."""
    from mmdiag.analysis import analyze
    from tests.conftest import shared_reference_dir

    shared = shared_reference_dir()
    if shared is None:
        pytest.skip("../shared/reference is absent (fresh clone): the late session is not run")
    analysis = analyze([str(shared / "late" / "late_filtered.json.log")])
    session = analysis.sessions[0]
    item = next(i for i in analysis.incidents if i.incident.cause == "sizes_filtered")
    ran = item.verdict.versions_ran
    assert ran == tuple(v.name for v in running_versions(session.release, warned=True))
    assert ran and all(
        version(n).ladder == "legacy" and version(n).first >= "2026-02-17" for n in ran
    )
    for inputs in item.replayed:
        answers = {replay_version(version(n), inputs, "kelly").quotes for n in ran}
        assert {item.verdict.ran_quotes} == answers
    if item.verdict.ran_quotes:
        assert "would have quoted here, but the log shows no order" in item.verdict.sentence
    assert "2026-01-02 optimizer" not in item.verdict.sentence
