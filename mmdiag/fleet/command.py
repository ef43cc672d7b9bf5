"""`mmdiag fleet`'s steps between the arguments and the exit code: check the paths, run,
write the tables, print the summary and one line per file that could not be read."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mmdiag.config import Settings
from mmdiag.errors import InputError, UsageError
from mmdiag.fleet.cache import default_cache_dir
from mmdiag.fleet.render import account, render_summary
from mmdiag.fleet.run import FleetResult, run_fleet
from mmdiag.fleet.tables import write_parquet
from mmdiag.fleet.work import Outcome
from mmdiag.output import open_output


@dataclass(frozen=True)
class Options:
    """`mmdiag fleet`'s arguments, checked by the CLI."""

    root: Path
    settings: Settings
    jobs: int | None = None
    output_format: str = "table"
    output: Path | None = None
    cache: Path | None = None
    no_cache: bool = False
    layout: str = "auto"
    strict: bool = False
    quiet: bool = False


def run_command(options: Options, console: Console, errors: Console) -> int:
    """The exit code: 0, or 2 when no file could be read."""
    root, output, output_format = options.root, options.output, options.output_format
    if not root.is_dir():
        what = "not a folder" if root.exists() else "no such folder"
        raise InputError(f"cannot read fleet {root}: {what}")
    folder = None if options.no_cache else (options.cache or default_cache_dir())
    for option, path in (("--cache", folder), ("--output", output)):
        if path is not None and _inside(path, root):
            raise UsageError(
                f"{option} {path} is inside the fleet's folder {root}: it would be read as a bot"
            )
    if output is not None and output_format == "table":
        from mmdiag.output import check_output

        check_output(output, [])
    with _progress(errors, options.quiet) as progress:
        result = run_fleet(
            root,
            options.settings,
            options.jobs,
            folder,
            layout=options.layout,
            strict=options.strict,
            on_done=progress,
        )
    if not result.fleet.bots:
        raise InputError(
            f"{root}: no bot folders in it (each folder directly under it is one bot's logs)"
        )
    if output_format == "parquet":
        assert output is not None
        written = write_parquet(result.tables, output)
        counts = ", ".join(f"{name} {rows} row(s)" for name, rows in written.items())
        errors.print(f"mmdiag fleet: wrote {output}: {counts}", markup=False)
        _print_summary(result, console)
    elif output is not None:
        with open_output(output) as out:
            _print_summary(result, Console(file=out, highlight=False, soft_wrap=True))
    else:
        _print_summary(result, console)
    _report(result, errors)
    if not result.read_any:
        errors.print(f"mmdiag: {root}: no log could be read", markup=False)
        return 2
    return 0


def _print_summary(result: FleetResult, console: Console) -> None:
    if not console.is_terminal:
        console.width = 120
    render_summary(result, console)


def _report(result: FleetResult, errors: Console) -> None:
    if result.fleet.skipped:
        more = ", ..." if len(result.fleet.skipped) > 3 else ""
        names = ", ".join(result.fleet.skipped[:3]) + more
        errors.print(
            f"mmdiag fleet: {len(result.fleet.skipped)} file(s) directly under the folder not "
            f"read ({names}): a bot is a folder",
            markup=False,
        )
    for line in result.errors:
        errors.print(f"mmdiag: {line}", markup=False, soft_wrap=True)
    errors.print(account(result), markup=False)


def _inside(path: Path, root: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except OSError:
        return False


class _progress:
    """A bar on stderr while logs are analysed (a terminal only, and not with --quiet)."""

    def __init__(self, errors: Console, quiet: bool) -> None:
        self.shown = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
        self.bar = Progress(
            TextColumn("mmdiag fleet"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("logs"),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
        )
        self.task = self.bar.add_task("logs", total=None)

    def __enter__(self) -> _progress:
        if self.shown:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self.bar.stop()

    def __call__(self, outcome: Outcome, done: int, total: int) -> None:
        if self.shown:
            self.bar.update(self.task, completed=done, total=total)
