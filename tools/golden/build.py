"""Golden vectors for one sizing version, computed by the bot's own Rust code.

    BOT_GIT=/work/.mirror/trudumb+hyper_make/repo python tools/golden/build.py NAME [--cases N]

NAME is a folder of tools/golden/ holding `spec.py` and `crate/` (the harness: its `src/main.rs`
and whatever `mod.rs` stand-ins the copied files need). The script

1. makes a scratch crate outside the repository (`$MMDIAG_SCRATCH`, default
   /tmp/mmdiag-golden/NAME) with the stand-in crates of tools/golden/stubs as path
   dependencies (the crate registry is not reachable here);
2. copies the spec's files from the bot's git directory at the spec's commit into it, at the
   paths the spec gives, and the items the spec extracts (functions, structs, impls, consts,
   found by their first line and brace matching; text between two anchor lines);
3. overlays the harness, builds it with `cargo build --release --offline`;
4. pipes the spec's cases through it, one line each (tools/golden/common/harness.rs), and
   writes tests/data/sizing/NAME.jsonl: `{"id", "input", "output"}` per case, floats in
   shortest round-trip form (NaN and infinities as JSON's extensions).

The bot's code stays in the scratch crate: only the spec, the harness and the vectors are kept.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "tests" / "data" / "sizing"

CARGO_TOML = """[package]
name = "golden_harness"
version = "0.1.0"
edition = "2021"

[dependencies]
{dependencies}

[profile.release]
debug = false
overflow-checks = false
"""


def load_spec(name: str) -> ModuleType:
    path = HERE / name / "spec.py"
    if not path.is_file():
        raise SystemExit(f"build.py: no spec at {path}")
    spec = importlib.util.spec_from_file_location(f"golden_spec_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def bot_file(git_dir: str, commit: str, path: str) -> str:
    done = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build.py: cannot read {path} at {commit}: {done.stderr.strip()}")
    return done.stdout


def extract_item(text: str, header: str) -> str:
    """The item whose first line starts with `header` (after indentation), with the doc
    comments and attributes right above it, through its matching closing brace (or `;`)."""
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if line.lstrip().startswith(header)),
        None,
    )
    if start is None:
        raise SystemExit(f"build.py: no item starting {header!r}")
    first = start
    while first > 0 and lines[first - 1].lstrip().startswith(("///", "#[", "#![")):
        first -= 1
    depth = 0
    seen_brace = False
    for i in range(start, len(lines)):
        code = _code_part(lines[i])
        for ch in code:
            if ch == "{":
                depth += 1
                seen_brace = True
            elif ch == "}":
                depth -= 1
        if seen_brace and depth == 0:
            return "".join(lines[first : i + 1])
        if not seen_brace and code.rstrip().endswith(";"):
            return "".join(lines[first : i + 1])
    raise SystemExit(f"build.py: unbalanced braces after {header!r}")


def _code_part(line: str) -> str:
    """The line without its `//` comment and with string and char literals blanked, so their
    braces are not counted."""
    out = []
    i = 0
    in_str = False
    while i < len(line):
        ch = line[i]
        if in_str:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_str = False
            i += 1
            continue
        if ch == '"':
            in_str = True
        elif line.startswith("//", i):
            break
        elif ch == "'" and i + 2 < len(line) and line[i + 2] == "'":
            i += 3
            continue
        elif ch == "'" and line.startswith("'\\", i):
            end = line.find("'", i + 2)
            i = end + 1 if end > 0 else i + 1
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def between(text: str, first: str, last: str) -> str:
    """The lines from the one containing `first` through the one containing `last` after it."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if first in line), None)
    if start is None:
        raise SystemExit(f"build.py: no line containing {first!r}")
    end = next((i for i in range(start, len(lines)) if last in lines[i]), None)
    if end is None:
        raise SystemExit(f"build.py: no line containing {last!r} after {first!r}")
    return "".join(lines[start : end + 1])


def assemble(spec: ModuleType, git_dir: str, scratch: Path) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    (scratch / "src").mkdir(parents=True)
    stubs = HERE / "stubs"
    deps = "\n".join(f'{name} = {{ path = "{stubs / name}" }}' for name in spec.DEPENDENCIES)
    (scratch / "Cargo.toml").write_text(CARGO_TOML.format(dependencies=deps))
    shutil.copytree(HERE / spec.NAME / "crate", scratch, dirs_exist_ok=True)
    shutil.copy(HERE / "common" / "harness.rs", scratch / "src" / "harness.rs")
    for bot_path, crate_path in getattr(spec, "FILES", {}).items():
        target = scratch / crate_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bot_file(git_dir, spec.COMMIT, bot_path))
    for crate_path, pieces in getattr(spec, "EXTRACTS", {}).items():
        parts = []
        for bot_path, how in pieces:
            text = bot_file(git_dir, spec.COMMIT, bot_path)
            if isinstance(how, tuple):
                parts.append(between(text, *how))
            else:
                parts.append(extract_item(text, how))
        target = scratch / crate_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(parts))


