"""The ``timeback`` command group: its subcommands, and SDK errors turned into exit codes."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from timeback_common import TimebackError
from timeback_core._cli._auth import auth_group
from timeback_core._cli._demo import demo_command
from timeback_core._cli._emulator import emulator_group
from timeback_core._cli._events import events_group
from timeback_core._cli._exit import (
    EXIT_BROKEN_PIPE,
    EXIT_HELP,
    EXIT_INTERRUPTED,
    report_error,
)
from timeback_core._cli._health import health_command
from timeback_core._cli._records import FAMILIES, record_group
from timeback_core._cli._sync import sync_group
from timeback_core._cli._webhooks import webhooks_group

__all__ = ["cli"]


class TimebackGroup(click.Group):
    """A click group that ends a failed SDK call with a one-line message and its exit code.

    Tracebacks are for bugs: an error the SDK raises on purpose (a `TimebackError`) is printed
    as ``Error: <ErrorClass>: <message>`` on stderr, with the request id when there was a
    request, and the process exits with the code `timeback_core._cli._exit` assigns to it.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimebackError as error:
            report = report_error(error)
            click.echo(f"Error: {report.lines[0]}", err=True)
            for line in report.lines[1:]:
                click.echo(line, err=True)
            ctx.exit(report.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`| head`). Point stdout at devnull so that the interpreter's
            # final flush does not fail a second time and print a traceback.
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


@click.group(
    cls=TimebackGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_HELP,
)
@click.version_option(package_name="timeback-core", prog_name="timeback")
def cli() -> None:
    """The Timeback platform from the command line: OneRoster, Edubridge and Caliper.

    \b
    Start here:   timeback demo
    Credentials:  --env / --base-url, --auth-url, --client-id, --client-secret
                  or TIMEBACK_ENV, TIMEBACK_BASE_URL, TIMEBACK_TOKEN_URL,
                  TIMEBACK_CLIENT_ID, TIMEBACK_CLIENT_SECRET
    """


cli.add_command(demo_command)
for _family in FAMILIES:
    cli.add_command(record_group(_family))
cli.add_command(events_group)
cli.add_command(auth_group)
cli.add_command(emulator_group)
cli.add_command(sync_group)
cli.add_command(webhooks_group)
cli.add_command(health_command)
