"""Every release's vocabulary, read by one detector: orders, start-up, stops, mixed releases."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmdiag.analysis import analyze
from mmdiag.config import Settings
from mmdiag.events import load_events
from mmdiag.replay.versions import running_versions
from tests.conftest import shared_reference_dir
from tests.log_builder import MM, T0, record, write_log

LADDER = "Market maker started for BTC with LadderGLFT strategy"
EXECUTOR = f"{MM}::executor"


def ladder_start(t: float) -> list[str]:
    return [
        record(t, "INFO", MM, LADDER),
        record(t, "INFO", MM, "Warming up parameter estimator..."),
    ]


def ladder_cycle(t: float, bids: int, asks: int, resting: tuple[int, int]) -> list[str]:
    """A December ladder cycle: the plan, then each side's reconcile with its resting count."""
    lines = [
        record(t, "DEBUG", MM, "Calculated ladder quotes", bid_levels=bids, ask_levels=asks),
        record(t, "DEBUG", MM, "Reconciling ladder", side="BUY", current_count=resting[0],
               new_levels=bids),
        record(t, "DEBUG", MM, "Reconciling ladder", side="SELL", current_count=resting[1],
               new_levels=asks),
    ]  # fmt: skip
    return lines


def sell_rejected(t: float, error: str, sz: str = "0.00886") -> str:
    return record(
        t, "ERROR", EXECUTOR,
        f"Bulk order 1 rejected: asset=BTC side=SELL sz={sz} price=87948 error={error}",
    )  # fmt: skip


MAX_POSITION = (
    "Order would exceed maximum position size for current leverage. Reduce leverage to "
    "increase maximum position size. asset=3"
)


def _analyse(tmp_path: Path, lines: list[str], **settings: float) -> object:
    return analyze([str(write_log(tmp_path, lines))], Settings(**settings))  # type: ignore[arg-type]


def test_rejections_while_other_orders_on_the_side_rest_are_no_incident(tmp_path: Path) -> None:
    lines = ladder_start(0)
    for t in range(60, 200):
        lines += ladder_cycle(t, 5, 5, (5, 2))
        lines.append(sell_rejected(t + 0.5, MAX_POSITION))
    analysis = analyze([str(write_log(tmp_path, lines))])
    assert analysis.incidents == ()


def test_every_order_of_a_side_rejected_is_an_incident_of_its_reason(tmp_path: Path) -> None:
    lines = ladder_start(0)
    lines += [line for t in range(60, 100) for line in ladder_cycle(t, 5, 5, (5, 5))]
    for t in range(100, 200):
        lines += ladder_cycle(t, 5, 5, (5, 0))
        lines.append(sell_rejected(t + 0.5, "Order has invalid size. asset=3", sz="0.000123"))
    lines += [line for t in range(200, 230) for line in ladder_cycle(t, 5, 5, (5, 5))]
    lines.insert(
        2,
        record(0.01, "INFO", "market_maker", "Auto-calculated price precision from asset "
               "metadata", asset="BTC", sz_decimals=5, price_decimals=1),
    )  # fmt: skip
    analysis = analyze([str(write_log(tmp_path, lines))])
    (item,) = analysis.incidents
    assert (item.incident.side, item.incident.cause) == ("ask", "invalid_size_rejected")
    assert abs((item.incident.start - T0).total_seconds() - 100) <= 1
    assert item.incident.ended_by == "quoting"
    assert "0.000123, has 6 decimals against the asset's sz_decimals 5" in item.verdict.sentence


def test_orders_left_from_a_previous_run_rest_through_the_warm_up(tmp_path: Path) -> None:
    found = record(-0.4, "INFO", MM, "[MarketMaker] Found resting BUY: oid=7 sz=0.001 px=87503")
    lines = [found, *ladder_start(0)]
    lines += [line for t in range(150, 200) for line in ladder_cycle(t, 5, 5, (1, 5))]
    analysis = analyze([str(write_log(tmp_path, lines))])
    assert len(analysis.sessions) == 1
    (item,) = analysis.incidents
    assert (item.incident.side, item.incident.cause) == ("ask", "warmup")
    assert analysis.sessions[0].first_order_s[0] == 0.0


@pytest.mark.parametrize(
    ("warmup_s", "startup_s", "found"), [(100, 120, 0), (130, 120, 1), (100, 60, 1)]
)
def test_the_start_up_allowance_decides_whether_a_warm_up_counts(
    tmp_path: Path, warmup_s: int, startup_s: float, found: int
) -> None:
    lines = ladder_start(0)
    lines += [
        line for t in range(warmup_s, warmup_s + 60) for line in ladder_cycle(t, 5, 5, (5, 5))
    ]
    analysis = _analyse(tmp_path, lines, startup_s=startup_s)
    assert len(analysis.incidents) == found  # type: ignore[attr-defined]


