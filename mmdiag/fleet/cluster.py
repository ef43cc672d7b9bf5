"""The fleet on a Dask cluster (`pip install 'mmdiag[cluster]'`): the same work per log as
`mmdiag fleet`, mapped over the logs by Dask's scheduler instead of local processes, gathered
into the same tables.

    from distributed import Client
    from mmdiag.fleet import write_parquet
    from mmdiag.fleet.cluster import run_on_dask

    with Client("tcp://scheduler:8786") as client:       # or Client(LocalCluster(n_workers=2))
        result = run_on_dask(client, "/shared/fleet", cache="/shared/mmdiag-cache")
    write_parquet(result.tables, Path("/shared/fleet-tables"))

Every worker reads the files by the paths the client sees (a shared filesystem: NFS, a
mounted bucket), and so the cache folder, when one is given. A worker that dies while it
holds a log is replaced by Dask, which retries the log on another worker up to
`distributed.scheduler.allowed-failures` times (3). Dask blames every log in flight on the dead
worker, so each log it gives up on is tried once more alone, one at a time: a log that kills
its worker then too is a row naming it; one that was only beside it is analysed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmdiag.config import Settings
from mmdiag.fleet import work
from mmdiag.fleet.run import FleetResult, collect, fleet_tasks
from mmdiag.fleet.tree import discover
from mmdiag.fleet.work import Outcome, Task

if TYPE_CHECKING:
    from distributed import Client


def run_on_dask(
    client: Client,
    root: str | Path,
    settings: Settings | None = None,
    cache: str | Path | None = None,
    layout: str = "auto",
    strict: bool = False,
    worker: Callable[[Task], Outcome] = work.run,
) -> FleetResult:
    """Every bot's logs under `root`, one Dask task per log; the tables `mmdiag fleet` makes."""
    import distributed
    from distributed import KilledWorker

    as_completed: Any = distributed.as_completed  # untyped in distributed

    started = time.perf_counter()
    settings = settings or Settings()
    fleet = discover(root)
    tasks = fleet_tasks(fleet, settings, layout, strict, str(cache) if cache else None)
    futures = {
        client.submit(worker, task, key=f"mmdiag-fleet-{n}", pure=False): task
        for n, task in enumerate(tasks)
    }
    outcomes, killed = [], []
    for future in as_completed(futures):
        task = futures[future]
        try:
            outcomes.append(future.result())
        except KilledWorker:
            killed.append(task)
        except Exception as exc:  # the task's own code never raises: this is the cluster's
            outcomes.append(work.died(task, f"the cluster failed it ({type(exc).__name__}: {exc})"))
    for n, task in enumerate(killed):
        alone = client.submit(worker, task, key=f"mmdiag-fleet-alone-{n}", pure=False)
        try:
            outcomes.append(alone.result())
        except KilledWorker:
            outcomes.append(work.died(task, "every Dask worker that held it died"))
        except Exception as exc:
            outcomes.append(work.died(task, f"the cluster failed it ({type(exc).__name__}: {exc})"))
    workers = len(client.scheduler_info().get("workers", {}))
    return collect(fleet, outcomes, settings, time.perf_counter() - started, workers)
