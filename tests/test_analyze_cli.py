"""`mmdiag analyze` and `mmdiag check` end to end: outputs, exit codes, settings, hostile text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli_helpers import one_line_error, run
from tests.conftest import FIXTURES
from tests.log_builder import quoting, sizes_filtered, started, write_log

OK_LOG = str(FIXTURES / "btc_237.json.log")
DUST_LOG = str(FIXTURES / "dust_unrecovered.full.log")
HOSTILE = (
    "[bold red]boom[/bold red] <script>alert(1)</script> \x1b[31mred"
    "\n::error::forged\n# Heading [link](javascript:x) *em* \ufffe \u202e"
)


def _json_line(time: datetime, level: str, target: str, message: str, **fields: object) -> str:
    return json.dumps(
        {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "level": level,
            "fields": {"message": message, **fields},
            "target": target,
        }
    )


def hostile_log(folder: Path) -> Path:
    """A run whose orders are rejected for a minute, with markup and escapes in the error."""
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    lines = [_json_line(start, "INFO", "market_maker", "Starting market maker", asset="BTC")]
    for n in range(60):
        t = start + timedelta(seconds=5 + n)
        side = "Buy" if n % 2 else "Sell"
        lines.append(
            _json_line(
                t,
                "ERROR",
                "hyperliquid_rust_sdk::market_maker::infra::executor",
                f"Bulk order 0 rejected: asset=BTC side={side} sz=0.001 price=90000.0 "
                f"cloid=None error=Insufficient margin {HOSTILE}",
            )
        )
        lines.append(
            _json_line(
                t + timedelta(milliseconds=30),
                "INFO",
                "hyperliquid_rust_sdk::market_maker",
                "Quote cycle complete",
                bid_levels=0,
                ask_levels=0,
            )
        )
    path = folder / "hostile.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_analyze_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "analyze", OK_LOG, "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert {"inputs", "sessions", "incidents"} <= report.keys()
    assert report["inputs"][0]["not_log_lines"] == 0
    (incident,) = report["incidents"]
    assert incident["side"] == "both"
    assert incident["cause"] == "sizes_filtered"
    assert incident["start"].endswith("Z") and incident["end"].endswith("Z")
    assert 200 < incident["duration_s"] < 220
    capacity = incident["state"]["side_capacity"]
    assert capacity == {**capacity, "value": 0.002633, "unit": "BTC", "source": "log"}
    assert incident["state"]["leverage"]["source"] == "startup"
    verdict = incident["verdict"]
    assert verdict["fixed_quotes"] is True
    assert verdict["fallback"] == "not_needed"
    assert verdict["certain"] is True
    assert "0.002633 BTC" in verdict["sentence"]
    assert incident["evidence"][0]["first"]["line"] > 0


def test_analyze_text_and_markdown_carry_the_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    text = run(capsys, "analyze", DUST_LOG)
    assert text.code == 0, text.err
    assert "fallback cannot fire" in text.out
    assert "Timeline" in text.out
    markdown = run(capsys, "analyze", DUST_LOG, "--format", "markdown")
    assert markdown.out.startswith("# mmdiag analyze")
    assert "| 1 | both |" in markdown.out


def test_log_text_prints_literally_everywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = str(hostile_log(tmp_path))
    text = run(capsys, "analyze", log)
    assert text.code == 0, text.err
    assert "[bold red]boom[/bold red]" in text.out
    assert "\x1b" not in text.out and "\\x1b[31mred" in text.out
    assert "\\n::error::forged\\n# Heading" in text.out and "\\u202e" in text.out
    markdown = run(capsys, "analyze", log, "--format", "markdown")
    assert "&lt;script&gt;" in markdown.out and "<script>" not in markdown.out
    assert "\\[link\\](javascript:x) \\*em\\*" in markdown.out
    for output in (text.out, markdown.out):
        lines = output.splitlines()
        assert not [n for n in lines if n.startswith(("::error", "# Heading"))], output
    report = json.loads(run(capsys, "analyze", log, "--format", "json").out)
    assert HOSTILE in report["incidents"][0]["verdict"]["sentence"]  # data stays exact
    junit = tmp_path / "junit.xml"
    github = run(capsys, "check", log, "--fail-on", "any", "--junit", str(junit), "--github")
    assert all(n.startswith((log, "::error file=")) for n in github.out.splitlines())
    xml = junit.read_text(encoding="utf-8")
    assert "<script>" not in xml
    ET.fromstring(xml)  # well-formed despite the escape characters and U+FFFE


def test_check_exit_codes_follow_the_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", OK_LOG).code == 0
    failed = run(capsys, "check", DUST_LOG)
    assert failed.code == 1
    assert failed.out.startswith(f"{DUST_LOG}: FAIL")
    assert run(capsys, "check", OK_LOG, "--fail-on", "any").code == 1
    missing = run(capsys, "check", "no/such.log")
    assert missing.code == 2 and missing.err.count("\n") == 1
    assert run(capsys, "check", OK_LOG, "--fail-on", "sometimes").code == 2


def test_check_writes_junit_and_github_annotations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junit = tmp_path / "out.xml"
    result = run(capsys, "check", OK_LOG, DUST_LOG, "--junit", str(junit), "--github")
    assert result.code == 1
    annotations = [line for line in result.out.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 1
    assert annotations[0].startswith(f"::error file={DUST_LOG.replace(':', '%3A')},line=")
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failures = suite.findall(".//testcase/failure")
    assert len(failures) == 1


def test_check_treats_each_file_of_a_folder_as_its_own_log(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(capsys, "check", str(FIXTURES))
    logs = [line for line in result.out.splitlines() if not line.startswith("::")]
    assert len(logs) == len(list(FIXTURES.glob("*.log")))
    assert result.code == 1


def test_settings_file_and_flags(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mmdiag.toml").write_text("min_window = 1000\n", encoding="utf-8")
    quiet = json.loads(run(capsys, "analyze", DUST_LOG, "--format", "json").out)
    assert quiet["incidents"] == []
    assert quiet["settings"]["config_file"].endswith("mmdiag.toml")
    flagged = json.loads(
        run(capsys, "analyze", DUST_LOG, "--format", "json", "--min-window", "30").out
    )
    assert len(flagged["incidents"]) == 1
    (tmp_path / "mmdiag.toml").write_text("min_windw = 5\n", encoding="utf-8")
    bad = run(capsys, "analyze", DUST_LOG)
    assert bad.code == 2 and "unknown setting 'min_windw'" in bad.err


def test_pyproject_tool_table_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mmdiag]\nfail_on = "any"\n[tool.mmdiag.assets."hyna:BTC"]\n'
        "side_capacity = 0.01\nmargin = 100\n",
        encoding="utf-8",
    )
    assert run(capsys, "check", OK_LOG).code == 1  # fail_on = "any"
    report = json.loads(run(capsys, "analyze", DUST_LOG, "--format", "json").out)
    capacity = report["incidents"][0]["state"]["side_capacity"]
    assert capacity["source"] == "override" and capacity["value"] == 0.01
    assert report["incidents"][0]["verdict"]["fixed_quotes"] is True


def test_overrides_are_checked_and_marked(capsys: pytest.CaptureFixture[str]) -> None:
    report = json.loads(
        run(capsys, "analyze", DUST_LOG, "--format", "json", "--sz-decimals", "4").out
    )
    assert report["incidents"][0]["state"]["sz_decimals"]["source"] == "override"
    bad = run(capsys, "analyze", DUST_LOG, "--capacity", "-1")
    assert bad.code == 2 and "--capacity" in bad.err
    nan = run(capsys, "analyze", DUST_LOG, "--price", "nan")
    assert nan.code == 2


def test_restart_splits_sessions_and_incidents(capsys: pytest.CaptureFixture[str]) -> None:
    log = str(FIXTURES / "restart_mid_incident.json.log")
    report = json.loads(run(capsys, "analyze", log, "--format", "json").out)
    assert [s["index"] for s in report["sessions"]] == [1, 2]
    assert [i["session"] for i in report["incidents"]] == [1, 2]


def test_flat_orders_placed_is_listed_as_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    report = json.loads(run(capsys, "analyze", DUST_LOG, "--format", "json").out)
    whats = [e["what"] for e in report["incidents"][0]["evidence"]]
    assert any(w.startswith("metrics lines with orders_placed flat at ") for w in whats)
    assert whats[0].startswith("All ")  # the strongest evidence comes first


def test_a_log_without_quote_cycles_does_not_claim_quoting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = write_log(tmp_path, started(0))
    text = run(capsys, "analyze", str(log))
    assert text.code == 0, text.err
    assert "holds no quote cycle" in text.out and "quoted throughout" not in text.out
    assert "|" + "~" * 60 + "|" in text.out  # started, its quote loop never ran: warm-up


def test_the_report_says_what_ended_an_incident(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = started(0) + quoting(1, 30) + sizes_filtered(30, 90)
    lines += started(90) + quoting(91, 100) + sizes_filtered(100, 160)
    text = run(capsys, "analyze", str(write_log(tmp_path, lines)))
    titles = [n for n in text.out.splitlines() if n.startswith("#")]
    assert "ended by a restart" in titles[0]
    assert "still open when the log ended" in titles[1]


def test_two_bots_at_once_are_refused_not_mixed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    btc = write_log(tmp_path, started(0) + quoting(1, 90), "btc.log")
    eth_lines = [n.replace("hyna:BTC", "ETH") for n in started(10) + quoting(11, 90)]
    eth = write_log(tmp_path, eth_lines, "eth.log")
    line = one_line_error(run(capsys, "analyze", str(btc), str(eth)))
    assert "two bots" in line and "ETH" in line and "hyna:BTC" in line
    assert run(capsys, "check", str(btc), str(eth)).code == 0  # each file is its own log


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["analyze", OK_LOG, "--max-gap", "inf"], "--max-gap must be"),
        (["check", OK_LOG, "--junit", "."], "--junit . is a folder"),
        (["analyze", "LOG", "--output", "LOG"], "--output LOG is one of the inputs"),
        (["check", "LOG", "--junit", "LOG"], "--junit LOG is one of the inputs"),
    ],
)
def test_bad_settings_and_outputs_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], words: str
) -> None:
    log = tmp_path / "copy.log"
    log.write_bytes(Path(OK_LOG).read_bytes())
    argv = [str(log) if a == "LOG" else a for a in args]
    line = one_line_error(run(capsys, *argv))
    assert words.replace("LOG", str(log)) in line
    assert log.read_bytes() == Path(OK_LOG).read_bytes()


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--sz-decimals", "40"),
        ("--levels", "1000000"),
        ("--capacity", "1e308"),
        ("--price", "1e-300"),
    ],
)
def test_overrides_the_replay_would_refuse_are_refused_up_front(
    capsys: pytest.CaptureFixture[str], flag: str, value: str
) -> None:
    line = one_line_error(run(capsys, "analyze", OK_LOG, flag, value))
    assert line.startswith(f"mmdiag: {flag}: ")


def test_a_zero_minimum_notional_is_replayed_and_says_what_set_the_minimum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(capsys, "analyze", OK_LOG, "--min-notional", "0", "--format", "json")
    assert result.code == 0, result.err
    verdict = json.loads(result.out)["incidents"][0]["verdict"]
    assert verdict["fixed_quotes"] is True
    assert "(0.1 × min_level_size)" in verdict["sentence"]
