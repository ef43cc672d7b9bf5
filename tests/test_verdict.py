"""Verdicts on incidents whose logged state drifts, is partial, or is odd."""

from __future__ import annotations

from pathlib import Path

from mmdiag.analysis import analyze
from tests.log_builder import quoting, sizes_filtered, started, write_log

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
