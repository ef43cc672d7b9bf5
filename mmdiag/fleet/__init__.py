"""Many bots' logs at once: `mmdiag fleet DIR` and its tables (see `run_fleet`)."""

from mmdiag.fleet.run import FleetResult, collect, default_jobs, fleet_tasks, run_fleet
from mmdiag.fleet.tables import Tables, write_parquet
from mmdiag.fleet.tree import Bot, Fleet, Piece, discover

__all__ = [
    "Bot",
    "Fleet",
    "FleetResult",
    "Piece",
    "Tables",
    "collect",
    "default_jobs",
    "discover",
    "fleet_tasks",
    "run_fleet",
    "write_parquet",
]
