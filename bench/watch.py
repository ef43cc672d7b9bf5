"""Benchmark `mmdiag watch`: 24 hours of simulated log appended at 100x real time or faster.

    python bench/watch.py                  # 24 h at 300x (about 5 minutes)
    python bench/watch.py --hours 2 --speed 1000

Starts `mmdiag watch FILE --format json` on an empty file, appends a simulated run (the
project's sample writer: incidents every 30 minutes) paced to `--speed` times real time, and
reads the alerts as they come. Reports each window's alert latency, in log time (the alert's
log time minus the window's start, minus --min-window: what the detector waited for beyond
the rule) and in wall-clock time (from the write of the line that made the window count to
the alert's arrival), and watch's peak RSS and RssAnon at the start and at the end.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mmdiag.samplelog import render  # noqa: E402
from mmdiag.simulate import Run, Scenario, Window, events  # noqa: E402

MIN_WINDOW_S = 30.0


def scenario(hours: float) -> Scenario:
    causes = ("sizes_filtered", "ladder_empty", "margin_rejected")
    windows = []
    offset, index = 1800.0, 0
    while offset < hours * 3600 - 600:
        windows.append(Window(offset, offset + 180.0, causes[index % 3], capacity=0.002633))
        offset += 1800.0
        index += 1
    return Scenario(
        "watch-bench",
        datetime(2026, 3, 1, tzinfo=UTC),
        (Run(0, hours * 3600),),
        tuple(windows),
        seed=11,
        debug=True,
    )


def memory(pid: int) -> tuple[int, int]:
    """(RSS, RssAnon) of a process, in MB."""
    found = {"VmRSS": 0, "RssAnon": 0}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                key = line.split(":", 1)[0]
                if key in found:
                    found[key] = int(line.split()[1]) // 1024
    except FileNotFoundError:
        pass
    return found["VmRSS"], found["RssAnon"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--speed", type=float, default=300.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mmdiag-watch-"))
    log = folder / "bot.log"
    log.touch()
    watch = subprocess.Popen(
        [sys.executable, "-m", "mmdiag", "watch", str(log), "--format", "json", "--poll", "0.1"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=HERE.parent,
    )
    alerts: list[tuple[float, dict[str, object]]] = []

    def read() -> None:
        assert watch.stdout is not None
        for line in watch.stdout:
            alerts.append((time.monotonic(), json.loads(line)))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    written: dict[str, float] = {}  # log second -> wall time it was written
    samples: list[tuple[float, int, int]] = []
    sim = scenario(args.hours)
    start_wall = time.monotonic()
    first_log: datetime | None = None
    lines = 0
    with log.open("a", encoding="utf-8", buffering=1 << 16) as out:
        for event in events(sim):
            first_log = first_log or event.time
            due = start_wall + (event.time - first_log).total_seconds() / args.speed
            pause = due - time.monotonic()
            if pause > 0:
                out.flush()
                time.sleep(pause)
            out.write(render(event, "json") + "\n")
            lines += 1
            written.setdefault(event.time.strftime("%Y-%m-%dT%H:%M:%S"), time.monotonic())
            if lines % 20000 == 0:
                samples.append((time.monotonic() - start_wall, *memory(watch.pid)))
    time.sleep(2.0)
    samples.append((time.monotonic() - start_wall, *memory(watch.pid)))
    watch.terminate()
    watch.wait(timeout=30)
    reader.join(timeout=5)
    report(alerts, written, samples, lines, args, time.monotonic() - start_wall, sim)
    return 0


def report(
    alerts: list[tuple[float, dict[str, object]]],
    written: dict[str, float],
    samples: list[tuple[float, int, int]],
    lines: int,
    args: argparse.Namespace,
    wall_s: float,
    sim: Scenario,
) -> None:
    log_late, wall_late = [], []
    for arrived, alert in alerts:
        if alert["alert"] != "window_opened":
            continue
        incident = alert["incident"]
        assert isinstance(incident, dict)
        start = datetime.fromisoformat(str(incident["start"]).replace("Z", "+00:00"))
        told = datetime.fromisoformat(str(alert["log_time"]).replace("Z", "+00:00"))
        log_late.append((told - start).total_seconds() - MIN_WINDOW_S)
        key = told.strftime("%Y-%m-%dT%H:%M:%S")
        if key in written:
            wall_late.append(arrived - written[key])
    print(
        f"{args.hours:g} h of log ({lines:,} lines) appended at {args.speed:g}x in {wall_s:.0f} s; "
        f"{len(sim.windows)} windows simulated, {len(log_late)} opening alerts"
    )
    if log_late:
        median = statistics.median(log_late)
        print(
            f"alert latency beyond --min-window, log time: median {median:.2f} s, "
            f"max {max(log_late):.2f} s; wall clock from the line's write: median "
            f"{statistics.median(wall_late):.2f} s, max {max(wall_late):.2f} s"
        )
    if samples:
        first, last = samples[0], samples[-1]
        print(
            f"watch memory: RSS {first[1]} MB, RssAnon {first[2]} MB after {first[0]:.0f} s; "
            f"RSS {last[1]} MB, RssAnon {last[2]} MB at the end ({last[0]:.0f} s)"
        )


if __name__ == "__main__":
    sys.exit(main())
