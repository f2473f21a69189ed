"""``timeback sync``: keep a roster mirror in a local database (the ``timeback-sync`` package).

``run`` brings the mirror up to date (``--watch`` again every ``--interval`` seconds, until
Ctrl-C), ``status`` shows each collection's mark, last run and row count against the
platform's total, ``conflicts`` lists the local changes that met a newer platform version and
settles them. Every batch a run applies is committed with its mark, so stopping a run at any
moment loses nothing: the next one resumes there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from timeback_core._cli._connection import Connection, connection_options
from timeback_core._cli._output import (
    ProgressBars,
    ProgressCallback,
    progress_bars,
    progress_option,
    progress_wanted,
    records_console,
    seconds_option,
)

if TYPE_CHECKING:
    from timeback_sync import RunSummary, SyncRosterMirror

__all__ = ["SYNC_INSTALL_COMMAND", "SyncNotInstalled", "sync_group"]

SYNC_INSTALL_COMMAND = "pip install 'timeback-core[cli,sync]'"
"""The command that installs the mirror next to the command line (for PostgreSQL also
``pip install 'timeback-sync[postgresql]'``)."""


class SyncNotInstalled(click.ClickException):
    """The command needs ``timeback-sync``, which is not installed (exit code 2)."""

    exit_code = 2


def _require_sync(command: str) -> Any:
    try:
        import timeback_sync
    except ImportError as error:
        if error.name != "timeback_sync":
            raise
        raise SyncNotInstalled(
            f"{command} keeps a roster mirror with timeback-sync, which is not installed. "
            f"Install it with:\n  {SYNC_INSTALL_COMMAND}"
        ) from None
    return timeback_sync


def _collections(value: Sequence[str]) -> list[str] | None:
    names = [name.strip() for item in value for name in item.split(",") if name.strip()]
    return names or None


_DB_OPTION = click.option(
    "--db",
    "db_url",
    envvar="TIMEBACK_SYNC_DB",
    required=True,
    metavar="URL",
    help="Database URL: sqlite:///roster.db or postgresql+psycopg://user:pass@host/db "
    "(or TIMEBACK_SYNC_DB).",
)


@click.group(
    name="sync",
    help="Keep a mirror of the roster in your own database (needs timeback-sync).",
    no_args_is_help=True,
)
def sync_group() -> None:
    pass


def _bar_per_collection(bars: ProgressBars) -> Callable[[str, int, int | None], None]:
    """The mirror's ``progress(collection, done, total)``: one bar per collection."""
    collection_bars: dict[str, ProgressCallback] = {}

    def update(collection: str, done: int, total: int | None) -> None:
        if collection not in collection_bars:
            collection_bars[collection] = bars.bar(collection)
        collection_bars[collection](done, total)

    return update


def _summary_table(summary: RunSummary) -> Table:
    table = Table(title=f"run {summary.run_id}")
    for column in ("collection", "kind", "added", "updated", "deleted", "unchanged", "seconds"):
        table.add_column(column, justify="left" if column in ("collection", "kind") else "right")
    for run in summary.collections:
        table.add_row(
            run.collection,
            run.kind,
            str(run.added),
            str(run.updated),
            str(run.deleted),
            str(run.unchanged),
            f"{run.seconds:.2f}",
        )
    return table


@sync_group.command(name="run")
@_DB_OPTION
@click.option(
    "--collections",
    multiple=True,
    metavar="NAMES",
    help="Only these collections (comma-separated or repeated; default: all).",
)
@click.option("--full", is_flag=True, help="Pull every collection whole again (a resync).")
@click.option(
    "--force",
    is_flag=True,
    help="Apply a full pull even if the fail-safe refuses it (it would remove too many rows, "
    "or its count differs from the platform's total).",
)
@click.option("--watch", is_flag=True, help="Run again every --interval seconds, until Ctrl-C.")
@seconds_option("--interval", 300.0, "Time between two runs with --watch.")
@progress_option
@connection_options
def run_command(
    db_url: str,
    collections: Sequence[str],
    full: bool,
    force: bool,
    watch: bool,
    interval: float,
    progress: bool | None,
    connection: Connection,
) -> None:
    """Bring the mirror in --db up to date (the first run pulls everything)."""
    sync = _require_sync("timeback sync run")
    show = progress_wanted(progress, streams_to_stdout=False)
    runs = 0
    with connection.client() as client:
        mirror: SyncRosterMirror = sync.SyncRosterMirror(
            client.oneroster, db_url, collections=_collections(collections)
        )
        try:
            while True:
                with progress_bars(show) as bars:
                    summary = mirror.run(
                        full=full and runs == 0,
                        force=force,
                        progress=_bar_per_collection(bars) if show else None,
                    )
                runs += 1
                records_console().print(_summary_table(summary))
                if not watch:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            if not watch:
                raise
            # Every applied batch is committed with its mark: nothing to undo.
            click.echo(f"Stopped after {runs} run(s).", err=True)
        finally:
            mirror.close()


