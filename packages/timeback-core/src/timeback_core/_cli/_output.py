"""Printing records (``--format table|json|jsonl|csv``), progress bars, options shared by commands.

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

import click
from rich.console import Console
from rich.table import Table

__all__ = [
    "FORMATS",
    "ProgressBars",
    "ProgressCallback",
    "RecordWriter",
    "cell_text",
    "make_writer",
    "output_format_option",
    "print_record",
    "progress_bars",
    "progress_option",
    "progress_wanted",
    "read_json_document",
    "record_list",
    "records_console",
    "records_format_option",
    "seconds_option",
    "stderr_console",
    "stdout_console",
    "text_or_json_option",
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
    on_record: Callable[[int], None] | None = None,
) -> int:
    """Write every record with ``writer`` as it arrives (the caller closes the writer).

    Args:
        records: SDK models (or dicts); consumed lazily.
        writer: From `make_writer`.
        on_record: Called after each record with the count so far (drives a progress bar).

    Returns:
        How many records were written.
    """
    count = 0
    for record in records:
        writer.write(to_wire(record))
        count += 1
        if on_record is not None:
            on_record(count)
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


def progress_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--progress/--no-progress`` (``-q/--quiet`` too): the command's bars on stderr.

    The value is None when neither is given; `progress_wanted` then decides.
    """
    return click.option(
        "--progress/--no-progress",
        " /-q",
        " /--quiet",
        "progress",
        default=None,
        help="Progress bars on stderr (default: when stderr is a terminal and the bar cannot "
        "tangle with output on that terminal); -q/--quiet shows none.",
    )(command)


def output_format_option(*formats: str, help: str) -> Callable[..., Any]:
    """``--format`` / ``-o``: one of ``formats``, the first being the default."""
    return click.option(
        "--format",
        "-o",
        "output_format",
        type=click.Choice(formats),
        default=formats[0],
        show_default=True,
        help=help,
    )


def seconds_option(name: str, default: float, help: str) -> Callable[..., Any]:
    """An option of a positive number of seconds (``--interval``, ``--wait-timeout``)."""
    return click.option(
        name,
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=True,
        metavar="SECONDS",
        help=help,
    )


#: ``--format`` of the commands that print records.
records_format_option = output_format_option(
    *FORMATS,
    help="table for people; json (an array), jsonl (a line per record) or csv for scripts.",
)

#: ``--format text|json`` of the commands that print a report rather than records.
text_or_json_option = output_format_option(
    "text", "json", help="text for people, json for scripts."
)


def progress_wanted(choice: bool | None, *, streams_to_stdout: bool) -> bool:
    """Whether to show progress bars: the user's ``--progress`` / ``--no-progress``, else when
    stderr is a terminal, unless output streams to stdout while stdout is that terminal too (a
    bar redrawn between the lines would tangle with them).

    Args:
        choice: ``--progress`` (True), ``--no-progress`` / ``--quiet`` (False) or None.
        streams_to_stdout: The command writes to stdout while the bar is shown.

    Returns:
        True to show bars.
    """
    if choice is not None:
        return choice
    if not _is_terminal(sys.stderr):
        return False
    return not (streams_to_stdout and _is_terminal(sys.stdout))


#: ``on_progress(done, total)``, as the SDK's bulk writes, change feeds and the mirror call it.
ProgressCallback = Callable[[int, "int | None"], None]


class ProgressBars:
    """The bars of one command on stderr; `bar` gives the ``on_progress`` callback of one."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress

    def bar(self, description: str) -> ProgressCallback:
        """A new bar, and the ``on_progress(done, total)`` callback that moves it.

        The bar appears at its first call; ``total`` may be None (unknown) and change later.

        Args:
            description: What the bar counts (``users``, ``upserting users``).

        Returns:
            The callback (it does nothing when bars are off).
        """
        progress = self._progress
        if progress is None:
            return _no_progress
        task: Any = None

        def update(done: int, total: int | None) -> None:
            nonlocal task
            if task is None:
                task = progress.add_task(description, total=total)
            progress.update(task, completed=done, total=total)

        return update


@contextmanager
def progress_bars(enabled: bool, *, transient: bool = False) -> Iterator[ProgressBars]:
    """Progress bars on stderr for as long as the block runs.

    Args:
        enabled: Whether to show anything (see `progress_wanted`).
        transient: Remove the bars at the end (a listing, whose records are the result) rather
            than leave their final state on stderr (a bulk write, a mirror run).

    Yields:
        The `ProgressBars`.
    """
    if not enabled:
        yield ProgressBars(None)
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=transient,
        # Records go to stdout while the bar is shown: rich must not capture them.
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        yield ProgressBars(progress)


def _no_progress(done: int, total: int | None) -> None:
    return None


def record_list(document: Any, source: str, missing: str) -> list[Any]:
    """The records of a file's JSON: an array of them, or one object as a list of one.

    Args:
        document: What `read_json_document` read.
        source: The file's name, for messages.
        missing: What the file should hold, after "holds no" (``users: expected ...``).

    Returns:
        The records (not validated: the SDK does that and names each problem).

    Raises:
        click.BadParameter: There is no record (an empty array, a number, a string...).
    """
    if isinstance(document, Mapping):
        document = [document]
    if not isinstance(document, list) or not document:
        raise click.BadParameter(f"{source} holds no {missing}", param_hint="FILE")
    return document


def read_json_document(stream: IO[str], source: str) -> Any:
    """A JSON document, or the values of a JSON Lines one as a list.

    Args:
        stream: The open file.
        source: Its name, for messages.

    Returns:
        What the JSON decodes to (a JSON Lines file gives the list of its lines' values).

    Raises:
        click.BadParameter: The file is neither JSON nor JSON Lines.
    """
    text = stream.read()
    try:
        return json.loads(text)
    except ValueError:
        pass
    values: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values.append(json.loads(line))
        except ValueError as exc:
            raise click.BadParameter(
                f"{source} is neither JSON nor JSON Lines (line {number}: {exc})",
                param_hint="FILE",
            ) from None
    return values
