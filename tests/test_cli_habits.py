"""Habits of a well-made command-line tool: shell completion, a reader that goes away, Ctrl-C.

`mmdiag analyze log | head -1` must end quietly with exit 0 (rich and typer each turn a broken
pipe into exit 1, which is `check`'s code for a failing incident); `check` still answers with
its policy's code when its reader has gone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mmdiag import analysis
from tests.cli_helpers import run
from tests.conftest import FIXTURES, PROJECT_ROOT

OK_LOG = str(FIXTURES / "btc_237.json.log")
DUST_LOG = str(FIXTURES / "dust_unrecovered.json.log")


def _reader_gone(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run mmdiag with its standard output a pipe whose reader has already closed it: the
    first write fails, whatever the output's size (`| head -1` fails only past the buffer)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "mmdiag", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=PROJECT_ROOT,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", OK_LOG, "-q"),
        ("analyze", OK_LOG, "--format", "json"),
        ("analyze", OK_LOG, "--format", "markdown", "-q"),
        ("analyze", OK_LOG, "--format", "html", "-q"),
        ("events", OK_LOG, "-q"),
        ("events", OK_LOG, "--format", "csv", "-q"),
        ("watch", "--once", OK_LOG),
        ("watch", "--once", "--format", "json", OK_LOG),
        ("replay", "--price", "90000", "--capacity", "0.002633"),
        ("versions",),
        ("--help",),
    ],
    ids=lambda args: " ".join(a for a in args if not a.startswith("/")),
)
def test_a_reader_that_goes_away_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    done = _reader_gone(*args)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and b"Broken pipe" not in done.stderr
    assert b"mmdiag:" not in done.stderr


def test_check_still_answers_with_its_policy_when_its_reader_goes() -> None:
    failing = _reader_gone("check", DUST_LOG, OK_LOG, "--github")
    assert failing.returncode == 1, failing.stderr
    assert failing.stderr.decode().strip() == "mmdiag check: 2 log(s), 1 failing"
    assert _reader_gone("check", OK_LOG).returncode == 0
    missing = _reader_gone("check", "no/such.log")
    assert missing.returncode == 2 and missing.stderr.startswith(b"mmdiag: ")


def test_shell_completion_shows_and_installs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = run(capsys, "--show-completion", "bash")
    assert shown.code == 0 and "_MMDIAG_COMPLETE=complete_bash" in shown.out
    monkeypatch.setenv("HOME", str(tmp_path))
    installed = run(capsys, "--install-completion", "bash")
    assert installed.code == 0, installed.err
    script = tmp_path / ".bash_completions" / "mmdiag.sh"
    assert "complete -o default -F _mmdiag_completion mmdiag" in script.read_text()
    assert str(script) in (tmp_path / ".bashrc").read_text()


def test_completion_completes_commands_and_options() -> None:
    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            "_MMDIAG_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        done = subprocess.run(
            [sys.executable, "-m", "mmdiag"], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("mmdiag an") == ["analyze"]
    assert "--format" in complete("mmdiag analyze --fo")


def test_ctrl_c_in_a_command_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis, "analyze", interrupted)
    result = run(capsys, "analyze", OK_LOG)
    assert (result.code, result.err) == (130, "mmdiag: interrupted\n")