@sync_group.command(name="status")
@_DB_OPTION
@click.option(
    "--totals/--no-totals",
    "with_totals",
    default=True,
    show_default=True,
    help="Also ask the platform for each collection's total (one request each).",
)
@connection_options
def status_command(db_url: str, with_totals: bool, connection: Connection) -> None:
    """Marks, last runs and row counts of the mirror in --db."""
    sync = _require_sync("timeback sync status")
    totals: dict[str, Any] = {}
    mirror: SyncRosterMirror = sync.SyncRosterMirror(None, db_url)
    try:
        states = mirror.status()
        if with_totals:
            with connection.client() as client:
                for state in states:
                    name = state["collection"]
                    listing = getattr(client.oneroster, name).list(limit=1, max_items=1)
                    totals[name] = listing.first_page().total
    finally:
        mirror.close()
    table = Table()
    columns = [
        "collection",
        "mark",
        "rows",
        "platform total",
        "live",
        "last run",
        "changes",
        "seconds",
    ]
    for column in columns:
        table.add_column(column)
    for state in states:
        name = state["collection"]
        changes = sum(state.get(f"last_{k}") or 0 for k in ("added", "updated", "deleted"))
        finished = state.get("last_run_finished")
        table.add_row(
            name,
            str(state.get("mark") or "never synced"),
            str(state["rows"]),
            str(totals.get(name, "")),
            str(state["live"]),
            f"{state.get('last_run_kind')} {finished:%Y-%m-%d %H:%M:%S}" if finished else "",
            str(changes) if finished else "",
            f"{state.get('last_seconds') or 0:.2f}" if finished else "",
        )
    records_console().print(table)


@sync_group.command(name="conflicts")
@_DB_OPTION
@click.option("--all", "show_all", is_flag=True, help="Also list conflicts already settled.")
@click.option(
    "--resolve",
    "conflict_id",
    type=int,
    metavar="ID",
    help="Settle this conflict (with --winner).",
)
@click.option(
    "--winner",
    type=click.Choice(["local", "platform"]),
    help="local: push the local change at the next push; platform: drop it.",
)
def conflicts_command(
    db_url: str, show_all: bool, conflict_id: int | None, winner: str | None
) -> None:
    """List the local changes that met a newer platform version, or settle one."""
    sync = _require_sync("timeback sync conflicts")
    if (conflict_id is None) != (winner is None):
        raise click.UsageError("--resolve ID and --winner go together")
    mirror: SyncRosterMirror = sync.SyncRosterMirror(None, db_url)
    try:
        if conflict_id is not None and winner is not None:
            settled = mirror.resolve_conflict(conflict_id, winner)
            click.echo(
                f"conflict {settled.id} ({settled.collection} {settled.sourced_id}): {winner} wins"
            )
            return
        found = mirror.conflicts(unresolved_only=not show_all)
    finally:
        mirror.close()
    table = Table()
    for column in ("id", "collection", "sourced_id", "operation", "base", "platform", "resolution"):
        table.add_column(column)
    for conflict in found:
        table.add_row(
            str(conflict.id),
            conflict.collection,
            conflict.sourced_id,
            conflict.operation,
            str(conflict.base_modified or ""),
            str(conflict.platform_modified or ""),
            conflict.resolution or "undecided",
        )
    records_console().print(table)
    click.echo(f"{len(found)} conflict(s)", err=True)
