"""``timeback users|classes|enrollments changes|upsert``: incremental reads and bulk writes.

``changes --since INSTANT`` streams every record changed at or after an instant (soft deletes
included, as records with status ``tobedeleted``) and ends by printing on stderr the mark to pass
as ``--since`` next time. ``upsert FILE`` creates or replaces the records of a JSON, JSON Lines
(one record a line) or ``--format json`` file of ``timeback ... list``, by their ``sourcedId``,
several at once, and reports each failure without stopping the others.

Both show a progress bar on stderr, driven by the SDK's ``on_progress(done, total)`` callback:
the change feed knows its total from the platform's first answer, a bulk write from the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import IO, TYPE_CHECKING, Any

import click

from timeback_core._cli._connection import Connection, connection_options
from timeback_core._cli._exit import EXIT_API_ERROR, exit_code_for
from timeback_core._cli._output import (
    ProgressCallback,
    make_writer,
    progress_bars,
    progress_option,
    progress_wanted,
    read_json_document,
    record_list,
    records_format_option,
    stdout_console,
    text_or_json_option,
    write_records,
)

if TYPE_CHECKING:
    from timeback_core import SyncTimebackClient
    from timeback_core._cli._records import RecordFamily

__all__ = ["add_write_and_change_commands", "parse_instant"]


_FRACTION = re.compile(r"(?<=\d\d:\d\d:\d\d)\.\d+")


def parse_instant(value: str) -> datetime:
    """An ISO 8601 date or date and time; without a UTC offset it is UTC.

    Args:
        value: ``2026-01-31``, ``2026-01-31T08:00:00Z``, ``2026-01-31T08:00:00+02:00``...

    Returns:
        The instant, timezone-aware.

    Raises:
        click.BadParameter: ``value`` is not such a date.
    """
    text = value.strip()
    # Python 3.10's fromisoformat reads neither "Z" nor fractions other than 3 or 6 digits.
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    text = _FRACTION.sub(lambda match: (match.group(0) + "00000")[:7], text, count=1)
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 date or date and time (e.g. 2026-01-31 or "
            "2026-01-31T08:00:00Z)",
            param_hint="'--since'",
        ) from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=timezone.utc)


@contextmanager
def _client_and_bar(
    connection: Connection, progress: bool | None, description: str, streams_to_stdout: bool
) -> Iterator[tuple[SyncTimebackClient, ProgressCallback]]:
    """A client, and the ``on_progress`` of one bar (shown as `progress_wanted` decides)."""
    show = progress_wanted(progress, streams_to_stdout=streams_to_stdout)
    with connection.client() as client, progress_bars(show) as bars:
        yield client, bars.bar(description)


def add_write_and_change_commands(group: click.Group, family: RecordFamily) -> None:
    """Add ``changes`` and ``upsert`` to the command group of one record family.

    Args:
        group: The family's group (from `timeback_core._cli._records.record_group`).
        family: Its `RecordFamily`.
    """

    @group.command(name="changes")
    @click.option(
        "--since",
        required=True,
        metavar="INSTANT",
        help="Records changed at or after this ISO 8601 instant (UTC unless it has an offset).",
    )
    @click.option(
        "--filter",
        "filter_",
        metavar="EXPR",
        help="Also require this OneRoster filter (a deletion it excludes is not seen).",
    )
    @click.option(
        "--page-size",
        type=click.IntRange(1, 3000),
        default=500,
        show_default=True,
        metavar="N",
        help="Records per request.",
    )
    @records_format_option
    @progress_option
    @connection_options
    def changes_command(
        since: str,
        filter_: str | None,
        page_size: int,
        output_format: str,
        progress: bool | None,
        connection: Connection,
    ) -> None:
        start = parse_instant(since)
        writer = make_writer(output_format, family.columns, family.name)
        streams = output_format != "table"
        with _client_and_bar(connection, progress, f"changed {family.name}", streams) as (
            client,
            on_progress,
        ):
            feed = family.collection(client).changes_since(
                start, filter=filter_, page_size=page_size, on_progress=on_progress
            )
            write_records(feed, writer)
        writer.close()
        mark = feed.high_water_mark.isoformat().replace("+00:00", "Z")
        click.echo(f"next --since: {mark}", err=True)

    changes_command.help = (
        f"Stream the {family.name} changed since an instant, deletions included.\n\n"
        "Records come oldest change first; the mark to pass as --since next time is printed "
        "on stderr at the end (records at exactly that instant may come again)."
    )

    @group.command(name="upsert")
    @click.argument("file", type=click.File("r", encoding="utf-8"))
    @click.option(
        "--concurrency",
        type=click.IntRange(min=1),
        default=4,
        show_default=True,
        metavar="N",
        help="Requests in flight at most.",
    )
    @click.option(
        "--stop-on-error",
        is_flag=True,
        help="Send nothing more after the first failure (the rest is reported as skipped).",
    )
    @text_or_json_option
    @progress_option
    @connection_options
    def upsert_command(
        file: IO[str],
        concurrency: int,
        stop_on_error: bool,
        output_format: str,
        progress: bool | None,
        connection: Connection,
    ) -> None:
        source = "stdin" if file.name in ("-", "<stdin>") else file.name
        expected = "a JSON array of records, one record, or JSON Lines"
        document = read_json_document(file, source)
        records = record_list(document, source, f"{family.name}: expected {expected}")
        with _client_and_bar(connection, progress, f"upserting {family.name}", False) as (
            client,
            on_progress,
        ):
            report = family.collection(client).bulk_upsert(
                records,
                concurrency=concurrency,
                stop_on_error=stop_on_error,
                on_progress=on_progress,
            )
        _print_report(report, family.name, output_format)
        failed = report.failed
        if failed:
            error = failed[0].error
            raise SystemExit(EXIT_API_ERROR if error is None else exit_code_for(error))

    upsert_command.help = (
        f"Create or replace the {family.name} in FILE by their sourcedId (- for stdin).\n\n"
        "FILE holds a JSON array of records (as `list --format json` prints them), one record, "
        "or JSON Lines. Every record is sent even when others fail; the exit code is that of "
        "the first failure (0 when all succeeded)."
    )


def _print_report(report: Any, noun: str, output_format: str) -> None:
    succeeded = report.succeeded
    created = sum(1 for item in succeeded if item.created is True)
    replaced = sum(1 for item in succeeded if item.created is False)
    failures = [
        {
            "index": item.index,
            "sourcedId": item.sourced_id,
            "error": type(item.error).__name__,
            "message": str(item.error),
        }
        for item in report.failed
    ]
    if output_format == "json":
        summary = {
            "ok": report.ok,
            "items": len(report),
            "succeeded": len(succeeded),
            "created": created,
            "replaced": replaced,
            "failed": failures,
            "skipped": len(report.skipped),
        }
        click.echo(json.dumps(summary))
        return
    console = stdout_console()
    mark = "[bold green]OK[/bold green]" if report.ok else "[bold red]FAILED[/bold red]"
    console.print(
        f"{mark} {len(succeeded)} of {len(report)} {noun} upserted ({created} created, "
        f"{replaced} replaced, {len(failures)} failed, {len(report.skipped)} skipped)",
        highlight=False,
        markup=True,
    )
    for failure in failures:
        console.print(
            f"  item {failure['index']} ({failure['sourcedId']}): {failure['error']}: "
            f"{failure['message']}",
            highlight=False,
            markup=False,
        )
