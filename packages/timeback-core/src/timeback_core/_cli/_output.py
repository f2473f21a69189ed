"""Printing records: ``--format table|json|jsonl|csv`` and the progress bar of long listings.

Formats:

- ``table`` (default): a rich table for people. Nested members are shortened to what a reader
  looks for (a reference shows its ``sourcedId``, a user's roles show the role names). On a
  terminal the table fits the window; piped or redirected, every value is printed whole.
- ``json``: the records exactly as the platform sent them (camelCase members), as one JSON array
  written record by record, so a large listing streams instead of piling up in memory. ``get``
  prints one object.
- ``jsonl``: one JSON object per line, for ``jq -c``, ``grep`` and line-oriented tools.
- ``csv``: a header and one row per record, the columns of the table (or ``--fields``), nested
  members shortened as in the table.

Records go to stdout and nothing else does: messages, the progress bar and the count of a table
go to stderr, so ``timeback users list --format csv > users.csv`` writes just the data.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any, Protocol

from rich.console import Console
from rich.table import Table

__all__ = [
    "FORMATS",
    "RecordWriter",
    "cell_text",
    "listing_progress",
    "make_writer",
    "print_record",
    "records_console",
    "stderr_console",
    "stdout_console",
    "to_wire",
    "write_records",
]

FORMATS = ("table", "json", "jsonl", "csv")

# Members that name a nested object best, in order of preference.
_LABEL_KEYS = ("sourcedId", "role", "title", "name", "id", "href")


# Width of a table written to a file or a pipe: wide enough that no value is ever cut.
_UNBOUNDED_WIDTH = 1_000_000


def stdout_console() -> Console:
    """A console on the current stdout (looked up now, so that test runners can swap it)."""
    return Console(file=sys.stdout, soft_wrap=False)


def records_console() -> Console:
    """The console that prints record tables on the current stdout.

    On a terminal a table fits the window (long values are shortened with an ellipsis); written
    to a file or a pipe it is as wide as its longest row, so every value is printed whole and
    ``grep`` or ``cut`` on the output sees real ids. Only tables go here: a rule or an expanding
    panel would fill the unbounded width.
    """
    if _is_terminal(sys.stdout):
        return stdout_console()
    return Console(file=sys.stdout, soft_wrap=False, width=_UNBOUNDED_WIDTH)


def _is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # a closed or detached stream
        return False


def stderr_console() -> Console:
    """A console on the current stderr, for messages and progress."""
    return Console(file=sys.stderr)


def to_wire(record: object) -> dict[str, Any]:
    """The JSON-ready, camelCase form of an SDK model (or a dict), as the platform sent it."""
    to_wire_method = getattr(record, "to_wire", None)
    if callable(to_wire_method):
        wire: dict[str, Any] = to_wire_method()
        return wire
    dump = getattr(record, "model_dump", None)
    if callable(dump):
        dumped: dict[str, Any] = dump(mode="json", by_alias=True, exclude_unset=True)
        return dumped
    if isinstance(record, Mapping):
        return dict(record)
    raise TypeError(f"cannot print a {type(record).__name__}")


def cell_text(value: object) -> str:
    """A short, flat rendering of one member for a table cell or a CSV field.

    ``None`` is empty; a reference ``{"sourcedId": "c1", ...}`` is ``c1``; a user role
    ``{"role": "student", ...}`` is ``student``; a list joins its items with ``", "``; any other
    object is compact JSON.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, Mapping):
        for key in _LABEL_KEYS:
            label = value.get(key)
            if isinstance(label, (str, int)) and not isinstance(label, bool):
                return str(label)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item) for item in value)
    return str(value)


class RecordWriter(Protocol):
    """Writes records in one format: ``write`` for each, then ``close`` once."""

    def write(self, record: Mapping[str, Any]) -> None: ...

    def close(self) -> None: ...


class _JsonArrayWriter:
    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._count = 0

    def write(self, record: Mapping[str, Any]) -> None:
        self._out.write("[\n  " if self._count == 0 else ",\n  ")
        self._out.write(json.dumps(record, ensure_ascii=False))
        self._count += 1

    def close(self) -> None:
        self._out.write("[]\n" if self._count == 0 else "\n]\n")
        self._out.flush()


class _JsonLinesWriter:
    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, record: Mapping[str, Any]) -> None:
        self._out.write(json.dumps(record, ensure_ascii=False))
        self._out.write("\n")

    def close(self) -> None:
        self._out.flush()


