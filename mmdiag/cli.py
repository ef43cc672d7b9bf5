"""Command-line entry point: typer commands only.

Each command parses its arguments, calls one function of the library, picks a renderer and
returns an exit code. Errors a user can act on are `MmdiagError`s and print as one line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

# typer >= 0.29 vendors click; its exception types are what `standalone_mode=False` raises.
from typer._click import exceptions as click_exceptions

from mmdiag import __version__
from mmdiag.catalog import KIND_NAMES
from mmdiag.errors import MmdiagError
from mmdiag.output import open_output

KIND_HELP = ", ".join(KIND_NAMES)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Diagnose why a Hyperliquid market maker stopped quoting, from its tracing logs.",
)


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


def _split_kinds(kinds: list[str] | None) -> list[str] | None:
    if not kinds:
        return None
    return [k.strip() for item in kinds for k in item.split(",") if k.strip()]


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
    since: str | None = typer.Option(None, "--since", help="Only events at or after (RFC 3339)."),
    until: str | None = typer.Option(None, "--until", help="Only events before (RFC 3339)."),
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
    from mmdiag.events import load_events
    from mmdiag.report import events as render

    if output_format not in render.FORMATS:
        fail(f"unknown format {output_format!r}: choose from {', '.join(render.FORMATS)}")
    log = load_events(paths, _split_kinds(kind), level, since, until, layout=layout, strict=strict)
    if limit is None and output_format == "table":
        limit = 200
    if limit:
        log = replace(log, events=log.events.head(limit)) if output_format != "table" else log
    with open_output(output, binary=output_format == "parquet") as out:
        if output_format == "json":
            render.write_json(log, out)
        elif output_format == "csv":
            render.write_csv(log, out)
        elif output_format == "parquet":
            render.write_parquet(log, out)
        else:
            console = Console(file=out, highlight=False, soft_wrap=False)
            render.render_table(log, console, limit or None)
    if not quiet and output_format != "json":
        for line in render.inputs_text(log.inputs):
            print(line, file=sys.stderr)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `mmdiag: message` on one line to stderr and exit."""
    one_line = " ".join(message.split())
    print(f"mmdiag: {one_line}", file=sys.stderr)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and turns every error into one line."""
    try:
        code = app(args=argv, prog_name="mmdiag", standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError as exc:
        print(exc.format_message(), file=sys.stderr)
        raise SystemExit(2) from None
    except click_exceptions.ClickException as exc:
        fail(exc.format_message())
    except MmdiagError as exc:
        fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        # The reader went away (`mmdiag events ... | head`): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:
        if os.environ.get("MMDIAG_DEBUG"):
            raise
        fail(
            f"internal error ({type(exc).__name__}: {exc}); rerun with MMDIAG_DEBUG=1 and report it"
        )
    raise SystemExit(code if isinstance(code, int) else 0)
