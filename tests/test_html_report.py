"""The HTML report (`analyze --format html`) and the timeline's truth in every renderer.

The page's structure, escaping and size are checked in Python; then headless Chromium opens the
reports of a fixture, of the bot's own kill-switch log and of a hostile log, and the test reads
what the page's scripts did: no console error, the timeline drawn, the incident count shown, a
zoom and a sort that work, no log text run as a script. Its screenshots are the README's
(`MMDIAG_SCREENSHOTS=1 pytest tests/test_html_report.py` rewrites docs/*.png).
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from mmdiag.analysis import Analysis, analyze
from mmdiag.model import Session
from mmdiag.report.analysis import side_segments, timeline
from mmdiag.report.figure import (
    DETAIL_POINTS,
    MAX_SEGMENTS,
    OVERVIEW_BUCKETS,
    session_figure,
    thin_points,
)
from mmdiag.report.html import page, plotly_bundle
from mmdiag.timeline import Series, StateSpan, Timeline
from tests.browser import Page, chromium, chromium_missing
from tests.cli_helpers import run
from tests.conftest import FIXTURES, PROJECT_ROOT, shared_reference_dir
from tests.test_analyze_cli import HOSTILE, _json_line, hostile_log

FIXTURE = FIXTURES / "btc_237.json.log"
DOCS = PROJECT_ROOT / "docs"


def _reference(name: str) -> Path:
    found = shared_reference_dir()
    if found is None or not (found / name).exists():
        pytest.skip(f"../shared/reference/{name} is absent (fresh clone)")
    return found / name


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>", html)


# --- the page, read as text -------------------------------------------------------------------


def test_the_page_is_one_file_that_fetches_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    result = run(capsys, "analyze", str(FIXTURE), "--format", "html", "-o", str(out), "-q")
    assert result.code == 0, result.err
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert _scripts(html) == [
        '<script type="application/json" id="mmdiag-figures">',
        "<script>",
        "<script>",
    ]
    own = html.replace(plotly_bundle(), "")  # the library's own strings name its website
    assert "<link" not in own and "<iframe" not in own and "<img" not in own
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", own)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert len(html.encode()) < 2_000_000
    assert 'id="incident-count" data-count="1"' in html
    assert 'id="timeline-1"' in html and 'id="incident-1"' in html


def test_the_page_shows_what_the_analysis_holds() -> None:
    analysis = analyze([str(FIXTURE)])
    html = page(analysis)
    (item,) = analysis.incidents
    assert _escaped(item.verdict.sentence) in html
    for line in item.verdict.upgrade_lines:
        assert _escaped(line) in html
    for state in item.states:
        for value in state.values():
            assert f'<th scope="row">{value.name}</th>' in html
            assert _escaped(value.where or "") in html
    for evidence in item.incident.evidence:
        assert _escaped(evidence.what) in html
    figure = json.loads(_figures(html))
    (session,) = figure["sessions"]
    assert session["div"] == "timeline-1"
    names = {trace["name"] for trace in session["data"]}
    assert {"quoting", "incident: sizes_filtered", "position"} <= names
    assert session["annotations"] == [1]


def _escaped(text: str) -> str:
    from mmdiag.report.escape import html_text

    return html_text(text)


def _figures(html: str) -> str:
    found = re.search(r'<script type="application/json" id="mmdiag-figures">(.*?)</script>', html)
    assert found is not None
    return found.group(1)


def kill_switch_log(folder: Path) -> Path:
    """The hostile log, stopped by a kill switch whose reason closes the script element."""
    path = hostile_log(folder)
    stop = datetime(2026, 3, 1, 12, 2, tzinfo=UTC)
    reason = "</script><script>alert('kill')</script><img src=x onerror=alert(2)>"
    kill = _json_line(
        stop,
        "ERROR",
        "hyperliquid_rust_sdk::market_maker",
        f'KILL SWITCH TRIGGERED: ["{reason}"]',
    )
    with path.open("a", encoding="utf-8") as out:
        out.write(kill + "\n")
    return path


def test_log_text_is_escaped_everywhere_on_the_page(tmp_path: Path) -> None:
    analysis = analyze([str(kill_switch_log(tmp_path))])
    html = page(analysis)
    assert analysis.incidents and analysis.sessions[0].ended_by == "kill_switch"
    assert len(_scripts(html)) == 3  # none from the log
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;kill&#x27;)&lt;/script&gt;&lt;img" in html
    assert "\x1b" not in html and "\\x1b[31mred" in html
    figures = _figures(html)
    assert "<" not in figures and ">" not in figures
    json.loads(figures)


# --- the timeline tells the truth ------------------------------------------------------------


def test_the_text_timeline_draws_quoting_only_while_an_order_rests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = _reference("real/2025-12-30_reduce_only.json.log")
    result = run(capsys, "analyze", str(log), "-q")
    assert result.code == 0, result.err
    assert "first order: bid after 58 s, ask never" in result.out
    bars = dict(re.findall(r"^  (bid|ask) \|(.{60})\|$", result.out, re.MULTILINE))
    assert "=" not in bars["ask"]  # no ask ever rested
    assert bars["ask"].startswith("~~~~~~~~~~") and bars["ask"].endswith("#")
    assert bars["bid"].startswith("~~~~~~~~~~") and bars["bid"].endswith("=")
    assert "~ warm-up" in result.out and "# no order: an incident" in result.out
    markdown = run(capsys, "analyze", str(log), "-q", "--format", "markdown")
    assert f"ask |{bars['ask']}|" in markdown.out and "`~` warm-up" in markdown.out


def test_a_stopped_bot_and_a_start_up_are_states_of_their_own() -> None:
    log = _reference("real/2025-12-27_kill_switch.json.log")
    analysis = analyze([str(log)])
    (session,) = analysis.sessions
    states = {
        side: [s.state for s in side_segments(analysis, session, side)] for side in ("bid", "ask")
    }
    for side, seen in states.items():
        assert seen[0] == "warmup", side
        assert seen[-1] == "stopped", side
        assert "quoting" in seen
    ask = side_segments(analysis, session, "ask")
    assert ask[-2].state == "no_order" and ask[-2].start.strftime("%H:%M:%S") == "22:56:05"


@pytest.mark.parametrize("name", ["btc_237.json.log", "restart_mid_incident.json.log"])
def test_each_sides_segments_cover_its_session_once(name: str) -> None:
    analysis = analyze([str(FIXTURES / name)])
    for session in analysis.sessions:
        for side in ("bid", "ask"):
            segments = side_segments(analysis, session, side)
            assert segments[0].start == session.start and segments[-1].end == session.end
            for before, after in pairwise(segments):
                assert before.end == after.start, (side, before, after)
            causes = [
                analysis.incidents[s.incident - 1].incident.cause for s in segments if s.incident
            ]
            assert causes == [s.state for s in segments if s.incident]
        rows = dict(timeline(analysis, session))
        assert set(rows) == {"bid", "ask"}


# --- thinning ---------------------------------------------------------------------------------


def test_a_long_series_is_thinned_to_what_a_screen_shows_with_incidents_in_full() -> None:
    times = list(range(0, 86_400_000, 1_000))  # a day, a point a second
    values = [float(n % 977) for n in range(len(times))]
    values[43_210] = 5_000.0  # a spike the overview must keep
    incident = (3_600_000, 3_840_000)
    xs, ys = thin_points(times, values, 0, times[-1], [incident])
    assert len(xs) <= 2 * OVERVIEW_BUCKETS + DETAIL_POINTS
    assert xs == sorted(xs) and 5_000.0 in ys and max(ys) == 5_000.0
    inside = [x for x in xs if incident[0] <= x <= incident[1]]
    assert len(inside) == 241  # every recorded point of the incident


def _busy_analysis() -> Analysis:
    """A day of a side flapping every 2 s and a series point every 50 ms: far more than a
    screen shows."""
    start = datetime(2026, 1, 5, tzinfo=UTC)
    end = start + timedelta(days=1)
    spans = tuple(
        StateSpan(
            "quoting" if n % 2 else "no_order",
            start + timedelta(seconds=2 * n),
            start + timedelta(seconds=2 * n + 2),
        )
        for n in range(43_200)
    )
    times = tuple(start + timedelta(milliseconds=50 * n) for n in range(0, 1_728_000, 40))
    series = Series("mid", "USD", times, tuple(90_000.0 + n % 100 for n in range(len(times))), 2.0)
    session = Session(0, start, end, None, "BTC", 1, None)
    return Analysis(
        inputs=(),
        sessions=(session,),
        incidents=(),
        timeline=Timeline({"bid": spans, "ask": spans}, (series,)),
    )


def test_a_busy_day_stays_a_small_page() -> None:
    analysis = _busy_analysis()
    figure = session_figure(analysis, analysis.sessions[0])
    bars = sum(len(t["x"]) for t in figure["data"] if t["type"] == "bar")
    assert bars <= 2 * (MAX_SEGMENTS + 1)
    points = sum(len(t["x"]) for t in figure["data"] if t["type"] == "scatter")
    assert points <= 2 * OVERVIEW_BUCKETS + DETAIL_POINTS
    assert len(page(analysis).encode()) < 2_500_000


# --- in a real browser ------------------------------------------------------------------------

_NO_BROWSER = chromium_missing()
browser = pytest.mark.skipif(_NO_BROWSER is not None, reason=_NO_BROWSER or "")


def _write_report(log: Path, folder: Path) -> tuple[Path, Analysis]:
    analysis = analyze([str(log)])
    out = folder / f"{log.name}.html"
    out.write_text(page(analysis), encoding="utf-8")
    return out, analysis


@browser
@pytest.mark.parametrize(
    ("log", "screenshots"),
    [
        (FIXTURE, ("report.png", "report_zoomed.png")),
        ("real/2025-12-27_kill_switch.json.log", ("report_kill_switch.png", None)),
        ("logs/seed_237.json.log", (None, None)),
    ],
    ids=["fixture", "kill_switch", "seed"],
)
def test_chromium_renders_the_report(
    log: Path | str,
    screenshots: tuple[str | None, str | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(PROJECT_ROOT)  # the page names the log as a user would give it
    path = log.relative_to(PROJECT_ROOT) if isinstance(log, Path) else _reference(log)
    report, analysis = _write_report(Path(os.path.relpath(path, PROJECT_ROOT)), tmp_path)
    with chromium() as chrome:
        tab = chrome.open(report.resolve().as_uri(), width=1400, height=1250)
        rendered = tab.wait_for("document.body && document.body.getAttribute('data-rendered')")
        assert rendered == str(len(analysis.sessions))
        timelines = tab.evaluate("document.querySelectorAll('.timeline .main-svg').length")
        assert timelines >= len(analysis.sessions)
        bars = tab.evaluate("document.querySelectorAll('#timeline-1 .barlayer .point').length")
        assert bars >= 2  # each side drawn
        count = tab.evaluate("document.getElementById('incident-count').textContent")
        assert count.startswith(f"{len(analysis.incidents)} incident(s)")
        render_ms = int(tab.evaluate("document.body.getAttribute('data-render-ms')"))
        assert render_ms < 10_000
        top, zoomed = screenshots
        _screenshot(tab, tmp_path / "top.png", top)
        if analysis.incidents:
            _zoom(tab)
            _screenshot(tab, tmp_path / "zoomed.png", zoomed)
            _sort_and_follow(tab)
        chrome.pump(0.2)
        assert tab.errors == [] and tab.dialogs == []


def _screenshot(tab: Page, path: Path, docs_name: str | None) -> None:
    """What the page shows now; kept as the README's picture when asked to."""
    tab.screenshot(path)
    assert path.read_bytes().startswith(b"\x89PNG")
    if docs_name and os.environ.get("MMDIAG_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        (DOCS / docs_name).write_bytes(path.read_bytes())


def _zoom(tab: Page) -> None:
    """The first incident's zoom link narrows its session's time axis to it."""
    link = "document.querySelector('a.zoom')"
    want = tab.evaluate(f"[Number({link}.dataset.x0), Number({link}.dataset.x1)]")
    tab.evaluate(f"{link}.click()")
    got = tab.wait_for(
        "(function () { var gd = document.getElementById('timeline-1');"
        " var r = gd.layout.xaxis.range; return typeof r[0] === 'number' ? r : null; })()"
    )
    assert got == want
    tab.browser.pump(0.5)  # the y axes refit, the page scrolls to the picture
    tab.evaluate("window.scrollTo(0, document.getElementById('session-1').offsetTop - 8)")


def _sort_and_follow(tab: Page) -> None:
    """A heading sorts the table; an incident's number links to its verdict."""
    heading = "document.querySelector('#incident-table th[data-type=number]')"
    tab.evaluate(f"{heading}.click()")
    assert tab.evaluate(f"{heading}.getAttribute('aria-sort')") == "ascending"
    tab.evaluate("document.querySelector('#incident-table a[href^=\"#incident-\"]').click()")
    assert tab.evaluate("location.hash").startswith("#incident-")
    assert tab.evaluate("document.querySelector(':target .verdict').textContent")


@browser
def test_chromium_runs_no_script_from_a_log(tmp_path: Path) -> None:
    report, analysis = _write_report(kill_switch_log(tmp_path), tmp_path)
    with chromium() as chrome:
        tab = chrome.open(report.resolve().as_uri())
        assert tab.wait_for("document.body && document.body.getAttribute('data-rendered')") == "1"
        verdict = tab.evaluate("document.querySelector('#incident-1 .verdict').textContent")
        assert "<script>alert(1)</script>" in verdict
        kill = tab.evaluate("document.querySelector('.kill-switch').textContent")
        assert "</script><script>alert('kill')</script><img src=x" in kill
        assert tab.evaluate("document.querySelectorAll('script').length") == 3
        chrome.pump(0.2)
        assert tab.dialogs == [] and tab.errors == []
    assert HOSTILE.split("\n")[0] in analysis.incidents[0].verdict.sentence
