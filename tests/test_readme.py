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
