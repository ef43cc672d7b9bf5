"""A log dense in incidents: a fixture repeated an hour apart, in time order.

    python bench/dense.py bench/out/dense_300.json.log --fixture bid_only_50 --mb 300

Each copy of the fixture is its own session (it begins with the bot's start line) holding the
fixture's incidents; the copies' timestamps move on by `--every-min` minutes (60) each time, so
the file stays in time order. `bid_only_50` (a one-sided 2m20s sizes_filtered incident, a
warning every second) repeated to 300 MB is the log of issue 15: 554 sessions, 554 incidents.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"
_STAMP = re.compile(r'^(\{"timestamp":")?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})Z')


def build(fixture: Path, path: Path, mb: float, every_min: float = 60.0) -> int:
    """Write copies of `fixture` to `path` until it holds `mb` MiB; the number of copies."""
    lines = fixture.read_text(encoding="utf-8").splitlines()
    parts: list[tuple[str, datetime | None, str]] = []
    for line in lines:
        found = _STAMP.match(line)
        if found is None:
            parts.append((line, None, ""))
            continue
        stamp = datetime.strptime(found.group(2), _FORMAT)
        parts.append((found.group(1) or "", stamp, line[found.end(2) :]))
    target = int(mb * (1 << 20))
    written = copies = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        while written < target:
            shift = timedelta(minutes=every_min * copies)
            text = "\n".join(
                head if stamp is None else f"{head}{(stamp + shift).strftime(_FORMAT)}{rest}"
                for head, stamp, rest in parts
            )
            out.write(text + "\n")
            written += len(text.encode("utf-8")) + 1
            copies += 1
    return copies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--fixture", default="bid_only_50", help="a fixture's name (fixtures/)")
    parser.add_argument("--layout", default="json", choices=("json", "full"))
    parser.add_argument("--mb", type=float, default=300.0, help="stop once the file is this big")
    parser.add_argument("--every-min", type=float, default=60.0, help="minutes between copies")
    args = parser.parse_args()
    fixture = FIXTURES / f"{args.fixture}.{args.layout}.log"
    copies = build(fixture, args.path, args.mb, args.every_min)
    size = args.path.stat().st_size / (1 << 20)
    print(f"{args.path}: {size:.0f} MiB, {copies} copies of {fixture.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
