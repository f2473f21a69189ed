"""``timeback health``: the token endpoint and one cheap call per service, with latencies.

A failed check is reported, never raised: the command prints every check and exits 1 when any
failed (0 when all passed or were skipped).
"""

from __future__ import annotations

import json

import click

from timeback_core._cli._connection import Connection, connection_options
from timeback_core._cli._output import text_or_json_option

__all__ = ["health_command"]


@click.command(name="health")
@text_or_json_option
@connection_options
def health_command(output_format: str, connection: Connection) -> None:
    """Check the token endpoint and each service: status and latency (exit 1 if any failed)."""
    with connection.client() as client:
        report = client.health()
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for check in report.checks:
            latency = "" if check.latency_ms is None else f"{check.latency_ms:8.1f} ms"
            mark = {"ok": "OK", "failed": "FAILED", "skipped": "skipped"}[check.status]
            error = f" [{check.error_type}]" if check.error_type else ""
            click.echo(f"{check.name:<10} {mark:<8} {latency:>11}  {check.detail}{error}")
    if not report.ok:
        raise SystemExit(1)
