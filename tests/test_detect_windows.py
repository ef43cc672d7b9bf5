"""Zero-order windows: where one ends and the next begins, and what ends them."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mmdiag import detect
from mmdiag.events import load_events
from mmdiag.model import Incident
from mmdiag.simulate import Run, Scenario, Window, write

T0 = datetime(2026, 3, 1, 10, tzinfo=UTC)
MM = "hyperliquid_rust_sdk::market_maker"
SPAN = {"asset": "hyna:BTC", "name": "quote_cycle"}


def _record(offset: float, level: str, target: str, message: str, **fields: object) -> str:
    stamp = (T0 + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = {"timestamp": stamp, "level": level, "fields": {"message": message, **fields}}
    return json.dumps({**body, "target": target, "span": SPAN, "spans": [SPAN]})


def _started(offset: float) -> list[str]:
    return [
        _record(offset, "INFO", "market_maker", "Starting market maker", asset="hyna:BTC"),
    ]


def _cycle(offset: float, bid: int, ask: int) -> str:
    return _record(
        offset, "INFO", MM, "Quote cycle complete", best_bid="90000.00", best_ask="90036.00",
        bid_levels=bid, ask_levels=ask,
    )  # fmt: skip


def _filtered(offset: float, side: str) -> str:
    return _record(
        offset, "WARN", f"{MM}::strategy::ladder_strat",
        f"All {side} levels filtered out (sizes too small)", **{f"{side}s_before": 5},
        available_margin="3.00", available_position="0.000100", min_notional="10.00",
        min_level_size="0.001000", mid_price="90018.00",
    )  # fmt: skip


def _rejected(offset: float) -> str:
    return _record(
        offset, "ERROR", f"{MM}::infra::executor",
        "Bulk order 0 rejected: asset=hyna:BTC side=Buy sz=0.0001 price=90012.0 "
        'cloid=Some("0x1a") error=Insufficient margin to place order. asset=0',
    )  # fmt: skip


def _incidents(tmp_path: Path, lines: list[str]) -> list[Incident]:
    path = tmp_path / "run.json.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events = detect.with_sessions(load_events([str(path)], detect.ANALYSIS_KINDS).events)
    return detect.incidents(events)


def _seconds(incident: Incident) -> tuple[float, float]:
    return (incident.start - T0).total_seconds(), (incident.end - T0).total_seconds()


def _quoting(start: int, end: int) -> list[str]:
    return [_cycle(t, 5, 5) for t in range(start, end)]


def _sizes_filtered(start: int, end: int, rejected_every: int = 0) -> list[str]:
    lines = []
    for t in range(start, end):
        lines += [_filtered(t, "bid"), _filtered(t + 0.001, "ask"), _cycle(t + 0.02, 0, 0)]
        if rejected_every and t % rejected_every == 0:
            lines.append(_rejected(t + 0.5))
    return lines


def test_stray_rejections_among_filtered_warnings_do_not_split_the_window(
    tmp_path: Path,
) -> None:
    lines = _started(0) + _quoting(1, 30) + _sizes_filtered(30, 150, rejected_every=20)
    found = _incidents(tmp_path, lines + _quoting(150, 180))
    assert [(i.side, i.cause) for i in found] == [("both", "sizes_filtered")]
    assert _seconds(found[0]) == (30.0, 150.0)
    whats = [e.what for e in found[0].evidence]
    assert "orders rejected for insufficient margin" in whats


def test_empty_cycles_after_the_warnings_stop_are_an_incident_of_their_own(
    tmp_path: Path,
) -> None:
    empty = [_cycle(t, 0, 0) for t in range(90, 150)]
    lines = _started(0) + _quoting(1, 30) + _sizes_filtered(30, 90) + empty + _quoting(150, 180)
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
    lines = _started(0) + _quoting(1, 30) + _sizes_filtered(30, 90)
    lines += _started(90) + _quoting(91, 100) + _sizes_filtered(100, 160)
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
