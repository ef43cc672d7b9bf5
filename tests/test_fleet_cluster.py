"""The cluster recipe: `mmdiag.fleet.cluster.run_on_dask` on a local Dask cluster of two
worker processes gives the tables `mmdiag fleet` gives, and names the log a dead worker held.
Skipped without the cluster extra (`pip install -e '.[cluster]'`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from mmdiag.fleet import run_fleet, write_parquet
from tests.conftest import FIXTURES
from tests.test_fleet import make_fleet
from tests.test_fleet_faults import crash_on_doomed

distributed = pytest.importorskip(
    "distributed",
    reason="the cluster extra is not installed: pip install -e '.[cluster]' (Dask distributed)",
)
dask = pytest.importorskip("dask")

from mmdiag.fleet.cluster import run_on_dask  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes of one thread, each holding one log at a time (saturation 1.0), so
    that a worker's death blames the one log it held, given up at once (by default Dask
    retries it on up to three more workers)."""
    config = {
        "distributed.scheduler.allowed-failures": 0,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with (
        dask.config.set(config),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def _comparable(table: pl.DataFrame) -> pl.DataFrame:
    """What two runs must agree on: everything but the seconds each log took."""
    return table.drop("seconds", strict=False)


def test_the_cluster_gives_the_tables_fleet_gives(client: Any, tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "fleet")
    on_cluster = run_on_dask(client, root)
    local = run_fleet(root, jobs=2, cache=None)
    assert on_cluster.jobs == 2
    for (name, mine), (_, theirs) in zip(
        on_cluster.tables.items(), local.tables.items(), strict=True
    ):
        assert _comparable(mine).equals(_comparable(theirs)), name
    assert on_cluster.summary.equals(local.summary)
    write_parquet(on_cluster.tables, tmp_path / "cluster")
    write_parquet(local.tables, tmp_path / "local")
    for name, _ in local.tables.items():
        read = [
            _comparable(pl.read_parquet(tmp_path / where / name, hive_partitioning=True))
            for where in ("cluster", "local")
        ]
        assert read[0].equals(read[1]), name


def test_a_dead_worker_on_the_cluster_is_reported_with_the_log_it_held(
    client: Any, tmp_path: Path
) -> None:
    root = make_fleet(tmp_path / "fleet", streams=False)
    shutil.copy(FIXTURES / "edges.json.log", root / "main-btc" / "doomed.log")
    result = run_on_dask(client, root, worker=crash_on_doomed)
    [error] = result.errors
    assert error.startswith("main-btc/doomed.log: every Dask worker that held it died")
    assert result.tables.logs["error"].null_count() == 4
    assert result.tables.incidents.height == 4
