"""The fast path for plain files gives exactly what the general reader gives."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from mmdiag import detect
from mmdiag.ingest import fastpath
from mmdiag.parse.reader import read_events
from tests.conftest import FIXTURES, shared_reference_dir


def _plain_logs() -> list[Path]:
    found = sorted(FIXTURES.glob("*.log"))
    reference = shared_reference_dir()
    if reference is not None:
        found += sorted((reference / "logs").glob("*.log"))
        found += sorted((reference / "logs").glob("*.console"))
        found += sorted((reference / "real").glob("*.json.log"))
        found += sorted((reference / "late").glob("*.log"))
    return found


@pytest.mark.parametrize("path", _plain_logs(), ids=lambda p: p.name)
@pytest.mark.parametrize("kinds", [None, detect.ANALYSIS_KINDS, ("bids_filtered",)])
def test_fast_path_equals_general_reader(
    path: Path, kinds: tuple[str, ...] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = read_events([str(path)], kinds=kinds)
    monkeypatch.setattr(fastpath, "ENABLED", False)
    general = read_events([str(path)], kinds=kinds)
    assert_frame_equal(fast.events, general.events)
    assert fast.inputs == general.inputs


def test_the_fast_path_is_taken_for_plain_json(tmp_path: Path) -> None:
    path = FIXTURES / "btc_237.json.log"
    assert fastpath.likely_header(path, "auto") == "json"
    counts = fastpath.FastCounts("json")
    batches = list(fastpath.scan(path, "auto", None, counts))
    assert counts.lines == sum(b.height for b in batches) > 1000


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"timestamp":"2026-01-01T00:00:00Z","level":"INFO"}\nbanner\n', "a non-record line"),
        (b'{"timestamp":"2026-01-01T00:00:00Z","level":"INFO"}\na\x00b\n', "a NUL byte"),
        (b'{"timestamp":"2026-01-01T00:00:00Z","level":"INFO"}\n\xff\n', "invalid UTF-8"),
    ],
)
def test_files_outside_the_common_case_are_refused(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bot.log"
    path.write_bytes(content)
    counts = fastpath.FastCounts("json")
    with pytest.raises(fastpath.NotCommon):
        list(fastpath.scan(path, "auto", None, counts))
    assert reason


def test_bulk_records_are_parsed_in_polars() -> None:
    from mmdiag.parse import bulk as bulk_records

    for layout, header in (("json", "json"), ("full", "text")):
        lines = (FIXTURES / f"btc_237.{layout}.log").read_text(encoding="utf-8").splitlines()
        batch = pl.DataFrame({"n": range(1, len(lines) + 1), "line": lines})
        bulk, rest = bulk_records.split(batch, None, header)
        assert bulk.height > len(lines) // 2, layout
        assert set(bulk["kind"].unique()) >= {"quote_cycle", "optimizer_bids"}
        assert bulk.height + rest.height == len(lines)
