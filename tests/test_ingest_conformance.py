"""Conformance: every layout of a reference scenario gives the same events.

The reference logs (../shared/reference/logs) were written by the real Rust tracing-subscriber
formatters. Each scenario exists in several layouts; the event table must not depend on which.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from mmdiag.model import EventLog
from mmdiag.parse.reader import read_events
from mmdiag.parse.typed import fields_of, typed_fields

SCENARIOS = {
    "seed_237": [
        "seed_237.json.log",
        "seed_237.full.log",
        "seed_237.compact.log",
        "seed_237.pretty.log",
        "seed_237.console.log",
        "seed_237.json.log.gz",
        "mm_hyna_BTC_2026-01-02_22-57-57.log.console",
    ],
    "dust_9": ["dust_9.json.log", "dust_9.full.log"],
    "margin_rejected": ["margin_rejected.json.log", "margin_rejected.pretty.log"],
    "warmup": ["warmup.json.log", "warmup.compact.log"],
}
CASES = [(scenario, name) for scenario, names in SCENARIOS.items() for name in names[1:]]


def comparable(log: EventLog) -> list[tuple[Any, ...]]:
    """What must agree across layouts. The console layout hides targets, so they are left out."""
    return [
        (
            row["time"],
            row["level"],
            row["kind"],
            row["side"],
            row["span"],
            row["message"],
            typed_fields(fields_of(row["fields"]), row["kind"]),
        )
        for row in log.events.iter_rows(named=True)
    ]


def kind_counts(log: EventLog) -> dict[str, int]:
    return dict(log.events.group_by("kind").len().iter_rows())


@pytest.mark.parametrize(("scenario", "name"), CASES)
def test_every_layout_gives_the_json_layouts_events(
    shared_reference: Path, scenario: str, name: str
) -> None:
    logs = shared_reference / "logs"
    reference = read_events([str(logs / SCENARIOS[scenario][0])])
    other = read_events([str(logs / name)])
    assert kind_counts(other) == kind_counts(reference)
    assert comparable(other) == comparable(reference)


@pytest.mark.parametrize("name", [n for names in SCENARIOS.values() for n in names])
def test_no_log_line_is_left_unparsed(shared_reference: Path, name: str) -> None:
    summary = read_events([str(shared_reference / "logs" / name)]).inputs[0]
    assert summary.unparsed_records == 0
    assert summary.oversized_lines == 0
    assert summary.records == summary.events
    accounted = summary.records + summary.continuation_lines + summary.blank_lines
    assert accounted + summary.not_log_lines == summary.lines


def test_console_capture_counts_build_output_and_banner_as_not_log_lines(
    shared_reference: Path,
) -> None:
    path = shared_reference / "logs" / "mm_hyna_BTC_2026-01-02_22-57-57.log.console"
    summary = read_events([str(path)]).inputs[0]
    assert summary.not_log_lines == 4
    assert [note.line for note in summary.examples] == [1, 2, 3, 4]
    assert summary.layouts == ("json",)


def test_multistream_folder_counts_a_warning_in_two_streams_once(shared_reference: Path) -> None:
    logs = shared_reference / "logs"
    merged = read_events([str(logs / "seed_237.multistream")])
    full = read_events([str(logs / "seed_237.json.log")])
    info_and_up = full.events.filter(pl.col("level") != "DEBUG")
    assert merged.events.height == info_and_up.height
    assert comparable(merged) == comparable(EventLog(info_and_up, full.inputs))
    streams = {s.stream: s for s in merged.inputs}
    assert set(streams) == {"mm-operational", "mm-errors"}
    assert sum(s.duplicates for s in merged.inputs) == streams["mm-errors"].events


def test_layouts_are_detected_per_file(shared_reference: Path) -> None:
    logs = shared_reference / "logs"
    expected = {
        "seed_237.json.log": ("json",),
        "seed_237.full.log": ("full",),
        "seed_237.compact.log": ("compact",),
        "seed_237.pretty.log": ("pretty",),
        "seed_237.console.log": ("full",),
    }
    for name, layouts in expected.items():
        summary = read_events([str(logs / name)]).inputs[0]
        assert summary.layouts == layouts, name
    assert read_events([str(logs / "seed_237.console.log")]).inputs[0].ansi


def test_markup_in_a_message_is_kept_literally(shared_reference: Path) -> None:
    log = read_events([str(shared_reference / "logs" / "seed_237.pretty.log")])
    messages = log.events.filter(pl.col("message").str.contains("WebSocket"))["message"]
    assert messages.to_list() == [
        "WebSocket error: Os { code: 104, kind: ConnectionReset }\n"
        'caused by: [bold]connection reset[/bold] "peer"'
    ]
