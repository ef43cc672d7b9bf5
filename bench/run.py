"""Benchmark mmdiag against grep on the same large logs, in the same run, with its targets.

    python bench/run.py                      # sparse 600 MiB JSON and Full logs, the dense log
    python bench/run.py --memory             # and analyze's memory on 1.2 GB and 5 GB JSON logs
    python bench/run.py --only dense         # one of: json, full, dense
    python bench/run.py --stages FILE        # seconds per stage of one analyze, in process

The logs are made when missing: the sparse ones by bench/generate.py (the project's sample
writer, an incident every 3 hours), the dense one by bench/dense.py (fixtures/bid_only_50, a
one-sided incident a session, repeated an hour apart to 300 MiB, in time order). For each file
the page cache is warmed, then `grep -c 'filtered out'` (to a pipe), `mmdiag events --kind
bids_filtered --format json > /dev/null` and `mmdiag analyze --format json > /dev/null` are
timed (best of --repeat runs), and the floor: polars alone scanning the file, keeping the
lines analyze asks for and extracting their fields (time, level, message, fields, target).

Targets (issue 15): analyze within 3x grep, events within 2x, analyze's peak anonymous memory
under 250 MB. Peak RSS counts the file pages read (page cache, shared and reclaimable); peak
anon (RssAnon of the process, and what the replays it forks hold alone, sampled every 10
ms) is what they hold. Where a target is missed, the seconds each stage of one analyze took
follow the table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_RATIO = {"events": 2.0, "analyze": 3.0}
TARGET_ANON_MB = 250.0


@dataclass(frozen=True)
class Timing:
    seconds: float
    peak_rss_mb: float
    peak_anon_mb: float


def timed(command: list[str], to_pipe: bool = False) -> Timing:
    """Wall time, the child's peak RSS (os.wait4) and its peak anon (sampled every 10 ms).

    grep's output goes to a pipe: GNU grep stops at the first match when it writes to
    /dev/null, which would time nothing. mmdiag writes to /dev/null, as the issue states.
    """
    start = time.perf_counter()
    peak_anon = 0
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(command, stdout=subprocess.PIPE if to_pipe else devnull)
        if process.stdout is not None:
            process.stdout.read()
        while True:  # wait4 with WNOHANG reaps the child and gives its rusage
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_anon = max(peak_anon, _anon_kb(process.pid))
            time.sleep(0.01)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return Timing(elapsed, usage.ru_maxrss / 1024, peak_anon / 1024)


def _anon_kb(pid: int) -> int:
    """The anonymous memory of the process (RssAnon) and of the children it forks (analyze
    forks its replays): of a child only the pages it holds alone (Private_Dirty), not those it
    still shares with its parent, which RssAnon counts once. The process's own figure is
    read from /proc/PID/status, which does not hold up its page faults as smaps does."""
    total = 0
    for each in _tree(pid):
        name, key = ("status", "RssAnon:") if each == pid else ("smaps_rollup", "Private_Dirty:")
        try:
            with open(f"/proc/{each}/{name}", encoding="ascii") as numbers:
                for line in numbers:
                    if line.startswith(key):
                        total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return total


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        each = todo.pop()
        found.append(each)
        try:
            with open(f"/proc/{each}/task/{each}/children", encoding="ascii") as children:
                todo.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return found


def best(command: list[str], repeat: int, to_pipe: bool = False) -> Timing:
    runs = [timed(command, to_pipe) for _ in range(repeat)]
    return min(runs, key=lambda t: t.seconds)


def ensure_sparse(path: Path, layout: str, mb: float) -> None:
    if path.exists() and path.stat().st_size >= mb * (1 << 20) * 0.99:
        return
    script = str(HERE / "generate.py")
    command = [sys.executable, script, str(path), "--mb", str(mb), "--layout", layout]
    subprocess.run(command, check=True)


def ensure_dense(path: Path, mb: float) -> None:
    if path.exists() and path.stat().st_size >= mb * (1 << 20) * 0.99:
        return
    command = [sys.executable, str(HERE / "dense.py"), str(path), "--mb", str(mb)]
    subprocess.run(command, check=True)


# The floor: polars alone, on the same file, doing the least analyze must do: scan every line
# and keep those holding a wanted kind's needle (`scan`), and pick out their time, level,
# message, fields and target (`extract`; analyze parses only the lines thinning keeps).
_FLOOR = r"""
import sys
import polars as pl
path, layout, pattern, mode = sys.argv[1:5]
shape = {
    "json": r'^\{"timestamp":"(?P<ts>[^"]*)","level":"(?P<level>[A-Z]+)","fields":\{"message":'
    r'"(?P<message>(?:[^"\\]|\\.)*)"(?P<fields>.*)\},"target":"(?P<target>[^"]*)"',
    "full": r"^(?P<ts>\S+) +(?P<level>[A-Z]+) (?:(?P<span>\S*\}): )?(?P<target>[\w:]+): "
    r"(?P<message>.*)$",
}[layout]
line = pl.col("line")
lines = pl.scan_csv(
    path, has_header=False, separator="\x00", quote_char=None, schema={"line": pl.String}
).filter(line.str.contains(pattern))
if mode == "extract":
    lines = lines.select(line.str.extract_groups(shape).alias("event")).unnest("event")
