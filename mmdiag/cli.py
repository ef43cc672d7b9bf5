"""Command-line entry point: typer commands only.

Each command parses its arguments, calls one function of the library, picks a renderer and
returns an exit code. Errors a user can act on are `MmdiagError`s and print as one line.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

# typer >= 0.29 vendors click; its exception types are what `standalone_mode=False` raises.
from typer._click import exceptions as click_exceptions
from typer._click.utils import PacifyFlushWrapper

from mmdiag import __version__
from mmdiag.catalog import KIND_NAMES
from mmdiag.errors import MmdiagError
from mmdiag.output import check_output, open_output

if TYPE_CHECKING:
    from mmdiag.config import Settings

KIND_HELP = ", ".join(KIND_NAMES)

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Diagnose why a Hyperliquid market maker stopped quoting, from its tracing logs.",
)


class _Console(Console):
    """A reader that went away (`mmdiag analyze log | head -1`) ends the command quietly with
    exit 0 (`main`); rich's own handling exits 1, which is `check`'s code for a failing
    incident."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


class _ReaderGone(Exception):
    """A command's output lost its reader. Not an `OSError`: typer turns those into exit 1."""


def _reader_may_go(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            raise _ReaderGone from None

    return run


def _quiet_stdout() -> None:
    """Nothing more reaches the gone reader, and the interpreter's last flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"mmdiag {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version."
    ),
) -> None:
    """Diagnose why a Hyperliquid market maker stopped quoting, from its tracing logs."""


_SINCE = typer.Option(
    None, "--since", help="Only events at or after: RFC 3339 (no offset: UTC), or 2h, 30m, 1d ago."
)
_UNTIL = typer.Option(
    None, "--until", help="Only events before: RFC 3339 (no offset: UTC), or 2h, 30m, 1d ago."
)
_QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar on stderr.")


@app.command()
def events(
    paths: list[str] = typer.Argument(
        ..., help="Log files, folders of logs (multi-stream or rotated), or - for stdin."
    ),
    kind: list[str] | None = typer.Option(
        None, "--kind", help=f"Only these kinds (repeat or comma-separate): {KIND_HELP}."
    ),
    level: str | None = typer.Option(
        None, "--level", help="Only this level and above: TRACE, DEBUG, INFO, WARN, ERROR."
    ),
    since: str | None = _SINCE,
    until: str | None = _UNTIL,
    output_format: str = typer.Option("table", "--format", help="table, json, csv or parquet."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    layout: str = typer.Option(
        "auto", "--layout", help="Force a layout: auto, json, full, compact, pretty."
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on any line that is not parsed."),
    limit: int | None = typer.Option(
        None, "--limit", help="At most this many events (table default 200; 0: all)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No input summary on stderr."),
) -> None:
    """List the events of the bot's logs, typed, in time order, with file and line."""
    from mmdiag.events import EventTables, split_kinds
    from mmdiag.report import events as render

    if output_format not in render.FORMATS:
        fail(f"unknown format {output_format!r}: choose from {', '.join(render.FORMATS)}")
    if limit is not None and limit < 0:
        fail(f"--limit {limit}: give a number of events, or 0 for all")
    check_output(output, paths)
    tables = EventTables(paths, split_kinds(kind), level, since, until, layout, strict)
    first = render.limited(tables, limit)
    with open_output(output, binary=output_format == "parquet") as out:
        if output_format == "json":
            render.write_json(first, lambda: tables.inputs, out)
        elif output_format == "csv":
            render.write_csv(first, lambda: tables.inputs, out)
        elif output_format == "parquet":
            render.write_parquet(first, lambda: tables.inputs, out)
        else:
            shown = 200 if limit is None else limit
            log, total = render.first_events(tables, lambda: tables.inputs, shown or 1 << 62)
            console = _Console(file=out, highlight=False, soft_wrap=False)
            render.render_table(log, console, shown or None, total)
    if not quiet and output_format != "json":
        for line in render.inputs_text(tables.inputs, strict):
            print(line, file=sys.stderr)


def _settings(
    config: Path | None,
    min_window: float | None,
    max_gap: float | None,
    method: str | None,
    fail_on: str | None,
    overrides: dict[str, float | None],
    startup: float | None = None,
) -> Settings:
    """Config file settings, with the command line's flags winning."""
    from mmdiag.config import MAX_SECONDS, METHODS, POLICIES, check_override, load_settings

    settings = load_settings(config, search_from=None if config else Path.cwd())
    if method is not None and method not in METHODS:
        fail(f"unknown method {method!r}: choose from {', '.join(METHODS)}")
    if fail_on is not None and fail_on not in POLICIES:
        fail(f"unknown policy {fail_on!r}: choose from {', '.join(POLICIES)}")
    for name, value in (
        ("--min-window", min_window),
        ("--max-gap", max_gap),
        ("--startup", startup),
    ):
        if value is not None and not 0 <= value <= MAX_SECONDS:
            fail(
                f"{name} must be a number of seconds from 0 to {MAX_SECONDS:.0f} (a year), "
                f"got {value!r}"
            )
    flags = {"side_capacity": "--capacity"}
    given = {
        name: check_override(name, value, flags.get(name, "--" + name.replace("_", "-")))
        for name, value in overrides.items()
        if value is not None
    }
    return replace(
        settings,
        min_window_s=settings.min_window_s if min_window is None else min_window,
        max_gap_s=settings.max_gap_s if max_gap is None else max_gap,
        startup_s=settings.startup_s if startup is None else startup,
        method=method or settings.method,
        fail_on=fail_on or settings.fail_on,
        overrides={**settings.overrides, **given},
        asset_overrides={
            asset: {**values, **given} for asset, values in settings.asset_overrides.items()
        },
    )


_PATHS = typer.Argument(
    ..., help="Log files, folders of logs (multi-stream or rotated), or - for stdin."
)
_LAYOUT = typer.Option(
    "auto", "--layout", help="Force a layout: auto, json, full, compact, pretty."
)
_STRICT = typer.Option(False, "--strict", help="Fail on any line that is not parsed.")
_CONFIG = typer.Option(
    None, "--config", help="Settings file (default: mmdiag.toml or [tool.mmdiag] found upwards)."
)
_MIN_WINDOW = typer.Option(
    None, "--min-window", help="Shortest zero-order window reported, seconds (default 30)."
)
_MAX_GAP = typer.Option(
    None, "--max-gap", help="A silence this long (s) ends a window: nothing known (default 120)."
)
_STARTUP = typer.Option(
    None,
    "--startup",
    help="Start-up allowance, s: a window from a session's start counts past it (default 120).",
)
_METHOD = typer.Option(
    None, "--method", help="Optimizer method replayed: kelly (the bot's default) or proportional."
)
_PRICE = typer.Option(None, "--price", help="Override: price, USD.")
_CAPACITY = typer.Option(None, "--capacity", help="Override: the side's capacity, coins.")
_MARGIN = typer.Option(None, "--margin", help="Override: available margin, USD.")
_MIN_NOTIONAL = typer.Option(None, "--min-notional", help="Override: minimum order value, USD.")
_MIN_LEVEL = typer.Option(None, "--min-level-size", help="Override: min_level_size, coins.")
_LEVELS = typer.Option(None, "--levels", help="Override: ladder levels per side.")
_LEVERAGE = typer.Option(None, "--leverage", help="Override: leverage.")
_SZ_DECIMALS = typer.Option(None, "--sz-decimals", help="Override: the asset's size decimals.")
_REPLAY_JOBS = typer.Option(
    None,
    "--jobs",
    "-j",
    help="Processes the incidents' replays are spread over (default: every core this process "
    "may use).",
)


def _check_jobs(jobs: int | None) -> None:
    if jobs is not None and not 1 <= jobs <= 256:
        fail(f"--jobs must be from 1 to 256, got {jobs}")


@app.command()
def analyze(
    paths: list[str] = _PATHS,
    output_format: str = typer.Option(
        "text", "--format", help="text, json, markdown or html (one self-contained page)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    layout: str = _LAYOUT,
    strict: bool = _STRICT,
    config: Path | None = _CONFIG,
    min_window: float | None = _MIN_WINDOW,
    max_gap: float | None = _MAX_GAP,
    startup: float | None = _STARTUP,
    method: str | None = _METHOD,
    price: float | None = _PRICE,
    capacity: float | None = _CAPACITY,
    margin: float | None = _MARGIN,
    min_notional: float | None = _MIN_NOTIONAL,
    min_level_size: float | None = _MIN_LEVEL,
    levels: int | None = _LEVELS,
    leverage: float | None = _LEVERAGE,
    sz_decimals: int | None = _SZ_DECIMALS,
    since: str | None = _SINCE,
    until: str | None = _UNTIL,
    quiet: bool = _QUIET,
    jobs: int | None = _REPLAY_JOBS,
) -> None:
    """Find when and why the bot stopped quoting, and whether the fixed sizing would have quoted."""
    from mmdiag.analysis import analyze as run_analysis
    from mmdiag.events import time_range
    from mmdiag.report import analysis as render
    from mmdiag.report.progress import progress_bar

    if output_format not in ("text", "json", "markdown", "html"):
        fail(f"unknown format {output_format!r}: choose from text, json, markdown, html")
    _check_jobs(jobs)
    overrides = {
        "price": price,
        "side_capacity": capacity,
        "margin": margin,
        "min_notional": min_notional,
        "min_level_size": min_level_size,
        "levels": levels,
        "leverage": leverage,
        "sz_decimals": sz_decimals,
    }
    settings = _settings(config, min_window, max_gap, method, None, overrides, startup)
    window = time_range(since, until)
    check_output(output, paths)
    with progress_bar(paths, quiet or output_format == "json") as bar:
        result = run_analysis(
            paths,
            settings,
            layout=layout,
            strict=strict,
            window=window,
            progress=bar,
            jobs=jobs,
            tables=output_format == "json",
        )
    with open_output(output, inputs=paths) as out:
        if output_format == "json":
            render.write_json(result, out)
        elif output_format == "markdown":
            render.render_markdown(result, out)
        elif output_format == "html":
            from mmdiag.report.html import write_html

            write_html(result, out)
        else:
            width = None if out.isatty() else 120
            console = _Console(file=out, highlight=False, soft_wrap=True, width=width)
            render.render_text(result, console)


@app.command()
def check(
    paths: list[str] = _PATHS,
    fail_on: str | None = typer.Option(
        None,
        "--fail-on",
        help=(
            "unrecovered (default): the bot's current sizing would still not quote; "
            "any: every incident."
        ),
    ),
    junit: Path | None = typer.Option(None, "--junit", help="Write JUnit XML here."),
    github: bool = typer.Option(False, "--github", help="Print ::error annotations for Actions."),
    layout: str = _LAYOUT,
    strict: bool = _STRICT,
    config: Path | None = _CONFIG,
    min_window: float | None = _MIN_WINDOW,
    max_gap: float | None = _MAX_GAP,
    startup: float | None = _STARTUP,
    method: str | None = _METHOD,
    since: str | None = _SINCE,
    until: str | None = _UNTIL,
    quiet: bool = _QUIET,
    jobs: int | None = _REPLAY_JOBS,
) -> None:
    """Exit 1 when a log shows an incident that fails the policy (for CI); one line per log."""
    from mmdiag.analysis import analyze as run_analysis
    from mmdiag.events import time_range
    from mmdiag.ingest.sources import log_groups
    from mmdiag.report import check as render
    from mmdiag.report.progress import progress_bar

    _check_jobs(jobs)
    settings = _settings(config, min_window, max_gap, method, fail_on, {}, startup)
    window = time_range(since, until)
    check_output(junit, paths, "--junit")
    results = []
    lines = _Lines()
    for label, group in log_groups(paths):
        with progress_bar(group, quiet) as bar:
            result = run_analysis(
                group,
                settings,
                layout=layout,
                strict=strict,
                window=window,
                progress=bar,
                jobs=jobs,
            )
        results.append((label, result))
        lines.say(render.summary_line(label, result))
        if github:
            for line in render.github_annotations(label, result):
                lines.say(line)
    if junit is not None:
        with open_output(junit, inputs=paths, option="--junit") as out:
            render.write_junit(results, out)
    failing = sum(1 for _, r in results if r.failing)
    print(f"mmdiag check: {len(results)} log(s), {failing} failing", file=sys.stderr)
    if failing:
        raise SystemExit(1)


@app.command()
def fleet(
    folder: Path = typer.Argument(
        ..., help="A folder holding one folder per bot, each with that bot's log files."
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", help="Worker processes (default: every core this process may use)."
    ),
    output_format: str = typer.Option(
        "table", "--format", help="table, or parquet (the sessions, incidents and logs tables)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="parquet: the folder to write the tables into; table: a file."
    ),
    cache: Path | None = typer.Option(
        None, "--cache", help="Cache folder (default: $XDG_CACHE_HOME/mmdiag or ~/.cache/mmdiag)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    fail_on: str | None = typer.Option(
        None, "--fail-on", help="Which incidents fail: unrecovered (default) or any."
    ),
    layout: str = _LAYOUT,
    strict: bool = _STRICT,
    config: Path | None = _CONFIG,
    min_window: float | None = _MIN_WINDOW,
    max_gap: float | None = _MAX_GAP,
    startup: float | None = _STARTUP,
    method: str | None = _METHOD,
    quiet: bool = _QUIET,
) -> None:
    """Every bot's logs at once: a table per bot and day, and Parquet tables for SQL engines."""
    from mmdiag.fleet.command import Options, run_command

    if output_format not in ("table", "parquet"):
        fail(f"unknown format {output_format!r}: choose from table, parquet")
    if output_format == "parquet" and output is None:
        fail("--format parquet writes a folder of tables: give it with --output FOLDER")
    _check_jobs(jobs)
    settings = _settings(config, min_window, max_gap, method, fail_on, {}, startup)
    console = _Console(highlight=False, soft_wrap=True)
    errors = _Console(stderr=True, highlight=False, soft_wrap=True)
    options = Options(
        folder, settings, jobs, output_format, output, cache, no_cache, layout, strict, quiet
    )
    code = run_command(options, console, errors)
    if code:
        raise SystemExit(code)


class _Lines:
    """`check`'s standard output. When its reader goes away (`mmdiag check logs/ | head -1`),
    check goes on without printing: its exit code (0, or 1 for a failing incident) is still
    its answer, and CI may read it (`set -o pipefail`)."""

    def __init__(self) -> None:
        self.gone = False

    def say(self, line: str) -> None:
        if self.gone:
            return
        try:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            self.gone = True
            _quiet_stdout()


_PROFILE_FLAGS = {
    "kappa": "kappa",
    "sigma": "sigma",
    "gamma": "gamma",
    "kelly_fraction": "kelly_fraction",
    "fees_bps": "fees_bps",
    "as_touch_bps": "as_at_touch_bps",
    "as_decay_bps": "as_decay_bps",
    "alpha_touch": "kelly_alpha_touch",
    "alpha_decay_bps": "kelly_alpha_decay_bps",
    "kelly_tau": "kelly_time_horizon",
    "target_liquidity": "target_liquidity_cfg",
    "max_position": "max_position_cfg",
}


@app.command()
def watch(
    paths: list[str] = typer.Argument(
        ..., help="Log files or folders to follow (multi-stream or rotated), or - for stdin."
    ),
    from_start: bool = typer.Option(
        False, "--from-start", help="Replay the whole file, not only the current session."
    ),
    output_format: str = typer.Option("text", "--format", help="text, or json (JSON lines)."),
    exec_command: str | None = typer.Option(
        None, "--exec", help="Run this shell command for each alert, its JSON on stdin."
    ),
    exec_timeout: float = typer.Option(10.0, "--exec-timeout", help="Seconds an --exec may run."),
    exit_on: str = typer.Option(
        "never", "--exit-on", help="fail: exit 1 at the first incident failing --fail-on."
    ),
    fail_on: str | None = typer.Option(
        None, "--fail-on", help="Which incidents fail: unrecovered (default) or any."
    ),
    poll: float = typer.Option(0.5, "--poll", help="Seconds between two looks at the files."),
    once: bool = typer.Option(
        False, "--once", help="Read what is there, say it, and stop (for cron and scripts)."
    ),
    layout: str = _LAYOUT,
    config: Path | None = _CONFIG,
    min_window: float | None = _MIN_WINDOW,
    max_gap: float | None = _MAX_GAP,
    startup: float | None = _STARTUP,
    method: str | None = _METHOD,
) -> None:
    """Follow the running bot's log: say when a side stops quoting, why, and when it is back."""
    from mmdiag.live import Watch
    from mmdiag.report import alerts as render

    if output_format not in ("text", "json"):
        fail(f"unknown format {output_format!r}: choose from text, json")
    if exit_on not in ("never", "fail"):
        fail(f"unknown --exit-on {exit_on!r}: choose from never, fail")
    if not 0.01 <= poll <= 60:
        fail(f"--poll must be from 0.01 to 60 seconds, got {poll!r}")
    if not 0 < exec_timeout <= 3600:
        fail(f"--exec-timeout must be from 0 to 3600 seconds, got {exec_timeout!r}")
    settings = _settings(config, min_window, max_gap, method, fail_on, {}, startup)
    watcher = Watch(paths, settings, layout=layout, from_start=from_start)
    errors = _Console(stderr=True, highlight=False, soft_wrap=True)
    sinks: list[render.Sink] = [
        render.JsonSink(sys.stdout)
        if output_format == "json"
        else render.TextSink(_Console(highlight=False, soft_wrap=True))
    ]
    if exec_command:
        sinks.append(render.ExecSink(exec_command, exec_timeout, render.TextSink(errors)))
    stop = _stop_on_signals()
    code = 0
    try:
        while not stop.is_set():
            for alert in watcher.step():
                for sink in sinks:
                    sink.send(alert)
                if exit_on == "fail" and alert.fails:
                    stop.set()
                    code = 1
            if once:
                for alert in watcher.step() + watcher.step():  # the quiet polls' last record
                    for sink in sinks:
                        sink.send(alert)
                break
            if watcher.input_ended:
                for alert in watcher.end_of_log():
                    for sink in sinks:
                        sink.send(alert)
                break
            stop.wait(poll)
    finally:
        watcher.finish()
    print(watcher.summary(), file=sys.stderr)  # not after an error: that is its one line
    if code:
        raise SystemExit(code)


def _stop_on_signals() -> threading.Event:
    """SIGINT and SIGTERM end the watch cleanly (with its summary line)."""
    stop = threading.Event()

    def handler(signum: int, frame: object) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)
    return stop


@app.command()
def replay(
    ctx: typer.Context,
    price: float = typer.Option(..., "--price", help="Mid price, USD."),
    capacity: float | None = typer.Option(
        None, "--capacity", help="The side's capacity, coins (not needed with --sweep)."
    ),
    levels: int = typer.Option(5, "--levels", help="Ladder levels."),
    min_notional: float = typer.Option(10.0, "--min-notional", help="Exchange minimum, USD."),
    min_level_size: float = typer.Option(0.001, "--min-level-size", help="min_level_size, coins."),
    margin: float | None = typer.Option(None, "--margin", help="Available margin, USD."),
    leverage: float = typer.Option(10.0, "--leverage", help="Leverage."),
    sz_decimals: int = typer.Option(5, "--sz-decimals", help="The asset's size decimals."),
    price_decimals: int = typer.Option(1, "--price-decimals", help="The asset's price decimals."),
    side: str = typer.Option("bid", "--side", help="bid or ask."),
    coin: str = typer.Option("BTC", "--coin", help="The coin's name, for units."),
    method: str = typer.Option(
        "kelly", "--method", help="kelly (the bot's default) or proportional."
    ),
    depths: str | None = typer.Option(
        None, "--depths", help="Level depths in bps, best first, comma-separated."
    ),
    kappa: float | None = typer.Option(None, "--kappa", help="Profile: fill intensity kappa."),
    sigma: float | None = typer.Option(None, "--sigma", help="Profile: volatility per second."),
    gamma: float | None = typer.Option(None, "--gamma", help="Profile: risk aversion."),
    kelly_fraction: float | None = typer.Option(None, "--kelly-fraction", help="Profile."),
    fees_bps: float | None = typer.Option(None, "--fees-bps", help="Profile: fees, bps."),
    as_touch_bps: float | None = typer.Option(
        None, "--as-touch-bps", help="Profile: adverse selection at the touch, bps."
    ),
    as_decay_bps: float | None = typer.Option(
        None, "--as-decay-bps", help="Profile: adverse selection decay depth, bps."
    ),
    alpha_touch: float | None = typer.Option(None, "--alpha-touch", help="Profile: Kelly."),
    alpha_decay_bps: float | None = typer.Option(None, "--alpha-decay-bps", help="Profile."),
    kelly_tau: float | None = typer.Option(None, "--kelly-tau", help="Profile: Kelly horizon, s."),
    target_liquidity: float | None = typer.Option(
        None, "--target-liquidity", help="Generator: target_liquidity config, coins (0.01)."
    ),
    max_position: float | None = typer.Option(
        None, "--max-position", help="Generator: max_position config, coins (0.05)."
    ),
    sweep: str | None = typer.Option(
        None, "--sweep", help="capacity: the capacity each version needs to quote 1..N levels."
    ),
    sizing_version: list[str] = typer.Option(
        [],
        "--version",
        help="Replay this sizing version of the bot (repeatable; names: mmdiag versions).",
    ),
    every_version: bool = typer.Option(
        False, "--every-version", help="Also replay every sizing version of the bot."
    ),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
) -> None:
    """Replay both optimizer versions on a state given by hand; or sweep the capacity; or any
    sizing version of the bot (--version, --every-version)."""
    from mmdiag.profile import ProfileParams
    from mmdiag.replay import ReplayInputs, sweep_capacity
    from mmdiag.replay import replay as run_replay
    from mmdiag.report import replay as render

    if output_format not in ("text", "json"):
        fail(f"unknown format {output_format!r}: choose from text, json")
    if sweep not in (None, "capacity"):
        fail(f"--sweep {sweep!r}: only 'capacity' can be swept")
    if capacity is None and sweep is None:
        fail("give --capacity (the side's capacity in coins), or --sweep capacity")
    profile_values = {
        "kappa": kappa,
        "sigma": sigma,
        "gamma": gamma,
        "kelly_fraction": kelly_fraction,
        "fees_bps": fees_bps,
        "as_touch_bps": as_touch_bps,
        "as_decay_bps": as_decay_bps,
        "alpha_touch": alpha_touch,
        "alpha_decay_bps": alpha_decay_bps,
        "kelly_tau": kelly_tau,
        "target_liquidity": target_liquidity,
        "max_position": max_position,
    }
    if margin is None and (target_liquidity is not None or max_position is not None):
        fail("--target-liquidity and --max-position model the ladder generator: give --margin")
    chosen: dict[str, Any] = {
        _PROFILE_FLAGS[k]: v for k, v in profile_values.items() if v is not None
    }
    if depths is not None:
        try:
            chosen["depths"] = tuple(float(d) for d in depths.split(",") if d.strip())
        except ValueError:
            fail(f"--depths {depths!r}: give numbers in bps separated by commas")
    try:
        params = ProfileParams(**chosen) if chosen else None
        inputs = ReplayInputs(
            price=price,
            side_capacity=capacity if capacity is not None else 0.0,
            levels=levels,
            min_notional=min_notional,
            min_level_size=min_level_size,
            sz_decimals=sz_decimals,
            leverage=leverage,
            margin=margin,
            side=side,
            price_decimals=price_decimals,
            coin=coin,
        )
        problems = inputs.problems()
        if problems:
            fail("; ".join(problems))
        if sweep is not None:
            swept = sweep_capacity(inputs, method, params)
        else:
            result = run_replay(inputs, method, params, model_generator=margin is not None)
        rows = (
            render.version_rows(inputs, method, sizing_version or None)
            if sizing_version or every_version
            else []
        )
    except ValueError as exc:
        fail(str(exc))
    if sweep is not None and rows:
        fail("--sweep and --version/--every-version are separate: give one")
    sources = {name: _source(ctx, name) for name in _REPLAY_INPUTS}
    method_source = "flag" if _source(ctx, "method") == "flag" else "default: the bot's"
    with open_output(output) as out:
        console = _Console(
            file=out, highlight=False, soft_wrap=True, width=None if out.isatty() else 120
        )
        if sweep is not None:
            if output_format == "json":
                render.sweep_json(swept, {**sources, "method": method_source}, out)
            else:
                render.render_sweep(swept, sources, console, method_source)
        elif sizing_version:
            if output_format == "json":
                render.write_versions_json(rows, inputs, {**sources, "method": method_source}, out)
            else:
                render.render_version_inputs(inputs, sources, console, method_source)
                render.render_versions(rows, inputs, console)
        elif output_format == "json":
            render.write_json(result, {**sources, "method": method_source}, out, rows)
        else:
            render.render_text(result, sources, console, method_source)
            if rows:
                render.render_versions(rows, inputs, console)


_REPLAY_INPUTS = (
    "price",
    "side_capacity",
    "levels",
    "min_notional",
    "min_level_size",
    "sz_decimals",
    "leverage",
    "margin",
)


def _source(ctx: typer.Context, name: str) -> str:
    """`flag` when the user typed the option, else `default`."""
    param = "capacity" if name == "side_capacity" else name
    source = ctx.get_parameter_source(param)
    return "flag" if source is not None and source.name == "COMMANDLINE" else "default"


INTERRUPTED = 130
"""The exit code after Ctrl-C (128 + SIGINT), as shells give it."""


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `mmdiag: message` on one line to stderr and exit."""
    one_line = " ".join(message.split())
    print(f"mmdiag: {one_line}", file=sys.stderr)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and turns every error into one line."""
    pacified = isinstance(sys.stdout, PacifyFlushWrapper)
    try:
        code = app(args=argv, prog_name="mmdiag", standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError as exc:
        print(exc.format_message(), file=sys.stderr)
        raise SystemExit(2) from None
    except click_exceptions.ClickException as exc:
        fail(exc.format_message())
    except MmdiagError as exc:
        fail(str(exc), exc.exit_code)
    except (BrokenPipeError, _ReaderGone):
        # The reader went away (`mmdiag events ... | head`): not an error worth a message.
        _quiet_stdout()
        raise SystemExit(0) from None
    except SystemExit as exc:
        if exc.code == 1 and not pacified and isinstance(sys.stdout, PacifyFlushWrapper):
            # typer's own answer to a broken pipe while it printed (the help) is exit 1.
            _quiet_stdout()
            raise SystemExit(0) from None
        raise
    except KeyboardInterrupt:  # while the arguments were read
        fail("interrupted", INTERRUPTED)
    except Exception as exc:
        if os.environ.get("MMDIAG_DEBUG"):
            raise
        fail(
            f"internal error ({type(exc).__name__}: {exc}); rerun with MMDIAG_DEBUG=1 and report it"
        )
    if code == INTERRUPTED:  # typer's answer to Ctrl-C in a command, which no command gives
        fail("interrupted", INTERRUPTED)
    raise SystemExit(code if isinstance(code, int) else 0)


@app.command("versions")
def versions_command(
    output_format: str = typer.Option("text", "--format", help="text or json."),
    seed_table_wanted: bool = typer.Option(
        False, "--seed-table", help="The seed's scenarios replayed by every version."
    ),
    long: bool = typer.Option(False, "--long", help="Say what each version does."),
) -> None:
    """List the bot's sizing versions mmdiag replays: name, commit, releases, path."""
    from mmdiag.report.replay import (
        render_seed_table,
        render_version_list,
        seed_table,
        version_list_json,
    )

    if output_format not in ("text", "json"):
        fail(f"unknown format {output_format!r}: choose from text, json")
    with open_output(None) as out:
        if seed_table_wanted and output_format == "json":
            json.dump(seed_table(), out, indent=2)
            out.write("\n")
        elif seed_table_wanted:
            render_seed_table(_Console(file=out, highlight=False, soft_wrap=True, width=120))
        elif output_format == "json":
            json.dump(version_list_json(), out, indent=2)
            out.write("\n")
        else:
            # Piped, rich would fit the table to 80 columns and cut the dates and commits.
            width = None if out.isatty() else 120
            render_version_list(_Console(file=out, highlight=False, soft_wrap=True, width=width))


# Every command: a reader that goes away ends it quietly (`main`), whatever wrote last.
for _info in app.registered_commands:
    if _info.callback is not None:
        _info.callback = _reader_may_go(_info.callback)