class _CsvWriter:
    def __init__(self, out: IO[str], columns: Sequence[str]) -> None:
        self._out = out
        self._columns = columns
        self._csv = csv.writer(out, lineterminator="\n")
        self._csv.writerow(columns)

    def write(self, record: Mapping[str, Any]) -> None:
        self._csv.writerow([cell_text(record.get(column)) for column in self._columns])

    def close(self) -> None:
        self._out.flush()


class _TableWriter:
    """Collects rows (a table needs every row to size its columns) and prints them at the end."""

    def __init__(self, console: Console, columns: Sequence[str], noun: str) -> None:
        self._console = console
        self._columns = columns
        self._noun = noun
        self._rows: list[list[str]] = []

    def write(self, record: Mapping[str, Any]) -> None:
        self._rows.append([cell_text(record.get(column)) for column in self._columns])

    def close(self) -> None:
        count = len(self._rows)
        if count:
            table = Table(*self._columns, header_style="bold", highlight=False)
            for row in self._rows:
                table.add_row(*row)
            self._console.print(table)
        stderr_console().print(f"[dim]{count} {self._noun}[/dim]", highlight=False)


def make_writer(
    output_format: str, columns: Sequence[str], noun: str, out: IO[str] | None = None
) -> RecordWriter:
    """A writer of ``output_format`` (one of `FORMATS`) to stdout.

    Args:
        output_format: ``table``, ``json``, ``jsonl`` or ``csv``.
        columns: The columns of ``table`` and ``csv``.
        noun: What the records are, plural (``users``), for the table's count line.
        out: Where to write (default: the current stdout).

    Returns:
        The writer.
    """
    stream = sys.stdout if out is None else out
    if output_format == "json":
        return _JsonArrayWriter(stream)
    if output_format == "jsonl":
        return _JsonLinesWriter(stream)
    if output_format == "csv":
        return _CsvWriter(stream, columns)
    return _TableWriter(records_console(), columns, noun)


def write_records(
    records: Iterable[object],
    writer: RecordWriter,
    *,
    on_record: Callable[[], None] | None = None,
) -> int:
    """Write every record with ``writer`` as it arrives (the caller closes the writer).

    Args:
        records: SDK models (or dicts); consumed lazily.
        writer: From `make_writer`.
        on_record: Called after each record (drives the progress bar).

    Returns:
        How many records were written.
    """
    count = 0
    for record in records:
        writer.write(to_wire(record))
        count += 1
        if on_record is not None:
            on_record()
    return count


def print_record(record: object, output_format: str, columns: Sequence[str] | None) -> None:
    """Print one record: a two-column table of its members, a JSON object, or a CSV row.

    Args:
        record: An SDK model (or a dict).
        output_format: One of `FORMATS`.
        columns: The members to show (default: every member, for ``table`` and ``csv``).
    """
    wire = to_wire(record)
    shown = list(columns) if columns else list(wire)
    if output_format == "json":
        sys.stdout.write(json.dumps(wire, ensure_ascii=False, indent=2) + "\n")
    elif output_format == "jsonl":
        sys.stdout.write(json.dumps(wire, ensure_ascii=False) + "\n")
    elif output_format == "csv":
        writer = _CsvWriter(sys.stdout, shown)
        writer.write(wire)
        writer.close()
    else:
        table = Table("member", "value", show_header=False, highlight=False)
        for column in shown:
            table.add_row(f"[bold]{column}[/bold]", cell_text(wire.get(column)))
        records_console().print(table)


@contextmanager
def listing_progress(
    noun: str, enabled: bool, total: Callable[[], int | None]
) -> Iterator[Callable[[], None]]:
    """A transient progress bar on stderr for a listing; yields the per-record callback.

    The total is asked of ``total`` on each record (a paginator learns it from the first page),
    so the bar switches from a spinner to a bar with an estimate once the platform reports it.

    Args:
        noun: What is being fetched, plural.
        enabled: Whether to show anything (the caller decides: stderr is a terminal).
        total: Returns the number of records to expect, or None while unknown.

    Yields:
        A callback to call after each record.
    """
    if not enabled:
        yield _no_progress
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn(f"fetching {noun}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
        # Records go to stdout while the bar is shown: rich must not capture them.
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        task = progress.add_task(noun, total=None)

        def advance() -> None:
            progress.update(task, advance=1, total=total())

        yield advance


def _no_progress() -> None:
    return None
