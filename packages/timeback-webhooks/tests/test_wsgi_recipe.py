"""The Flask and Django recipes' core: `handle_delivery` inside a plain WSGI application.

Flask and Django are not installed for the tests; the recipes of the guide differ from this
application only in how they read the body and the headers and write the answer.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.util import setup_testing_defaults

from timeback_webhooks import (
    MemorySeenStore,
    StandardWebhooks,
    WebhookDelivery,
    handle_delivery,
)

SECRET = "wsgi-secret"


def make_app(handler: Callable[[WebhookDelivery], object]) -> Any:
    seen = MemorySeenStore()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        status = handle_delivery(body, headers, SECRET, handler, seen=seen)
        start_response(f"{status} X", [("Content-Type", "application/json")])
        return [json.dumps({"ok": status == 200}).encode()]

    return app


def call(app: Any, body: bytes, headers: dict[str, str]) -> int:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    setup_testing_defaults(environ)
    statuses: list[str] = []
    b"".join(app(environ, lambda status, _headers: statuses.append(status)))
    return int(statuses[0].split()[0])


def test_the_recipe_runs_the_handler_once_and_refuses_bad_deliveries(
    make_event: Callable[..., dict[str, Any]],
) -> None:
    handled: list[str] = []
    failures = [RuntimeError("first call fails")]

    def handler(delivery: WebhookDelivery) -> None:
        if failures:
            raise failures.pop()
        handled.append(delivery.delivery_id)

    app = make_app(handler)
    envelope = {
        "sensor": "https://reading.example.com",
        "sendTime": "2026-11-02T10:00:00.000Z",
        "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "data": [make_event(1)],
    }
    body = json.dumps(envelope).encode()
    headers = StandardWebhooks().sign(
        body, SECRET.encode(), delivery_id="msg_9", timestamp=time.time()
    )

    assert call(app, body, headers) == 500  # the handler failed: the retry runs it again
    assert call(app, body, headers) == 200
    assert call(app, body, headers) == 200  # a duplicate: not run again
    assert handled == ["msg_9"]
    assert call(app, body + b" ", headers) == 401
    assert call(app, body, {k: v for k, v in headers.items() if k != "webhook-id"}) == 401
    signed_junk = StandardWebhooks().sign(
        b"[]", SECRET.encode(), delivery_id="msg_10", timestamp=time.time()
    )
    assert call(app, b"[]", signed_junk) == 400
    assert handled == ["msg_9"]