print(lines.select(pl.len()).collect(engine="streaming").item())
"""


def floor_command(path: Path, layout: str, mode: str) -> list[str]:
    sys.path.insert(0, str(HERE.parent))
    from mmdiag.detect import ANALYSIS_KINDS
    from mmdiag.ingest.fastpath import _REGEX_SPECIAL
    from mmdiag.parse.reader import _needles

    needles = _needles(frozenset(ANALYSIS_KINDS)) or []
    escaped = ["".join("\\" + c if c in _REGEX_SPECIAL else c for c in n) for n in needles]
    return [sys.executable, "-c", _FLOOR, str(path), layout, "|".join(escaped), mode]


HEADER = (
    "| command | layout | log | MiB | grep s | mmdiag s | ratio | target | peak RSS | peak anon |"
)


@dataclass(frozen=True)
class Row:
    command: str
    layout: str
    path: Path
    grep: Timing
    mmdiag: Timing

    @property
    def ratio(self) -> float:
        return self.mmdiag.seconds / self.grep.seconds

    @property
    def missed(self) -> list[str]:
        found = []
        target = TARGET_RATIO.get(self.command)
        if target is not None and self.ratio > target:
            found.append(f"time {target:.0f}x")
        if self.command == "analyze" and self.mmdiag.peak_anon_mb >= TARGET_ANON_MB:
            found.append(f"anon {TARGET_ANON_MB:.0f} MB")
        return found

    def text(self) -> str:
        size_mb = self.path.stat().st_size / (1 << 20)
        goals = []
        target = TARGET_RATIO.get(self.command)
        if target is not None:
            goals.append(f"{target:.0f}x " + ("missed" if self.ratio > target else "met"))
        if self.command == "analyze":
            held = self.mmdiag.peak_anon_mb < TARGET_ANON_MB
            goals.append(f"<{TARGET_ANON_MB:.0f} MB " + ("met" if held else "missed"))
        return (
            f"| {self.command} | {self.layout} | {self.path.name} | {size_mb:.0f} | "
            f"{self.grep.seconds:.2f} | {self.mmdiag.seconds:.2f} | {self.ratio:.1f}x | "
            f"{', '.join(goals) or '-'} | {self.mmdiag.peak_rss_mb:.0f} MB | "
            f"{self.mmdiag.peak_anon_mb:.0f} MB |"
        )


def bench(path: Path, layout: str, commands: list[str], repeat: int) -> list[Row]:
    mmdiag = [sys.executable, "-m", "mmdiag"]
    argv = {
        "events": [*mmdiag, "events", str(path), "--kind", "bids_filtered", "--format", "json"],
        "analyze": [*mmdiag, "analyze", str(path), "--format", "json"],
        "floor: scan": floor_command(path, layout, "scan"),
        "floor: extract": floor_command(path, layout, "extract"),
    }
    grep = ["grep", "-c", "filtered out", str(path)]
    timed(grep, to_pipe=True)  # warm the page cache: every command reads from memory
    g = best(grep, repeat, to_pipe=True)
    rows = []
    for name in commands:
        row = Row(name, layout, path, g, best(argv[name], repeat))
        print(row.text(), flush=True)
        rows.append(row)
    return rows


def stages(path: Path) -> str:
    """One analyze in this process (text output: no threshold searches), the file in the page
    cache, with the seconds each stage took."""
    sys.path.insert(0, str(HERE.parent))
    from mmdiag.analysis import analyze

    timed(["grep", "-c", "filtered out", str(path)], to_pipe=True)
    spent: dict[str, float] = {}
    start = time.perf_counter()
    result = analyze([str(path)], stages=spent)
    total = time.perf_counter() - start
    lines = [f"{path.name}: {total:.2f} s in process, {len(result.incidents)} incidents"]
    for stage, seconds in spent.items():
        lines.append(f"  {stage:<8} {seconds:6.2f} s  {seconds / total:5.1%}")
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} before the run"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=600.0, help="size of the sparse logs")
    parser.add_argument("--dense-mb", type=float, default=300.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("json", "full", "dense"), action="append")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--memory", action="store_true", help="analyze on 1.2 GB and 5 GB JSON")
    parser.add_argument("--stages", type=Path, help="profile one analyze of this log, by stage")
    args = parser.parse_args()
    if args.stages is not None:
        print(stages(args.stages))
        return 0
    print(machine())
    print(HEADER)
    print("|---" * (HEADER.count("|") - 1) + "|")
    commands = ["events", "analyze", "floor: scan", "floor: extract"]
    profiles: list[str] = []  # of each file missing a target, read while it is in the cache
    files = []
    for layout in args.only or ["json", "full", "dense"]:
        if layout == "dense":
            path = args.out / f"dense_{int(args.dense_mb)}.json.log"
            ensure_dense(path, args.dense_mb)
            files.append((path, "json", commands, args.repeat))
        else:
            path = args.out / f"bench_{int(args.mb)}.{layout}.log"
            ensure_sparse(path, layout, args.mb)
            files.append((path, layout, commands, args.repeat))
    if args.memory:
        for mb in (1200, 5120):
            path = args.out / f"bench_{mb}.json.log"
            ensure_sparse(path, "json", mb)
            files.append((path, "json", ["analyze"], 1))
    for path, layout, names, repeat in files:
        if any(row.missed for row in bench(path, layout, names, repeat)):
            profiles.append(stages(path))
    for profile in profiles:
        print()
        print(profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
