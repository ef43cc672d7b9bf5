"""Benchmark mmdiag against grep on the same large log, in the same run.

    python bench/run.py                   # 600 MiB JSON and Full logs
    python bench/run.py --mb 2048         # the 2 GB memory check

Generates the logs with bench/generate.py when they are missing, warms the page cache, then
for each file times `grep -c 'filtered out'`, `mmdiag events --kind bids_filtered --format
json > /dev/null` and `mmdiag analyze --format json > /dev/null` (best of --repeat runs), and
reports the ratio to grep, MB/s and peak memory of each. Peak memory is given twice: the
process's peak RSS, and its peak anonymous memory (RssAnon). The difference is file pages
that polars maps to read the file: page cache, shared and reclaimable, not memory mmdiag holds.
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


def ensure(path: Path, layout: str, mb: float) -> None:
    if path.exists() and path.stat().st_size >= mb * (1 << 20) * 0.99:
        return
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(path), "--mb", str(mb), "--layout", layout],
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=600.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--layouts", default="json,full")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-analyze", action="store_true", help="Time events only.")
    args = parser.parse_args()
    mmdiag = [sys.executable, "-m", "mmdiag"]
    print(
        f"{'file':<24} {'command':<8} {'MiB':>6} {'grep s':>7} {'mmdiag s':>9} {'ratio':>6} "
        f"{'MB/s':>6} {'peak RSS':>9} {'peak anon':>10}"
    )
    for layout in args.layouts.split(","):
        path = args.out / f"bench_{int(args.mb)}.{layout}.log"
        ensure(path, layout, args.mb)
        size_mb = path.stat().st_size / (1 << 20)
        grep = ["grep", "-c", "filtered out", str(path)]
        commands = {
            "events": [*mmdiag, "events", str(path), "--kind", "bids_filtered", "--format", "json"],
            "analyze": [*mmdiag, "analyze", str(path), "--format", "json"],
        }
        if args.no_analyze:
            del commands["analyze"]
        timed(grep, to_pipe=True)  # warm the page cache: both read from memory
        g = best(grep, args.repeat, to_pipe=True)
        for name, command in commands.items():
            m = best(command, args.repeat)
            print(
                f"{path.name:<24} {name:<8} {size_mb:>6.0f} {g.seconds:>7.2f} {m.seconds:>9.2f} "
                f"{m.seconds / g.seconds:>6.1f} {size_mb / m.seconds:>6.0f} "
                f"{m.peak_rss_mb:>7.0f}MB {m.peak_anon_mb:>8.0f}MB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
