"""The streaming analysis gives the same answer whatever the size of the pieces it reads."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmdiag.analysis import Analysis, analyze
from mmdiag.events import load_events
from mmdiag.model import TimeRange
from tests.conftest import FIXTURES, shared_reference_dir

LOGS = [
    FIXTURES / "back_to_back.json.log",
    FIXTURES / "restart_mid_incident.full.log",
    FIXTURES / "ladder_bids_rejected.json.log",
    FIXTURES / "orchestrator_reduce_only.full.log",
]


def answer(analysis: Analysis) -> tuple[Any, ...]:
    """Everything detection decided: sessions, and each incident with its evidence."""
    sessions = tuple(
        (s.index, s.start, s.end, s.ended_by, s.kill_reasons, s.release, s.quote_cycles)
        for s in analysis.sessions
    )
    incidents = tuple(
        (
            i.incident.session,
            i.incident.side,
            i.incident.cause,
            i.incident.start,
            i.incident.end,
            i.incident.ended_by,
            i.incident.warnings,
            i.incident.evidence,
            i.verdict.sentence,
        )
        for i in analysis.incidents
    )
    return sessions, incidents


@cache
def whole(path: Path) -> tuple[Any, ...]:
    return answer(analyze([str(path)]))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=st.sampled_from(LOGS), rows=st.integers(min_value=3, max_value=700))
def test_any_chunk_size_gives_the_answer_of_one_piece(log: Path, rows: int) -> None:
    assert answer(analyze([str(log)], chunk_rows=rows)) == whole(log)


def test_the_reference_logs_in_small_chunks_give_the_same_answer() -> None:
    shared = shared_reference_dir()
    if shared is None:
        pytest.skip("../shared/reference is absent (fresh clone)")
    for log in (
        shared / "logs" / "seed_237.json.log",
        shared / "logs" / "seed_237.multistream",
        shared / "real" / "2025-12-28_max_position_rejected.json.log",
        shared / "late" / "late_filtered.console.log",
    ):
        assert answer(analyze([str(log)], chunk_rows=97)) == whole(log), log


def test_a_time_range_gives_the_answers_inside_it() -> None:
    """Cut before parsing where the layout allows: what lies wholly inside is the same."""
    log = FIXTURES / "orchestrator_reduce_only.json.log"
    full = analyze([str(log)])
    (item,) = full.incidents
    session = full.sessions[0]
    window = TimeRange(session.start, session.end)  # the whole session: nothing changes
    assert answer(analyze([str(log)], window=window))[1] == whole(log)[1]
    cut = analyze([str(log)], window=TimeRange(None, item.incident.start))
    assert cut.incidents == ()
    events = load_events([str(log)], until=item.incident.start.isoformat()).events
    assert events["time"].max() < item.incident.start  # type: ignore[operator]
