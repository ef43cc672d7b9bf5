"""Append a log to a file line by line, paced by its own timestamps, for `mmdiag watch` to follow.

    python -m tests.append_log fixtures/orchestrator_reduce_only.json.log /tmp/bot.log --speed 20

`--speed 20` writes twenty seconds of log a second; lines without a timestamp go at once.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import datetime
from pathlib import Path

_STAMP = re.compile(rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--speed", type=float, default=20.0, help="log seconds per second")
    args = parser.parse_args()
    start_wall = time.monotonic()
    first: datetime | None = None
    with args.source.open("rb") as source, args.target.open("ab") as target:
        for line in source:
            found = _STAMP.search(line[:80])
            if found:
                when = datetime.fromisoformat(found.group(1).decode().replace("Z", "+00:00"))
                first = first or when
                due = start_wall + (when - first).total_seconds() / args.speed
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            target.write(line)
            target.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
