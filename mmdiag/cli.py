"""Command-line entry point: typer commands only.

Each command parses its arguments, calls one function of the library, picks a renderer and
returns an exit code. Errors a user can act on are `MmdiagError`s and print as one line.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import typer

# typer >= 0.29 vendors click; its exception types are what `standalone_mode=False` raises.
from typer._click import exceptions as click_exceptions

from mmdiag import __version__
from mmdiag.errors import MmdiagError

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
