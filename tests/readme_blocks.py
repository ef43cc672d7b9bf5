"""The README's generated blocks: command help and example outputs from the bundled fixtures.

`python -m tests.readme_blocks` rewrites them in place; `tests/test_readme.py` fails when they
differ from what the code prints, so the documentation cannot drift from the tool.

A block is a fenced block opened by four backticks and `text` (outputs may hold fences of
their own), right after a marker line `<!-- mmdiag: ARGS -->`; its content is the output of
`mmdiag ARGS` run from the project root.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- mmdiag: (?P<args>[^>]*?) -->\n````text\n)(?P<body>.*?)(````)", re.DOTALL)


def command_output(args: str) -> str:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "mmdiag", *shlex.split(args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout


def blocks(text: str) -> list[tuple[str, str]]:
    """(args, body) of every generated block in the README text."""
    return [(m.group("args"), m.group("body")) for m in BLOCK.finditer(text)]


def regenerate(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + command_output(m.group("args")) + m.group(4), text)


def main() -> None:
    README.write_text(regenerate(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"regenerated {len(blocks(README.read_text(encoding='utf-8')))} blocks in README.md")


if __name__ == "__main__":
    main()
