"""`mmdiag check` outputs: a line per log, JUnit XML, GitHub annotations. No analysis here."""

from __future__ import annotations

from typing import IO

from mmdiag.analysis import Analysis, IncidentAnalysis
from mmdiag.model import SIZING_CAUSES
from mmdiag.report.escape import one_line, visible, xml_text
from mmdiag.verdict import duration_text


def _incident_words(item: IncidentAnalysis) -> str:
    incident, verdict = item.incident, item.verdict
    if incident.cause not in SIZING_CAUSES:
        outcome = "not a sizing problem"
    elif verdict.current is None:
        outcome = "current sizing: unknown"
    else:
        name = verdict.current.get("version")
        quotes = verdict.current_quotes
        said = {True: "quotes", False: "no order", None: "not on every side"}[quotes]
        outcome = f"current sizing {name}: {said}"
    return (
        f"{incident.side} {incident.cause} {duration_text(incident.duration_s)} "
        f"at {incident.start:%H:%M:%S} ({outcome})"
    )


def summary_line(label: str, analysis: Analysis) -> str:
    """`logs/bot.log: FAIL 1 of 2 incidents fail 'unrecovered': both sizes_filtered 4m20s ...`."""
    failing = analysis.failing
    count = len(analysis.incidents)
    if not count:
        return one_line(f"{label}: ok, no incident")
    status = "FAIL" if failing else "ok"
    shown = failing or analysis.incidents
    details = "; ".join(_incident_words(i) for i in shown)
    policy = analysis.settings.fail_on
    return one_line(
        f"{label}: {status}, {count} incident(s), {len(failing)} fail '{policy}': {details}"
    )


def _first_line(item: IncidentAnalysis) -> tuple[str | None, int | None]:
    if not item.incident.evidence:
        return None, None
    first = min(item.incident.evidence, key=lambda e: e.first_time)
    return first.source, first.line


def github_annotations(label: str, analysis: Analysis) -> list[str]:
    """`::error file=...,line=...::message` for each failing incident (workflow-command escaped)."""
    lines = []
    for item in analysis.failing:
        source, line = _first_line(item)
        props = [f"file={_gh_property(source or label)}"]
        if line is not None:
            props.append(f"line={line}")
        props.append(f"title={_gh_property('mmdiag ' + item.incident.cause)}")
        message = f"{_incident_words(item)}: {item.verdict.sentence}"
        lines.append(f"::error {','.join(props)}::{_gh_data(message)}")
    return lines


def _gh_data(text: str) -> str:
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def write_junit(results: list[tuple[str, Analysis]], out: IO[str]) -> None:
    """One test case per log; a failure per log with incidents that fail the policy."""
    failures = sum(1 for _, a in results if a.failing)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        f'<testsuites name="mmdiag check" tests="{len(results)}" failures="{failures}">\n'
        f'  <testsuite name="mmdiag check" tests="{len(results)}" failures="{failures}" '
        'errors="0" skipped="0">\n'
    )
    for label, analysis in results:
        name = xml_text(label)
        out.write(f'    <testcase classname="mmdiag.check" name="{name}" file="{name}"')
        if not analysis.failing:
            out.write(">\n")
            out.write(f"      <system-out>{xml_text(summary_line(label, analysis))}</system-out>\n")
            out.write("    </testcase>\n")
            continue
        out.write(">\n")
        message = xml_text(summary_line(label, analysis))
        body = "\n".join(
            xml_text(f"{_incident_words(i)}: {i.verdict.sentence}") for i in analysis.failing
        )
        out.write(f'      <failure message="{message}" type="{analysis.settings.fail_on}">')
        out.write(f"{body}</failure>\n")
        out.write("    </testcase>\n")
    out.write("  </testsuite>\n</testsuites>\n")
