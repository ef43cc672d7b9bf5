"""The thin CLI layer: version, help, and one-line usage errors."""

import subprocess
import sys

from mmdiag import __version__


def run_mmdiag(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mmdiag", *args], capture_output=True, text=True, check=False
    )


def test_version() -> None:
    result = run_mmdiag("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"mmdiag {__version__}"


def test_unknown_option_is_one_line_exit_2() -> None:
    result = run_mmdiag("--no-such-flag")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["mmdiag: No such option: --no-such-flag"]
    assert "Traceback" not in result.stderr
