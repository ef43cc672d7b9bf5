"""Docs that cannot drift: the README's help and example blocks are what the tool prints."""

from __future__ import annotations

import pytest

from tests.readme_blocks import README, blocks, command_output

_BLOCKS = blocks(README.read_text(encoding="utf-8"))


def test_readme_documents_every_command() -> None:
    documented = {args for args, _ in _BLOCKS}
    for command in ("events", "analyze", "check", "replay"):
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
        incident["state"],
        incident["state"]["price"],
    ]
    missing = sorted({key for obj in objects for key in obj} - documented)
    assert missing == [], f"README's JSON section does not mention {missing}"
