"""Benchmark `mmdiag fleet`: a fleet of 200 files of a few MB, analysed on 1 and 2 jobs with a
cold cache, then again with the cache warm, then with one new day's file.

    python bench/fleet.py                    # make bench/out/fleet when missing, then time it
    python bench/fleet.py --files 40 --mb 1  # a smaller fleet (another folder)

The fleet is made from the bundled fixtures and, when present, the bot's own December logs
(../shared/reference/real): file N belongs to bot N % 10 and day N // 10; it repeats one
source log, each copy shifted in time to follow the last by ten minutes, until it holds
--mb MB; its asset is the bot's (BTC in the source becomes ETH, SOL, ... ). Every run is
`python -m mmdiag fleet DIR --format parquet -o OUT --cache CACHE` in a new process, timed by
the wall clock, with the CPU its processes used (user + system, workers included).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COINS = ("ETH", "SOL", "BTC", "XRP", "DOG", "AVX", "LNK", "ARB", "SUI", "APT")
_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
_START = datetime(2026, 3, 1, tzinfo=UTC)


def sources(real: Path) -> list[Path]:
    found = sorted((ROOT / "fixtures").glob("*.json.log"))
    found += sorted((ROOT / "fixtures").glob("*.full.log"))
    if real.is_dir():
        found += sorted(real.glob("*.json.log"))
    return found


def _times(text: bytes) -> tuple[datetime, datetime]:
    stamps = _STAMP.findall(text)
    return _parse(stamps[0]), _parse(stamps[-1])


def _parse(stamp: bytes) -> datetime:
    return datetime.fromisoformat(stamp.decode())


def shifted(text: bytes, delta: timedelta) -> bytes:
    """Every timestamp of the log moved by `delta` (the same for all, so order and gaps
    stay)."""
    cache: dict[bytes, bytes] = {}

    def move(found: re.Match[bytes]) -> bytes:
        stamp = found.group(0)
        moved = cache.get(stamp)
        if moved is None:
            moved = (_parse(stamp) + delta).strftime("%Y-%m-%dT%H:%M:%S.%fZ").encode()
            cache[stamp] = moved
        return moved

    return _STAMP.sub(move, text)


def make_fleet(folder: Path, files: int, megabytes: float, bots: int, real: Path) -> None:
    logs = sources(real)
    texts = {path: path.read_bytes() for path in logs}
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        bot, day = n % bots, n // bots
        source = logs[n % len(logs)]
        text = texts[source].replace(b"BTC", COINS[bot % len(COINS)].encode())
        first, last = _times(text)
        span = last - first + timedelta(minutes=10)
        at = _START + timedelta(days=day, hours=1)
        parts, size = [], 0
        while size < megabytes * 1e6:
            parts.append(shifted(text, at - first))
            size += len(text)
            at += span
        name = f"{source.name.split('.')[0]}_{day:03d}.{'.'.join(source.name.split('.')[1:])}"
        target = folder / f"bot-{bot:02d}" / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(b"".join(parts))
        if n % 20 == 0:
            print(f"bench: made {n + 1}/{files} files", file=sys.stderr)


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float
    cpu: float
    account: str


def fleet(label: str, folder: Path, out: Path, cache: Path, jobs: int) -> Run:
    command = [sys.executable, "-m", "mmdiag", "fleet", str(folder), "--format", "parquet"]
    command += ["-o", str(out), "--cache", str(cache), "--jobs", str(jobs), "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        raise SystemExit(f"bench: mmdiag fleet exited {done.returncode}: {done.stderr}")
    account = next((line for line in done.stderr.splitlines() if " log(s): " in line), "")
    run = Run(label, seconds, cpu, account)
    print(f"bench: {label}: {seconds:.1f} s ({account})", file=sys.stderr)
    return run


def machine() -> str:
    load = os.getloadavg()
    busy = subprocess.run(
        ["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()[:5]
    others = "; ".join(" ".join(line.split()) for line in busy)
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} before the runs; busiest processes "
        f"then (%CPU command): {others}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--mb", type=float, default=3.0, help="size of each file, MB")
    parser.add_argument("--bots", type=int, default=10)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder")
    parser.add_argument(
        "--real",
        type=Path,
        default=ROOT.parent / "shared" / "reference" / "real",
        help="the bot's own logs, when present",
    )
    args = parser.parse_args()
    work = args.out
    folder = work / f"fleet_{args.files}x{args.mb:g}MB"
    if not folder.is_dir():
        make_fleet(folder, args.files, args.mb, args.bots, args.real)
    total = sum(f.stat().st_size for f in folder.rglob("*.log") if f.is_file())
    extra = work / f"fleet_{args.files}_new_day.log"
    shutil.rmtree(work / "fleet_tables", ignore_errors=True)
    print(machine())
    subprocess.run(["cat", *map(str, folder.rglob("*.log"))], stdout=subprocess.DEVNULL)
    runs = []
    for jobs in args.jobs:
        cache = work / f"fleet_cache_{jobs}"
        shutil.rmtree(cache, ignore_errors=True)
        runs.append(fleet(f"{jobs} job(s), cold cache", folder, work / "fleet_tables", cache, jobs))
    warm = work / f"fleet_cache_{max(args.jobs)}"
    jobs = max(args.jobs)
    runs.append(
        fleet(f"{jobs} job(s), rerun, cache warm", folder, work / "fleet_tables", warm, jobs)
    )
    newest = sorted((folder / "bot-00").glob("*.log"))[-1]
    day_file = folder / "bot-00" / "new_day.json.log"
    shutil.copy(newest, extra)
    day_file.write_bytes(shifted(extra.read_bytes(), timedelta(days=1)))
    try:
        runs.append(
            fleet(f"{jobs} job(s), one new file", folder, work / "fleet_tables", warm, jobs)
        )
    finally:
        day_file.unlink()
        extra.unlink()
    print(f"\n{args.files} files, {total / 1e6:.0f} MB, {args.bots} bots ({folder})\n")
    print("| run | wall s | CPU s | MB/s | what was read |")
    print("|---|---|---|---|---|")
    for run in runs:
        rate = total / 1e6 / run.seconds
        said = run.account.removeprefix("mmdiag fleet: ")
        print(f"| {run.label} | {run.seconds:.1f} | {run.cpu:.1f} | {rate:.0f} | {said} |")


if __name__ == "__main__":
    main()
