"""Benchmark mmdiag against grep on the same large log, in the same run.

    python bench/run.py                      # 600 MiB JSON and Full logs: events and analyze
    python bench/run.py --memory             # analyze's memory on 1.2 GB and 5 GB JSON logs
    python bench/run.py --dense              # a log with an incident every 10 minutes
    python bench/run.py --stages FILE        # seconds per stage of one analyze, in process

Generates the logs with bench/generate.py when they are missing, warms the page cache, then
for each file times `grep -c 'filtered out'` (to a pipe), `mmdiag events --kind bids_filtered
--format json > /dev/null` and `mmdiag analyze --format json > /dev/null` (best of --repeat
runs), and prints one table: command, layout, size, grep s, mmdiag s, ratio, peak RSS and
peak anonymous memory. Peak RSS counts the file pages mmdiag maps to read the file (page
cache, shared and reclaimable); peak anon (RssAnon, sampled every 10 ms) is what it holds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Timing:
    seconds: float
    peak_rss_mb: float
    peak_anon_mb: float


def timed(command: list[str], to_pipe: bool = False) -> Timing:
    """Wall time, the child's peak RSS (os.wait4) and its peak RssAnon (sampled every 10 ms).

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
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def best(command: list[str], repeat: int, to_pipe: bool = False) -> Timing:
    runs = [timed(command, to_pipe) for _ in range(repeat)]
    return min(runs, key=lambda t: t.seconds)


def ensure(path: Path, layout: str, mb: float, every_min: float = 180.0) -> None:
    if path.exists() and path.stat().st_size >= mb * (1 << 20) * 0.99:
        return
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            str(path),
            "--mb",
            str(mb),
            "--layout",
            layout,
            "--every-min",
            str(every_min),
        ],
        check=True,
    )


HEADER = "| command | layout | log | MiB | grep s | mmdiag s | ratio | peak RSS | peak anon |"


def row(command: str, layout: str, path: Path, g: Timing, m: Timing) -> str:
    size_mb = path.stat().st_size / (1 << 20)
    return (
        f"| {command} | {layout} | {path.name} | {size_mb:.0f} | {g.seconds:.2f} | "
        f"{m.seconds:.2f} | {m.seconds / g.seconds:.1f}x | {m.peak_rss_mb:.0f} MB | "
        f"{m.peak_anon_mb:.0f} MB |"
    )


def bench(path: Path, layout: str, commands: list[str], repeat: int) -> None:
    mmdiag = [sys.executable, "-m", "mmdiag"]
    argv = {
        "events": [*mmdiag, "events", str(path), "--kind", "bids_filtered", "--format", "json"],
        "analyze": [*mmdiag, "analyze", str(path), "--format", "json"],
    }
    grep = ["grep", "-c", "filtered out", str(path)]
    timed(grep, to_pipe=True)  # warm the page cache: both read from memory
    g = best(grep, repeat, to_pipe=True)
    for name in commands:
        print(row(name, layout, path, g, best(argv[name], repeat)), flush=True)


def stages(path: Path) -> None:
    """One analyze in this process, with the seconds each stage took."""
    sys.path.insert(0, str(HERE.parent))
    from mmdiag.analysis import analyze

    spent: dict[str, float] = {}
    start = time.perf_counter()
    result = analyze([str(path)], stages=spent)
    total = time.perf_counter() - start
    print(f"{path.name}: {total:.2f} s in process, {len(result.incidents)} incidents")
    for stage, seconds in spent.items():
        print(f"  {stage:<8} {seconds:6.2f} s  {seconds / total:5.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=600.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--layouts", default="json,full")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-analyze", action="store_true", help="Time events only.")
    parser.add_argument("--memory", action="store_true", help="analyze on 1.2 GB and 5 GB JSON")
    parser.add_argument("--dense", action="store_true", help="an incident every 10 minutes")
    parser.add_argument("--stages", type=Path, help="profile one analyze of this log, by stage")
    args = parser.parse_args()
    if args.stages is not None:
        stages(args.stages)
        return 0
    print(HEADER)
    print("|---" * (HEADER.count("|") - 1) + "|")
    commands = ["events"] if args.no_analyze else ["events", "analyze"]
    if args.memory:
        for mb in (1200, 5120):
            path = args.out / f"bench_{mb}.json.log"
            ensure(path, "json", mb)
            bench(path, "json", ["analyze"], 1)
        return 0
    for layout in args.layouts.split(","):
        every = 10.0 if args.dense else 180.0
        name = f"bench_{int(args.mb)}{'_dense' if args.dense else ''}.{layout}.log"
        path = args.out / name
        ensure(path, layout, args.mb, every)
        bench(path, layout, commands, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
