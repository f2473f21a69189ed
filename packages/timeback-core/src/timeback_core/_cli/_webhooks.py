"""``timeback webhooks``: manage webhooks, and ``listen`` for their deliveries locally.

``listen`` serves one loopback HTTP endpoint (standard library server, no web framework) that
verifies each delivery with `timeback_webhooks.verify_webhook`, prints it once per delivery id
(pretty, or one JSON object per line) and answers 200; a delivery that fails verification is
answered 401 (400 for a signed body that is not an envelope) and reported on stderr.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import click

from timeback_core._cli._connection import Connection, connection_options
from timeback_core._cli._output import (
    make_writer,
    print_record,
    records_format_option,
    stderr_console,
    stdout_console,
    write_records,
)

__all__ = ["webhooks_group"]

COLUMNS = ("id", "name", "targetUrl", "active", "sensor")
_SIGNATURE_FAILURES = frozenset(
    {"missing_header", "bad_signature", "stale_timestamp", "future_timestamp", "bad_timestamp"}
)
MAX_BODY_BYTES = 1024 * 1024


@click.group(
    name="webhooks",
    help="Manage webhooks, and listen for their deliveries locally.",
    no_args_is_help=True,
)
def webhooks_group() -> None:
    pass


@webhooks_group.command(name="list")
@click.option("--sensor", metavar="IRI", help="Only the webhooks of this sensor.")
@records_format_option
@connection_options
def list_command(sensor: str | None, output_format: str, connection: Connection) -> None:
    """List the webhooks (their secrets are never printed)."""
    with connection.client() as client:
        hooks = client.webhooks.webhooks.list(sensor=sensor)
    writer = make_writer(output_format, COLUMNS, "webhooks")
    write_records(hooks, writer)
    writer.close()


@webhooks_group.command(name="create")
@click.option("--name", required=True, help="A name for the webhook.")
@click.option("--target-url", required=True, metavar="URL", help="Where deliveries are POSTed.")
@click.option(
    "--secret",
    required=True,
    envvar="TIMEBACK_WEBHOOK_SECRET",
    help="The shared secret deliveries are signed with (or TIMEBACK_WEBHOOK_SECRET).",
)
@click.option("--sensor", metavar="IRI", help="Deliver only events of this sensor.")
@click.option("--description", help="Free text.")
@click.option("--inactive", is_flag=True, help="Register it without starting deliveries.")
@records_format_option
@connection_options
def create_command(
    name: str,
    target_url: str,
    secret: str,
    sensor: str | None,
    description: str | None,
    inactive: bool,
    output_format: str,
    connection: Connection,
) -> None:
    """Register a webhook."""
    with connection.client() as client:
        hook = client.webhooks.webhooks.create(
            name=name,
            target_url=target_url,
            secret=secret,
            active=not inactive,
            sensor=sensor,
            description=description,
        )
    print_record(hook, output_format, COLUMNS if output_format == "table" else None)


def _toggle(name: str, verb: str, summary: str) -> Any:
    @webhooks_group.command(name=name, help=summary)
    @click.argument("webhook_id", metavar="ID")
    @connection_options
    def command(webhook_id: str, connection: Connection) -> None:
        with connection.client() as client:
            getattr(client.webhooks.webhooks, name)(webhook_id)
        stdout_console().print(f"[bold green]OK[/bold green] webhook {webhook_id} {verb}")

    return command


delete_command = _toggle("delete", "deleted", "Delete the webhook ID (and its filters).")
activate_command = _toggle("activate", "activated", "Start the deliveries of the webhook ID.")
deactivate_command = _toggle(
    "deactivate", "deactivated", "Stop the deliveries of the webhook ID (it stays registered)."
)


@webhooks_group.command(name="listen")
@click.option("--port", type=click.IntRange(0, 65535), default=8500, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--secret",
    "secrets",
    multiple=True,
    required=True,
    envvar="TIMEBACK_WEBHOOK_SECRET",
    help="The webhook's secret; repeat it to accept several (rotation).",
)
@click.option(
    "--scheme",
    type=click.Choice(["standard", "caliper-hex"]),
    default="standard",
    show_default=True,
    help="How deliveries are signed: Standard Webhooks, or a hex HMAC-SHA256 of the body in "
    "X-Caliper-Signature. Neither is confirmed as the platform's production scheme.",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0),
    default=300.0,
    show_default=True,
    help="Seconds a signed timestamp may be from now.",
)
@click.option(
    "--format",
    "-o",
    "output_format",
    type=click.Choice(["pretty", "jsonl"]),
    default="pretty",
    show_default=True,
    help="pretty for people; jsonl prints one JSON object per delivery.",
)
@click.option(
    "--max-deliveries",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after this many deliveries (default: run until Ctrl+C).",
)
def listen_command(
    port: int,
    host: str,
    secrets: Sequence[str],
    scheme: str,
    tolerance: float,
    output_format: str,
    max_deliveries: int | None,
) -> None:
    """Receive webhook deliveries on a local port, verify them and print each once."""
    from timeback_webhooks import HexSignature, MemorySeenStore, StandardWebhooks

    chosen = HexSignature() if scheme == "caliper-hex" else StandardWebhooks()
    listener = _Listener(list(secrets), chosen, tolerance, output_format, MemorySeenStore())
    server = ThreadingHTTPServer((host, port), listener.handler_class())
    listener.server = server
    listener.remaining = max_deliveries
    bound = server.server_address[1]
    stderr_console().print(
        f"Listening on http://{host}:{bound}/ (any path); Ctrl+C to stop", highlight=False
    )
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class _Listener:
    """What the request handler shares: the secrets, the scheme and the output."""

    def __init__(
        self, secrets: list[str], scheme: Any, tolerance: float, output_format: str, seen: Any
    ) -> None:
        self.secrets = secrets
        self.scheme = scheme
        self.tolerance = tolerance
        self.output_format = output_format
        self.seen = seen
        self.server: ThreadingHTTPServer | None = None
        self.remaining: int | None = None
        self.lock = threading.Lock()

    def handle(self, body: bytes, headers: dict[str, str]) -> int:
        from timeback_webhooks import WebhookVerificationError, verify_webhook

        try:
            delivery = verify_webhook(
                body, headers, self.secrets, scheme=self.scheme, tolerance=self.tolerance
            )
        except WebhookVerificationError as exc:
            stderr_console().print(f"rejected: {exc.reason}: {exc}", highlight=False)
            return 401 if exc.reason in _SIGNATURE_FAILURES else 400
        if not self.seen.claim(delivery.delivery_id):
            return 200
        with self.lock:
            self.print(delivery)
            if self.remaining is not None:
                self.remaining -= 1
                if self.remaining == 0 and self.server is not None:
                    threading.Thread(target=self.server.shutdown, daemon=True).start()
        return 200

    def print(self, delivery: Any) -> None:
        events = [event.to_wire() for event in delivery.envelope.data]
        if self.output_format == "jsonl":
            record = {
                "deliveryId": delivery.delivery_id,
                "webhookId": delivery.webhook_id,
                "timestamp": delivery.timestamp.isoformat() if delivery.timestamp else None,
                "sensor": delivery.envelope.sensor,
                "events": events,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
            return
        console = stdout_console()
        console.print(
            f"[bold green]delivery[/bold green] {delivery.delivery_id} "
            f"webhook={delivery.webhook_id or '-'} sensor={delivery.envelope.sensor}",
            highlight=False,
        )
        for event in events:
            actor = event.get("actor")
            actor_id = actor.get("id") if isinstance(actor, dict) else actor
            console.print(
                f"  {event.get('type')} {event.get('action')} by {actor_id} ({event.get('id')})",
                highlight=False,
            )

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY_BYTES:
                    self._answer(413)
                    return
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                self._answer(listener.handle(body, headers))

            def do_GET(self) -> None:
                self._answer(405)

            def _answer(self, status: int) -> None:
                payload = json.dumps({"ok": status == 200}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                return  # deliveries are printed by the listener, not as access lines

        return Handler
