"""The README's fleet section cannot drift: its DuckDB query runs on the tables `mmdiag fleet`
writes, and every column of the three tables is documented."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from mmdiag.fleet import run_fleet, write_parquet
from mmdiag.fleet.schema import TABLES
from tests.test_fleet import README, make_fleet


def _readme_query() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- fleet: duckdb -->\n```sql\n(?P<sql>.*?)```", text, re.DOTALL)
    assert found, "README: the fleet section's DuckDB query (after <!-- fleet: duckdb -->)"
    return found.group("sql")


def test_the_readme_duckdb_query_runs_on_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip(
        "duckdb", reason="duckdb is not installed (pip install -e '.[dev]' installs it)"
    )
    result = run_fleet(make_fleet(tmp_path / "fleet"), jobs=0, cache=None)
    write_parquet(result.tables, tmp_path / "tables")
    monkeypatch.chdir(tmp_path)  # the query reads tables/ where mmdiag fleet -o tables wrote
    answer = duckdb.sql(_readme_query())
    rows = [dict(zip(answer.columns, row, strict=True)) for row in answer.fetchall()]
    incidents = result.tables.incidents.filter(pl.col("day").cast(pl.String) == "2026-02-03")
    assert sum(r["incidents"] for r in rows) == incidents.height
    assert {r["bot"] for r in rows} == set(incidents["bot"])
    failing = incidents.filter(pl.col("fails_policy"))
    assert sum(r["failing"] for r in rows) == failing.height
    # The day and the time columns come typed from the files and the folders' names.
    types = duckdb.sql(
        "SELECT typeof(day), typeof(start), typeof(versions_ran) FROM "
        "read_parquet('tables/incidents/**/*.parquet', hive_partitioning = true) LIMIT 1"
    ).fetchall()[0]
    assert types == ("DATE", "TIMESTAMP WITH TIME ZONE", "VARCHAR[]")


def test_the_readme_documents_every_column_of_the_tables() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("### The fleet's tables", 1)[1].split("\n## ", 1)[0]
    for name, columns in TABLES.items():
        assert f"`{name}`" in section
        for column in columns:
            assert f"`{column.name}`" in section, f"README: {name}.{column.name} is undocumented"


def test_the_readme_shows_what_the_query_answers_on_tests_data_fleet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip(
        "duckdb", reason="duckdb is not installed (pip install -e '.[dev]' installs it)"
    )
    result = run_fleet(README.parent / "tests" / "data" / "fleet", jobs=0, cache=None)
    write_parquet(result.tables, tmp_path / "tables")
    monkeypatch.chdir(tmp_path)
    answer = duckdb.sql(_readme_query()).fetchall()
    shown = [["" if v is None else str(v).lower() for v in row] for row in answer]
    text = README.read_text(encoding="utf-8").split("<!-- fleet: duckdb -->", 1)[1]
    table = text.split("```text\n", 1)[1].split("```", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("│")][1:]
    printed = [
        ["" if cell.strip() == "NULL" else cell.strip().lower() for cell in row.split("│")[1:-1]]
        for row in rows
    ]
    assert printed == shown, (
        "README: the DuckDB answer differs from the query's on tests/data/fleet"
    )