def test_a_kill_switch_ends_the_session_with_its_reasons(tmp_path: Path) -> None:
    lines = ladder_start(0)
    lines += [line for t in range(60, 100) for line in ladder_cycle(t, 5, 5, (5, 5))]
    reason = "Max position value exceeded: $10122.36 > $10000.00"
    lines += [
        record(100, "WARN", MM, f"Kill switch condition detected: {reason}"),
        record(100.1, "ERROR", MM, f'KILL SWITCH TRIGGERED: ["{reason}"]'),
        record(100.2, "INFO", MM, "=== GRACEFUL SHUTDOWN INITIATED ==="),
        record(101, "INFO", MM, "Market maker stopped."),
    ]
    (session,) = analyze([str(write_log(tmp_path, lines))]).sessions
    assert session.ended_by == "kill_switch"
    assert session.kill_reasons == (reason,)
    assert session.stopped_line is not None and session.stopped_line[1] == len(lines) - 2


def test_a_line_half_one_release_half_another_is_an_unparsed_record(tmp_path: Path) -> None:
    good = ladder_start(0) + ladder_cycle(60, 5, 5, (5, 5))
    torn = good[2][:60] + good[0]  # a record cut off by another one (two writers, one file)
    path = write_log(tmp_path, [*good, torn])
    log = load_events([str(path)])
    (summary,) = log.inputs
    assert summary.unparsed_records == 1
    assert [note.line for note in summary.examples] == [len(good) + 1]
    assert len(analyze([str(path)]).sessions) == 1


def test_an_unknown_message_is_only_counted(tmp_path: Path) -> None:
    mixed = "Market maker started for BTC with LadderGLFT strategy (observation loop)"
    lines = [*ladder_start(0), record(30, "INFO", MM, mixed)]
    lines += [line for t in range(60, 90) for line in ladder_cycle(t, 5, 5, (5, 5))]
    path = write_log(tmp_path, lines)
    kinds = load_events([str(path)]).events.filter(
        load_events([str(path)]).events["message"] == mixed
    )["kind"]
    assert kinds.to_list() == ["other"]
    assert len(analyze([str(path)]).sessions) == 1


def test_a_log_spanning_an_upgrade_is_read_session_by_session(tmp_path: Path) -> None:
    shared = shared_reference_dir()
    if shared is None:
        pytest.skip("../shared/reference is absent (fresh clone)")
    december = shared / "real" / "2025-12-24_position_limit.json.log"
    february = shared / "late" / "late_filtered.json.log"
    joined = tmp_path / "upgrade.json.log"
    joined.write_bytes(december.read_bytes() + february.read_bytes())
    analysis = analyze([str(joined)])
    first, second = analysis.sessions
    assert (first.ended_by, second.ended_by) == ("shutdown", "log_end")
    assert first.release is not None and first.release[1] < "2026-01-02"
    assert second.release is not None and second.release[0] >= "2026-02-15"
    causes = [(i.incident.session, i.incident.cause) for i in analysis.incidents]
    assert causes == [
        (1, "warmup"),
        (1, "position_limit"),
        (1, "position_limit"),
        (2, "sizes_filtered"),
        (2, "reduce_only"),
    ]
    sizing = next(i for i in analysis.incidents if i.incident.cause == "sizes_filtered")
    ran = running_versions(second.release, warned=True)
    assert sizing.verdict.versions_ran == tuple(v.name for v in ran)
    assert "pre_fallback" not in sizing.verdict.versions_ran
    assert f"fit the releases from {second.release[0]}" in sizing.verdict.sentence


ORCH = f"{MM}::orchestrator"


@pytest.mark.parametrize(
    ("lines_of", "cause", "side", "words"),
    [
        (
            lambda t: record(t, "INFO", f"{MM}::control::quote_gate", "Quote gate: ONLY BIDS",
                             urgency="0.80", flow_imbalance="-0.40", position_ratio="0.9"),
            "quote_gate", "ask", "quote gate pulled the ask quotes",
        ),
        (
            lambda t: record(t, "WARN", f"{ORCH}::quote_engine",
                             "STALE DATA CRITICAL: pulling all quotes", book_age_ms=45000),
            "stale_data", "both", "market data was stale",
        ),
    ],
)  # fmt: skip
def test_gates_and_stale_data_are_causes_of_their_own(
    tmp_path: Path, lines_of: object, cause: str, side: str, words: str
) -> None:
    lines = ladder_start(0)
    lines += [line for t in range(60, 100) for line in ladder_cycle(t, 5, 5, (5, 5))]
    for t in range(100, 160):
        lines.append(lines_of(t))  # type: ignore[operator]
        bids, asks = (5, 0) if side == "ask" else (0, 0)
        lines += ladder_cycle(t + 0.01, bids, asks, (5 if bids else 0, 0))
    lines += [line for t in range(160, 190) for line in ladder_cycle(t, 5, 5, (5, 5))]
    (item,) = analyze([str(write_log(tmp_path, lines))]).incidents
    assert (item.incident.cause, item.incident.side) == (cause, side)
    assert words in item.verdict.sentence
