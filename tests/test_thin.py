"""Quiet runs are cut as the plain definition says, and plan levels are read as the JSON
reader reads them, whatever the rows."""

from __future__ import annotations

import json

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal, assert_series_equal

from mmdiag.parse.thin import cut_quiet_runs, plan_levels

KINDS = ("plan_a", "plan_b", "batch", "mark", "other")


def _reference_cut(frame: pl.DataFrame) -> pl.DataFrame:
    """The definition, row by row: in each run of quiet rows, per kind, the first (plans and
    marks) and the last row stay; a kept last plan stands for its run's lines but the first's."""
    rows = frame.to_dicts()
    kept: list[dict[str, object]] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end]["quiet"] == rows[start]["quiet"]:
            end += 1
        run = rows[start:end]
        if not run[0]["quiet"]:
            kept.extend(run)
        else:
            by_kind: dict[object, list[int]] = {}
            for n, row in enumerate(run):
                by_kind.setdefault(row["kind"], []).append(n)
            keep: dict[int, int] = {}
            for kind, positions in by_kind.items():
                last = positions[-1]
                plan = str(kind).startswith("plan")
                keep[last] = int(run[last]["lines"])  # type: ignore[call-overload]
                if plan and len(positions) > 1:
                    lines = [int(run[p]["lines"]) for p in positions]  # type: ignore[call-overload]
                    keep[last] = sum(lines) - lines[0]
                if plan or kind == "mark":
                    keep.setdefault(positions[0], int(run[positions[0]]["lines"]))  # type: ignore[call-overload]
            kept.extend({**run[n], "lines": lines} for n, lines in sorted(keep.items()))
        start = end
    return pl.DataFrame(kept, schema=frame.schema)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(KINDS), st.booleans(), st.integers(1, 5)), min_size=0, max_size=40
    )
)
def test_quiet_runs_are_cut_as_defined(rows: list[tuple[str, bool, int]]) -> None:
    frame = pl.DataFrame(
        {
            "n": list(range(len(rows))),
            "kind": [k for k, _, _ in rows],
            "quiet": [q for _, q, _ in rows],
            "lines": [n for _, _, n in rows],
        },
        schema={"n": pl.Int64, "kind": pl.String, "quiet": pl.Boolean, "lines": pl.Int64},
    )
    kind = pl.col("kind")
    cut = cut_quiet_runs(frame, "kind", kind.str.starts_with("plan"), kind == "mark")
    assert_frame_equal(cut, _reference_cut(frame))


_VALUES = st.one_of(
    st.integers(-3, 10**20).map(str),
    st.integers(0, 50),
    st.sampled_from(["", "5x", " 5", "05", "None", "1.0", "1e3", 'a"b', "\\u0035"]),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["plan_a", "other"]),
            st.dictionaries(
                st.sampled_from(["bid_levels", "ask_levels", "x", "bid_levels_x", "note"]),
                _VALUES,
                max_size=4,
            ),
        ),
        max_size=12,
    )
)
def test_plan_levels_are_read_as_the_json_reader_reads_them(
    rows: list[tuple[str, dict[str, object]]],
) -> None:
    events = pl.DataFrame(
        {
            "kind": [k for k, _ in rows],
            "fields": [json.dumps(f, ensure_ascii=False) for _, f in rows],
        },
        schema={"kind": pl.String, "fields": pl.String},
    )
    for side in ("bid", "ask"):
        expected = events.select(
            pl.when(pl.col("kind") == "plan_a").then(
                pl.col("fields")
                .str.json_path_match(f"$.{side}_levels")
                .cast(pl.Int64, strict=False)
            )
        ).to_series()
        assert_series_equal(plan_levels(events, ["plan_a"], side), expected, check_names=False)
