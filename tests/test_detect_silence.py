"""A silence longer than `--max-gap` inside a window ends it there; the side, still without
orders when the log resumes, opens a new one."""

from __future__ import annotations

from pathlib import Path

from mmdiag import detect
from mmdiag.events import load_events
from tests.log_builder import T0, quoting, sizes_filtered, started, write_log


def test_a_silence_inside_a_window_ends_it_and_the_next_line_opens_another(
    tmp_path: Path,
) -> None:
    lines = started(0) + quoting(1, 30) + sizes_filtered(30, 90)
    lines += sizes_filtered(300, 360) + quoting(360, 400)  # nothing logged for 210 s
    path = write_log(tmp_path, lines)
    found = detect.incidents(load_events([str(path)], detect.ANALYSIS_KINDS).events)
    spans = [((i.start - T0).total_seconds(), i.ended_by) for i in found]
    assert [(i.side, i.cause) for i in found] == [("both", "sizes_filtered")] * 2
    assert spans[0] == (30.0, "silence") and spans[1][0] == 300.0
    assert found[1].ended_by == "quoting"
