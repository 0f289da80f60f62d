"""One place that turns what stops a command into what its user reads: one line and an exit code.

Every command of the `laborstats` app runs inside `ErrorReportingGroup.invoke`, so commands raise their
errors (or `typer.Exit`) and never format tracebacks themselves. An error the user can fix (a bad
option, a missing file, a warehouse that cannot be opened) is one `error:` line and exit 1; Ctrl-C is
`interrupted` and exit 130; anything unexpected is one line naming the exception, and `--debug` (or
`LABORSTATS_DEBUG=1`) shows the traceback instead.
"""

from __future__ import annotations

import os

import click
import typer
from typer.core import TyperGroup

INTERRUPTED = 130
DEBUG_ENV = "LABORSTATS_DEBUG"


_debug_flag = False


def set_debug(on: bool) -> None:
    """Set by the app's `--debug` on every invocation (so one run's flag never leaks into the next)."""
    global _debug_flag
    _debug_flag = on


def debug_enabled() -> bool:
    return _debug_flag or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _user_errors() -> tuple[type[BaseException], ...]:
    """Errors whose message already names the file, option or source and the reason."""
    from extractors.http.urls import UrlError
    from extractors.occupations import OccupationError
    from extractors.sources import UnknownSourceError
    from flows.config import ConfigError
    from flows.fact_filters import FilterError
    from flows.refresh_checks import RefreshOptionError
    from warehouse.connection import WarehouseError
    from warehouse.diff import DiffError
    from warehouse.occupation_figures import OccupationNotFound
    from warehouse.query import QueryError

    return (
        UrlError,
        OccupationError,
        UnknownSourceError,
        ConfigError,
        WarehouseError,
        DiffError,
        QueryError,
        OccupationNotFound,
        RefreshOptionError,
        FilterError,
    )


class ErrorReportingGroup(TyperGroup):
    """The app's click group: runs the chosen command and reports what stopped it."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(INTERRUPTED) from None
        except Exception as exc:
            if debug_enabled():
                raise
            typer.echo(f"error: {describe(exc)}", err=True)
            raise typer.Exit(1) from None


def describe(exc: BaseException) -> str:
    """The one line: the message of an error meant for users; otherwise what kind of failure it was."""
    if isinstance(exc, _user_errors()):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror.lower()}"
    detail = str(exc) or "no detail"
    return f"unexpected {type(exc).__name__}: {detail} (run with --debug to see the traceback)"


def move_debug_flag_first(argv: list[str]) -> list[str]:
    """`--debug` is a global option, accepted anywhere on the command line (`refresh ... --debug`)."""
    if "--debug" not in argv[1:]:
        return argv
    return [argv[0], "--debug", *[a for a in argv[1:] if a != "--debug"]]