def build(scratch: Path) -> Path:
    done = subprocess.run(
        ["cargo", "build", "--release", "--offline", "-q"],
        cwd=scratch,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build.py: cargo build failed in {scratch}:\n{done.stderr}")
    return scratch / "target" / "release" / "golden_harness"


# -- the line protocol (common/harness.rs) ------------------------------------------------


def f64_token(x: float) -> str:
    return "x" + struct.pack(">d", float(x)).hex()


def encode_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f64_token(value)
    if isinstance(value, str):
        return "s" + "".join(
            c if c.isascii() and (c.isalnum() or c in "-_.:()[]<>/+'") else f"%{ord(c):02X}"
            for c in value
        )
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], list | tuple):
            return "LL" + ";".join(",".join(f64_token(x) for x in row) for row in value)
        return "L" + ",".join(f64_token(x) for x in value)
    raise TypeError(f"cannot encode {value!r}")


def encode_case(tokens: dict[str, Any]) -> str:
    return " ".join(f"{k}={encode_value(v)}" for k, v in tokens.items())


def decode_value(raw: str) -> Any:
    if raw in ("true", "false"):
        return raw == "true"
    if raw.startswith("x"):
        return struct.unpack(">d", bytes.fromhex(raw[1:]))[0]
    if raw.startswith("LL"):
        body = raw[2:]
        return [decode_value("L" + row) for row in body.split(";")] if body else []
    if raw.startswith("L"):
        body = raw[1:]
        return [decode_value(x) for x in body.split(",")] if body else []
    if raw.startswith("s"):
        return _unquote(raw[1:])
    return int(raw)


def _unquote(text: str) -> str:
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "%" and i + 2 < len(text):
            out.append(int(text[i + 1 : i + 3], 16))
            i += 3
        else:
            out += text[i].encode()
            i += 1
    return out.decode()


def decode_answer(line: str) -> dict[str, Any]:
    answer: dict[str, Any] = {"messages": []}
    for token in line.split():
        key, raw = token.split("=", 1)
        if key == "msg":
            answer["messages"].append(decode_value(raw))
        else:
            answer[key] = decode_value(raw)
    return answer


def flatten_levels(levels: Iterable[dict[str, float]], prefix: str = "levels") -> dict[str, list]:
    """A list of per-level dicts as parallel lists `prefix.field` (the harness zips them)."""
    rows = list(levels)
    if not rows:
        return {}
    return {f"{prefix}.{field}": [row[field] for row in rows] for field in rows[0]}


def run_cases(binary: Path, lines: list[str]) -> list[str]:
    done = subprocess.run(
        [str(binary)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build.py: the harness failed: {done.stderr[-2000:]}")
    answers = done.stdout.splitlines()
    if len(answers) != len(lines):
        raise SystemExit(f"build.py: {len(lines)} cases but {len(answers)} answers")
    return answers


def generate(spec: ModuleType, binary: Path, count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    inputs = list(spec.cases(rng, count))
    lines = [encode_case(spec.to_tokens(case)) for case in inputs]
    for n, (case, answer) in enumerate(zip(inputs, run_cases(binary, lines), strict=True)):
        decoded = decode_answer(answer)
        yield {"id": f"{spec.NAME}-{n:05d}", "input": case, "output": spec.output(case, decoded)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--cases", type=int, default=None, help="how many (the spec's default)")
    parser.add_argument("--seed", type=int, default=20260103)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    git_dir = os.environ.get("BOT_GIT")
    if not git_dir:
        raise SystemExit("build.py: set BOT_GIT to the bot's git directory (from fetch)")
    spec = load_spec(args.name)
    scratch = Path(os.environ.get("MMDIAG_SCRATCH", "/tmp/mmdiag-golden")) / args.name
    if ROOT in scratch.resolve().parents:
        raise SystemExit("build.py: the scratch crate must be outside the repository")
    assemble(spec, git_dir, scratch)
    binary = build(scratch)
    count = args.cases or spec.DEFAULT_CASES
    out = args.out or OUT / f"{args.name}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w") as f:
        for row in generate(spec, binary, count, args.seed):
            f.write(json.dumps(row, separators=(",", ":")) + "\n")
            written += 1
    print(f"{out}: {written} cases from {spec.COMMIT} ({scratch})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
