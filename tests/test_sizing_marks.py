"""A sizing path's own lines say which path ran and date the session; they change no window."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmdiag.analysis import analyze
from mmdiag.optimizer import versions
from mmdiag.replay.versions import running_versions
from tests.conftest import FIXTURES
from tests.log_builder import MM, record, write_log

STRAT = f"{MM}::strategy::ladder_strat"


def test_the_constrained_optimizers_line_dates_the_seed_log_to_its_release() -> None:
    session = analyze([str(FIXTURES / "btc_237.json.log")]).sessions[0]
    assert "optimizer_bids" in session.sizing_marks
    assert session.release == ("2026-01-02", "2026-01-03")


def test_an_entropy_line_shows_the_legacy_path(tmp_path: Path) -> None:
    lines = [
        record(0, "INFO", f"{MM}::orchestrator::event_loop",
               "Market maker started for BTC with LadderGLFT strategy"),
        record(1, "INFO", STRAT, "Entropy optimizer applied to bids", entropy="1.500",
               effective_levels="4.5", entropy_floor_active=False, active_levels=5),
        record(2, "INFO", STRAT, "Entropy optimizer applied to bids", entropy="1.500",
               effective_levels="4.5", entropy_floor_active=False, active_levels=5),
    ]  # fmt: skip
    session = analyze([str(write_log(tmp_path, lines))]).sessions[0]
    assert session.sizing_marks == ("entropy_applied",)
    assert session.release is not None and session.release[0] >= "2026-01-04"


@pytest.mark.parametrize("path", ["legacy", "tick_grid"])
def test_a_path_seen_keeps_only_its_versions(path: str) -> None:
    found = running_versions(None, warned=False, paths_seen=frozenset({path}))
    assert found == tuple(v for v in versions() if v.ladder == path)


def test_the_marks_change_no_incident(tmp_path: Path) -> None:
    """Between a cycle's plan and its order lines a mark must not settle anything: the
    seed fixture with every optimizer line removed gives the same incidents."""
    text = (FIXTURES / "btc_237.json.log").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if "optimizer applied" not in line]
    assert len(kept) < len(text.splitlines())
    bare = tmp_path / "bare.json.log"
    bare.write_text("".join(kept), encoding="utf-8")

    def windows(path: Path) -> list[tuple[object, ...]]:
        return [
            (
                i.incident.side,
                i.incident.cause,
                i.incident.start,
                i.incident.end,
                i.incident.warnings,
            )
            for i in analyze([str(path)]).incidents
        ]

    assert windows(bare) == windows(FIXTURES / "btc_237.json.log")
