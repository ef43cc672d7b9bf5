"""Docs that cannot drift: the README's help and example blocks are what the tool prints."""

from __future__ import annotations

import pytest

from tests.readme_blocks import README, blocks, command_output

_BLOCKS = blocks(README.read_text(encoding="utf-8"))


def test_readme_documents_every_command() -> None:
    documented = {args for args, _ in _BLOCKS}
    for command in ("events", "analyze", "check", "watch", "replay"):
        assert f"{command} --help" in documented


@pytest.mark.parametrize(("args", "body"), _BLOCKS, ids=[a for a, _ in _BLOCKS])
def test_readme_block_matches_the_tool(args: str, body: str) -> None:
    assert body == command_output(args), (
        f"README block for `mmdiag {args}` is stale: run python -m tests.readme_blocks"
    )


def test_readme_documents_every_field_of_the_analysis_json() -> None:
    import json
    import re

    from tests.conftest import FIXTURES

    text = README.read_text(encoding="utf-8")
    section = text.split("## JSON output (`mmdiag analyze --format json`)", 1)[1].split("\n## ")[0]
    quoted = re.findall(r"`([^`]+)`", section)
    documented = {word for span in quoted for word in re.findall(r"[a-z0-9_]+", span)}
    report = json.loads(command_output(f"analyze {FIXTURES / 'btc_237.json.log'} --format json"))
    incident = report["incidents"][0]
    objects = [
        report,
        report["settings"],
        report["inputs"][0],
        report["sessions"][0],
        incident,
        incident["evidence"][0],
        incident["evidence"][0]["first"],
        incident["verdict"],
        incident["verdict"]["orders"][0],
        *incident["verdict"]["versions"][:1],
        *[o for v in incident["verdict"]["versions"][:1] for o in v["orders"][:1]],
        *[n for v in incident["verdict"]["versions"][:1] for n in v["needed"][:1]],
        *incident["verdict"]["upgrades"][:1],
        incident["state"],
        incident["state"]["price"],
    ]
    missing = sorted({key for obj in objects for key in obj} - documented)
    assert missing == [], f"README's JSON section does not mention {missing}"


def test_readme_documents_every_field_of_a_watch_alert() -> None:
    import re

    from mmdiag.live import Watch
    from mmdiag.report.alerts import alert_json
    from tests.conftest import FIXTURES

    text = README.read_text(encoding="utf-8")
    section = text.split("An alert object (`schema` `mmdiag.watch/1`):", 1)[1].split("\n## ")[0]
    documented = set(re.findall(r"`([a-z_]+)`", section))
    watch = Watch([str(FIXTURES / "orchestrator_reduce_only.json.log")], from_start=True)
    alerts = watch.step()
    assert {a.what for a in alerts} >= {"session_started", "window_opened", "window_closed"}
    keys = {key for alert in alerts for key in alert_json(alert)}
    whats = {alert.what for alert in alerts}
    assert keys - documented == set() and whats - documented == set()


def test_readme_python_examples_run() -> None:
    """The README's `pycon` blocks are doctests: the library's entry points as documented."""
    import doctest
    import re

    text = README.read_text(encoding="utf-8")
    examples = re.findall(r"```pycon\n(.*?)```", text, re.DOTALL)
    assert examples
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(verbose=False)
    for n, example in enumerate(examples):
        runner.run(parser.get_doctest(example, {}, f"README pycon {n}", "README.md", 0))
    assert runner.summarize(verbose=False).failed == 0
