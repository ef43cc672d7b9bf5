"""Verdicts on incidents whose logged state drifts, is partial, or is odd."""

from __future__ import annotations

from pathlib import Path

from mmdiag.analysis import IncidentAnalysis, analyze
from tests.log_builder import (
    MM,
    cycle,
    quoting,
    record,
    rejected,
    sizes_filtered,
    started,
    write_log,
)

RICH, DUST = "0.002633", "0.000100"


def test_a_verdict_does_not_hang_on_which_drifting_value_came_first(tmp_path: Path) -> None:
    rich_then_dust = sizes_filtered(30, 75, RICH) + sizes_filtered(75, 120, DUST)
    dust_then_rich = sizes_filtered(30, 75, DUST) + sizes_filtered(75, 120, RICH)
    verdicts = []
    for name, middle in (("a.log", rich_then_dust), ("b.log", dust_then_rich)):
        lines = started(0) + quoting(1, 30) + middle + quoting(120, 150)
        (item,) = analyze([str(write_log(tmp_path, lines, name))]).incidents
        verdicts.append(item.verdict)
    assert [v.fixed_quotes for v in verdicts] == [False, False]
    assert all(not v.certain and "drift" in v.depends_on for v in verdicts)
    assert "least favourable" in verdicts[0].sentence
    assert "first: 0.002633 BTC" in verdicts[0].sentence


def test_each_value_is_credited_to_a_line_that_logs_it(tmp_path: Path) -> None:
    no_capacity = sizes_filtered(30, 31, available_position=None)
    lines = started(0) + quoting(1, 30) + no_capacity + sizes_filtered(31, 90) + quoting(90, 99)
    path = write_log(tmp_path, lines)
    (item,) = analyze([str(path)]).incidents
    state = item.states[0]
    first_warning = len(started(0)) + len(quoting(1, 30)) + 1
    assert state.margin.where == f"{path}:{first_warning}"
    assert state.side_capacity.value == 0.0001
    assert state.side_capacity.where == f"{path}:{first_warning + 3}"


def test_a_price_missing_from_the_warnings_comes_from_the_last_quoting_cycle(
    tmp_path: Path,
) -> None:
    lines = started(0) + quoting(1, 30) + sizes_filtered(30, 90, mid_price=None)
    path = write_log(tmp_path, lines + quoting(90, 99))
    (item,) = analyze([str(path)]).incidents
    bid, ask = item.states
    assert (bid.price.value, ask.price.value) == (90000.0, 90036.0)
    assert bid.price.source == "log" and bid.price.where == f"{path}:{len(started(0)) + 29}"
    assert item.verdict.fixed_quotes is False


def _rejection_incident(tmp_path: Path, error: str) -> IncidentAnalysis:
    """Both sides' orders rejected with `error` every second for a minute."""
    refused = [rejected(t, error, side) for t in range(30, 90) for side in ("Buy", "Sell")]
    empty = [cycle(t + 0.1, 0, 0) for t in range(30, 90)]
    lines = started(0) + quoting(1, 30) + sorted(refused + empty) + quoting(90, 99)
    (item,) = analyze([str(write_log(tmp_path, lines))]).incidents
    return item


def test_rejections_of_an_unclassified_kind_are_named_not_denied(tmp_path: Path) -> None:
    item = _rejection_incident(tmp_path, "Post only order would have crossed")
    assert item.incident.cause == "unknown"
    assert "rejected 120 orders" in item.verdict.sentence
    assert "Post only order would have crossed" in item.verdict.sentence
    assert "no filtered-out" not in item.verdict.sentence


def test_min_notional_rejections_are_not_told_to_add_margin(tmp_path: Path) -> None:
    item = _rejection_incident(tmp_path, "Order must have minimum value of $10.")
    assert item.incident.cause == "min_notional_rejected"
    assert "minimum order value" in item.verdict.sentence
    assert "add margin" not in item.verdict.sentence


def test_no_bulk_order_in_the_window_is_evidence_citing_the_last_one(tmp_path: Path) -> None:
    placed = record(20.5, "INFO", f"{MM}::infra::executor", "Bulk order placed", resting=5)
    lines = started(0) + quoting(1, 20) + [placed] + quoting(21, 30) + sizes_filtered(30, 90)
    path = write_log(tmp_path, lines + quoting(90, 99))
    (item,) = analyze([str(path)]).incidents
    silence = [e for e in item.incident.evidence if e.what.startswith("Bulk order placed")]
    assert [(e.count, e.line) for e in silence] == [(0, len(started(0)) + 20)]
