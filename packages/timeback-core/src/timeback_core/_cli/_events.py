"""``timeback events send FILE``: send Caliper events from a JSON file and follow their jobs.

FILE (``-`` for stdin) holds one of:

- a Caliper envelope ``{"sensor": ..., "data": [...]}`` (its ``sensor`` is used unless
  ``--sensor`` is given);
- a JSON array of events, or one event object;
- JSON Lines: one event per line (what ``timeback``'s own ``--format jsonl`` and most event
  exports produce).

The SDK validates every event before anything is sent (a bad one stops the command with exit code
2 and the path of each problem), splits large batches into envelopes, and retries safely: events
carry ids, so sending the same file twice never stores an event twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

import click

from timeback_core._cli._connection import Connection, connection_options
from timeback_core._cli._output import (
    read_json_document,
    record_list,
    seconds_option,
    stdout_console,
    text_or_json_option,
    to_wire,
)

__all__ = ["events_group", "read_events"]


def read_events(stream: IO[str], source: str) -> tuple[list[Any], str | None]:
    """The events in a JSON, JSON Lines or envelope document, and the envelope's sensor.

    Args:
        stream: The open file.
        source: Its name, for messages.

    Returns:
        The events (wire-shaped dicts) and the sensor named by an envelope (or None).

    Raises:
        click.BadParameter: The file holds no events or is not JSON.
    """
    document = read_json_document(stream, source)
    sensor: str | None = None
    if isinstance(document, Mapping) and "data" in document and "actor" not in document:
        sensor_value = document.get("sensor")
        sensor = sensor_value if isinstance(sensor_value, str) else None
        document = document["data"]
    expected = "an event, an array of events, an envelope or JSON Lines"
    return record_list(document, source, f"events: expected {expected}"), sensor


@click.group(name="events", help="Send Caliper learning events.", no_args_is_help=True)
def events_group() -> None:
    pass


@events_group.command(name="send")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "--sensor",
    metavar="IRI",
    help="IRI of the sending application (default: the envelope's sensor).",
)
@click.option(
    "--validate-only",
    is_flag=True,
    help="Have the platform validate the events without storing them.",
)
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="Wait for the processing jobs to finish (exit code 1 when one fails).",
)
@seconds_option("--wait-timeout", 60.0, "How long to wait for the jobs.")
@seconds_option("--poll-interval", 0.5, "Time between two status requests of a job.")
@text_or_json_option
@connection_options
def send_command(
    file: IO[str],
    sensor: str | None,
    validate_only: bool,
    wait: bool,
    wait_timeout: float,
    poll_interval: float,
    output_format: str,
    connection: Connection,
) -> None:
    """Send the Caliper events in FILE (JSON, JSON Lines or an envelope; - for stdin)."""
    source = "stdin" if file.name in ("-", "<stdin>") else file.name
    events, envelope_sensor = read_events(file, source)
    sensor_id = sensor or envelope_sensor
    if not sensor_id:
        raise click.UsageError("give --sensor (the file is not an envelope naming one)")
    with connection.client() as client:
        caliper = client.caliper
        if validate_only:
            receipt = caliper.events.validate(sensor_id, events)
            jobs: list[Any] = []
        else:
            receipt = caliper.events.send(sensor_id, events)
            jobs = [
                caliper.jobs.wait(job_id, timeout=wait_timeout, poll_interval=poll_interval)
                if wait
                else None
                for job_id in receipt.job_ids
            ]
    if output_format == "json":
        report = {
            "ok": receipt.ok,
            "validateOnly": validate_only,
            "sensor": sensor_id,
            "events": receipt.event_count,
            "envelopes": receipt.envelope_count,
            "jobIds": receipt.job_ids,
            "jobs": [to_wire(job) for job in jobs if job is not None],
        }
        click.echo(json.dumps(report))
        return
    console = stdout_console()
    verb = "validated" if validate_only else "sent"
    console.print(
        f"[bold green]OK[/bold green] {receipt.event_count} event(s) {verb} in "
        f"{receipt.envelope_count} envelope(s) from {sensor_id}",
        highlight=False,
    )
    for job_id, job in zip(receipt.job_ids, jobs, strict=True):
        state = job.state if job is not None else "not waited for"
        stored = (
            len(job.return_value.results)
            if job is not None and job.return_value is not None and job.return_value.results
            else 0
        )
        detail = f", {stored} event(s) stored" if stored else ""
        console.print(f"  job {job_id}: {state}{detail}", highlight=False)
