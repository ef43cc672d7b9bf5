"""Labelled scenarios (`NAME.expected.json`): does an analysis find exactly what they say?"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from mmdiag.analysis import Analysis, IncidentAnalysis

VERDICT_KEYS = ("pre_fallback_quotes", "fixed_quotes", "fallback", "certain")


def load_labels(path: Path) -> dict[str, Any]:
    labels: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return labels


def scenario_logs(folder: Path, scenario: str) -> list[Path]:
    """Every layout of a scenario: NAME.<layout>.log[.gz], NAME.multistream/, NAME.console.log."""
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.name.startswith(scenario + ".") and not p.name.endswith(".expected.json")
    ]
    return [p for p in found if ".log" in p.name or p.name.endswith(".multistream")]


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def mismatches(analysis: Analysis, labels: dict[str, Any]) -> list[str]:
    """Every way the analysis differs from the labels (empty when it agrees)."""
    problems: list[str] = []
    unmatched: list[IncidentAnalysis] = list(analysis.incidents)
    for number, label in enumerate(labels["incidents"], 1):
        found = _find(unmatched, label)
        if found is None:
            problems.append(f"label {number} ({label['cause']} {label['start']}): not found")
            continue
        unmatched.remove(found)
        verdict = found.verdict
        for key, expected in label.get("expect", {}).items():
            if key not in VERDICT_KEYS:
                continue
            actual = getattr(verdict, key)
            if actual != expected:
                problems.append(f"label {number}: {key} is {actual!r}, labelled {expected!r}")
        if "capacity" in label:
            capacities = {s.side_capacity.value for s in found.states}
            if capacities != {label["capacity"]}:
                problems.append(
                    f"label {number}: capacity {capacities}, labelled {label['capacity']}"
                )
    for extra in unmatched:
        i = extra.incident
        problems.append(f"unlabelled incident: {i.side} {i.cause} {i.start} .. {i.end}")
    if "sessions" in labels:
        problems.extend(_session_mismatches(analysis, labels["sessions"]))
    return problems


def _session_mismatches(analysis: Analysis, labelled: list[dict[str, Any]]) -> list[str]:
    """Sessions: as many as labelled, each starting within 1 s of its label, ended as it says
    (with the kill switch's reason where one is labelled)."""
    found = analysis.sessions
    if len(found) != len(labelled):
        return [f"{len(found)} sessions found, {len(labelled)} labelled"]
    problems = []
    for number, (session, label) in enumerate(zip(found, labelled, strict=True), 1):
        if abs((session.start - _time(label["start"])).total_seconds()) > 1:
            problems.append(f"session {number}: starts {session.start}, labelled {label['start']}")
        if session.ended_by != label["ended_by"]:
            problems.append(
                f"session {number}: ended_by {session.ended_by}, labelled {label['ended_by']}"
            )
        if "reason" in label and label["reason"] not in session.kill_reasons:
            problems.append(f"session {number}: kill reasons {session.kill_reasons}")
    return problems


def _find(candidates: list[IncidentAnalysis], label: dict[str, Any]) -> IncidentAnalysis | None:
    tolerance = float(label.get("tolerance_s", 2))
    start, end = _time(label["start"]), _time(label["end"])
    for item in candidates:
        i = item.incident
        if (
            i.cause == label["cause"]
            and set(i.sides) == set(label["sides"])
            and abs((i.start - start).total_seconds()) <= tolerance
            and abs((i.end - end).total_seconds()) <= tolerance
        ):
            return item
    return None
