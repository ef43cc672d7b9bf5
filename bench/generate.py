"""Write a large, realistic log of the bot with the project's own sample writer.

    python bench/generate.py --mb 600 --layout json bench/out/week.json.log

About one line in five is a quote cycle, as in the bot's real logs: each cycle logs the
optimizer for both sides, often a bulk placement, trades between cycles, metrics every minute.
Incidents (sizes filtered, ladder empty, margin rejections) and restarts are spread through it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from mmdiag.samplelog import LAYOUTS, render
from mmdiag.simulate import Run, Scenario, Window, events

HOUR = 3600.0


def week_scenario(hours: float, every_s: float = 3 * HOUR) -> Scenario:
    """Restarts every 20 h; an incident of each kind every `every_s` (3 h; a dense log: 10 min)."""
    runs = []
    start = 0.0
    while start < hours * HOUR:
        end = min(start + 20 * HOUR, hours * HOUR)
        runs.append(Run(start, end - 1.0))
        start = end
    windows = []
    causes = ("sizes_filtered", "ladder_empty", "margin_rejected", "sizes_filtered")
    offset, index = 2 * HOUR, 0
    while offset < hours * HOUR:
        cause = causes[index % len(causes)]
        sides = ("bid", "ask") if index % 3 else ("bid",)
        windows.append(Window(offset, offset + 240.0, cause, sides, capacity=0.002633))
        offset += every_s
        index += 1
    return Scenario("bench", datetime(2026, 1, 5, tzinfo=UTC), tuple(runs), tuple(windows), seed=42)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--mb", type=float, default=600.0, help="stop once the file is this big")
    parser.add_argument("--layout", choices=LAYOUTS, default="json")
    parser.add_argument(
        "--every-min", type=float, default=180.0, help="minutes between incidents (dense: 10)"
    )
    args = parser.parse_args()
    target = int(args.mb * (1 << 20))
    args.path.parent.mkdir(parents=True, exist_ok=True)
    written = records = 0
    with args.path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        for event in events(week_scenario(hours=24 * 60, every_s=args.every_min * 60)):
            text = render(event, args.layout) + "\n"
            out.write(text)
            written += len(text)
            records += 1
            if written >= target:
                break
    print(f"{args.path}: {written / (1 << 20):.0f} MiB, {records} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
