"""``timeback users|classes|enrollments list|get|changes|upsert``: everyday OneRoster work.

Each family is one `RecordFamily` row (where its collection is on the client, its default
columns); `record_group` turns a row into a command group with ``list`` and ``get`` commands
(here) and ``changes`` and ``upsert`` (`timeback_core._cli._record_writes`), so the three
families behave the same and a fourth is one more row.

Option names follow the SDK's list parameters (``--filter``, ``--fields``, ``--sort``,
``--order``, ``--search``, ``--offset``, ``--max-items``). The SDK's ``limit`` (records per
request) is ``--page-size`` here, a name no one can misread; ``--limit`` itself is refused with a
message naming both, because it means "total" in some tools and "page size" in the SDK.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from timeback_core._cli._connection import Connection, connection_options
from timeback_core._cli._output import (
    make_writer,
    print_record,
    progress_bars,
    progress_option,
    progress_wanted,
    records_format_option,
    write_records,
)
from timeback_core._cli._record_writes import add_write_and_change_commands

if TYPE_CHECKING:
    from timeback_core import SyncTimebackClient

__all__ = ["FAMILIES", "RecordFamily", "record_group"]


@dataclass(frozen=True)
class RecordFamily:
    """One OneRoster collection offered by the command line.

    Attributes:
        name: The command group and the collection, plural (``users``).
        singular: One record (``user``).
        collection: The collection on a client (``client.oneroster.users``).
        columns: Default columns of ``table`` and ``csv``.
    """

    name: str
    singular: str
    collection: Callable[[SyncTimebackClient], Any]
    columns: tuple[str, ...]


FAMILIES: tuple[RecordFamily, ...] = (
    RecordFamily(
        "users",
        "user",
        lambda client: client.oneroster.users,
        ("sourcedId", "givenName", "familyName", "email", "roles", "status"),
    ),
    RecordFamily(
        "classes",
        "class",
        lambda client: client.oneroster.classes,
        ("sourcedId", "title", "classCode", "classType", "course", "school", "status"),
    ),
    RecordFamily(
        "enrollments",
        "enrollment",
        lambda client: client.oneroster.enrollments,
        ("sourcedId", "role", "primary", "user", "class", "beginDate", "endDate", "status"),
    ),
)


def _field_list(value: str | None) -> list[str] | None:
    if value is None:
        return None
    fields = [part.strip() for part in value.split(",") if part.strip()]
    if not fields:
        raise click.BadParameter("give at least one field name", param_hint="'--fields'")
    return fields


def _fields_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--fields",
        metavar="A,B,...",
        help="Only these members (camelCase, as on the wire); also the table/csv columns.",
    )(command)


def _refuse_limit(context: click.Context, parameter: click.Parameter, value: object) -> None:
    """``--limit`` is ambiguous (total records or records per request): say which to use."""
    if value is not None:
        raise click.UsageError(
            "--limit is ambiguous: use --max-items N to stop after N records in all, or "
            "--page-size N for N records per request",
            ctx=context,
        )


def _expected_count(total: int | None, offset: int | None, max_items: int | None) -> int | None:
    """How many records a listing will deliver, once the platform reported its total."""
    if total is None:
        return None
    remaining = max(total - (offset or 0), 0)
    return remaining if max_items is None else min(remaining, max_items)


def record_group(family: RecordFamily) -> click.Group:
    """The ``list`` / ``get`` command group of one record family.

    Args:
        family: The family.

    Returns:
        The click group.
    """

    @click.group(
        name=family.name,
        help=f"List, read, follow and write OneRoster {family.name}.",
        no_args_is_help=True,
    )
    def group() -> None:
        pass

    @group.command(name="list")
    @click.option(
        "--filter",
        "filter_",
        metavar="EXPR",
        help="OneRoster filter, e.g. \"status='active' AND familyName~'smi'\".",
    )
    @_fields_option
    @click.option("--sort", metavar="FIELD", help="Sort by this member, e.g. familyName.")
    @click.option(
        "--order",
        type=click.Choice(["asc", "desc"]),
        help="Sort order (default asc).",
    )
    @click.option("--search", metavar="TEXT", help="Free-text search (Timeback extension).")
    @click.option(
        "--offset", type=click.IntRange(min=0), help="Skip this many records first (default 0)."
    )
    @click.option(
        "--max-items",
        "-n",
        "max_items",
        type=click.IntRange(min=1),
        metavar="N",
        help="Stop after N records in all (default: all of them).",
    )
    @click.option(
        "--limit",
        "ambiguous_limit",
        hidden=True,
        expose_value=False,
        callback=_refuse_limit,
        help="Refused: use --max-items or --page-size.",
    )
    @click.option(
        "--page-size",
        type=click.IntRange(min=1),
        metavar="N",
        help="Records per request (default 100, at most 3000).",
    )
    @records_format_option
    @progress_option
    @connection_options
    def list_command(
        filter_: str | None,
        fields: str | None,
        sort: str | None,
        order: str | None,
        search: str | None,
        offset: int | None,
        max_items: int | None,
        page_size: int | None,
        output_format: str,
        progress: bool | None,
        connection: Connection,
    ) -> None:
        field_names = _field_list(fields)
        params: dict[str, Any] = {
            "filter": filter_,
            "fields": field_names,
            "sort": sort,
            "order_by": order,
            "search": search,
            "offset": offset,
            "limit": page_size,
            "max_items": max_items,
        }
        with connection.client() as client:
            paginator = family.collection(client).list(
                **{key: value for key, value in params.items() if value is not None}
            )
            writer = make_writer(output_format, field_names or family.columns, family.name)

            show = progress_wanted(progress, streams_to_stdout=output_format != "table")
            with progress_bars(show, transient=True) as bars:
                on_progress = bars.bar(f"fetching {family.name}")

                def advance(count: int) -> None:
                    on_progress(count, _expected_count(paginator.total, offset, max_items))

                write_records(paginator, writer, on_record=advance)
        writer.close()  # after the bar is gone: a table is printed only now

    list_command.help = (
        f"List {family.name}, streaming page by page.\n\n"
        f"Records go to stdout; messages and the progress bar to stderr."
    )

    @group.command(name="get")
    @click.argument("sourced_id", metavar="SOURCED_ID")
    @_fields_option
    @records_format_option
    @connection_options
    def get_command(
        sourced_id: str, fields: str | None, output_format: str, connection: Connection
    ) -> None:
        field_names = _field_list(fields)
        with connection.client() as client:
            options: dict[str, Sequence[str]] = {"fields": field_names} if field_names else {}
            record = family.collection(client).get(sourced_id, **options)
        print_record(record, output_format, field_names)

    get_command.help = (
        f"Show one {family.singular} by its sourcedId (exit code 4 when there is none)."
    )
    add_write_and_change_commands(group, family)
    return group
