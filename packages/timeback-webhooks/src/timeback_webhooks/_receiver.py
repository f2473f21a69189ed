"""`WebhookReceiver`: a small ASGI application that verifies deliveries and runs a handler once.

It needs no web framework: mount it in Starlette or FastAPI (``app.mount("/hooks", receiver)``)
or serve it alone with any ASGI server.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

import anyio.to_thread

from timeback_webhooks._errors import WebhookVerificationError
from timeback_webhooks._seen import MemorySeenStore, SeenStore
from timeback_webhooks._verify import (
    SecretsType,
    SignatureScheme,
    WebhookDelivery,
    verify_webhook,
)

__all__ = ["DeliveryHandler", "WebhookReceiver", "handle_delivery"]

logger = logging.getLogger("timeback.webhooks")

DeliveryHandler = Callable[[WebhookDelivery], Awaitable[object] | object]
"""A function (or coroutine function) called with each verified delivery, once."""

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_SIGNATURE_FAILURES = frozenset(
    {"missing_header", "bad_signature", "stale_timestamp", "future_timestamp", "bad_timestamp"}
)


def handle_delivery(
    body: bytes,
    headers: Mapping[str, str],
    secret: SecretsType,
    handler: Callable[[WebhookDelivery], object],
    *,
    seen: SeenStore,
    scheme: SignatureScheme | None = None,
    tolerance: float | None = 300,
) -> int:
    """Verify one delivery, run ``handler`` once per delivery id, and say what to answer.

    The core of `WebhookReceiver` for frameworks that are not ASGI (Flask, Django, any WSGI
    application): give it the raw body and the headers, answer with the status it returns
    and a body that says nothing more.

    Args:
        body: The raw request body.
        headers: The request headers.
        secret: The webhook's secret, or several (rotation).
        handler: Called with the verified `WebhookDelivery` (not called for a duplicate).
        seen: Where handled delivery ids are kept (share one store between requests).
        scheme: How deliveries are signed (`StandardWebhooks` by default).
        tolerance: Replay window in seconds (None: off).

    Returns:
        200 when the handler ran (or already had for this delivery id); 401 when a header, the
        signature or the timestamp fails; 400 for a signed body that is not a Caliper
        envelope; 500 when the handler raised (its exception is logged, and the delivery id
        released so that the platform's retry runs it again).

    Raises:
        SeenStoreError: The seen store failed.
        InputValidationError: No usable secret, or a body that is not bytes.
    """
    try:
        delivery = verify_webhook(body, headers, secret, scheme=scheme, tolerance=tolerance)
    except WebhookVerificationError as exc:
        logger.warning("webhook delivery rejected: %s (%s)", exc.reason, exc)
        return 401 if exc.reason in _SIGNATURE_FAILURES else 400
    if not seen.claim(delivery.delivery_id):
        logger.info("webhook delivery %s already handled; not run again", delivery.delivery_id)
        return 200
    try:
        handler(delivery)
    except Exception:
        logger.exception("webhook handler failed for delivery %s", delivery.delivery_id)
        seen.release(delivery.delivery_id)
        return 500
    return 200


class WebhookReceiver:
    """An ASGI application receiving webhook deliveries.

    Each POST is verified (`verify_webhook`); a delivery whose id was already handled is
    answered 200 without running the handler again. The answer is 200 only after the handler
    returned; 401 when the signature, a header or the timestamp fails, 400 for a signed body
    that is not a Caliper envelope, 413 for a body over ``max_body_bytes``, 405 for another
    method, 500 when the handler raised (the platform then retries). Answers never say more than
    ``{"ok": false}``: the reason is logged (``timeback.webhooks`` logger, never with secrets).

    Args:
        secret: The webhook's secret, or several (rotation).
        handler: Called with each verified `WebhookDelivery`, once per delivery id; a plain
            function runs in a worker thread, a coroutine function on the event loop.
        scheme: How deliveries are signed (`StandardWebhooks` by default).
        tolerance: Replay window in seconds (None: off).
        seen: Where handled delivery ids are kept (`MemorySeenStore` by default; use
            `SQLiteSeenStore` to survive restarts).
        max_body_bytes: Larger bodies are refused unread.
        on_rejected: Called with each `WebhookVerificationError` (metrics, tests).

    Example:
        >>> async def handle(delivery):  # doctest: +SKIP
        ...     for event in delivery.events:
        ...         print(event.type)
        >>> app.mount("/hooks/timeback", WebhookReceiver("s3cret", handle))  # doctest: +SKIP
    """

    def __init__(
        self,
        secret: SecretsType,
        handler: DeliveryHandler,
        *,
        scheme: SignatureScheme | None = None,
        tolerance: float | None = 300,
        seen: SeenStore | None = None,
        max_body_bytes: int = 1024 * 1024,
        on_rejected: Callable[[WebhookVerificationError], object] | None = None,
    ) -> None:
        self._secret = secret
        self._handler = handler
        self._scheme = scheme
        self._tolerance = tolerance
        self.seen: SeenStore = seen if seen is not None else MemorySeenStore()
        self._max_body = max_body_bytes
        self._on_rejected = on_rejected

    def __repr__(self) -> str:
        return f"WebhookReceiver(handler={getattr(self._handler, '__name__', self._handler)!r})"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope.get("method") != "POST":
            await _answer(send, 405, [(b"allow", b"POST")])
            return
        body = await _read_body(receive, self._max_body)
        if body is None:
            await _answer(send, 413)
            return
        headers: dict[str, str] = {}
        for name, value in scope.get("headers", []):
            key = name.decode("latin-1").lower()
            text = value.decode("latin-1")
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        try:
            delivery = verify_webhook(
                body, headers, self._secret, scheme=self._scheme, tolerance=self._tolerance
            )
        except WebhookVerificationError as exc:
            logger.warning("webhook delivery rejected: %s (%s)", exc.reason, exc)
            if self._on_rejected is not None:
                self._on_rejected(exc)
            await _answer(send, 401 if exc.reason in _SIGNATURE_FAILURES else 400)
            return
        status = await self._run_once(delivery)
        await _answer(send, status)

    async def _run_once(self, delivery: WebhookDelivery) -> int:
        delivery_id = delivery.delivery_id
        if not await anyio.to_thread.run_sync(self.seen.claim, delivery_id):
            logger.info("webhook delivery %s already handled; not run again", delivery_id)
            return 200
        try:
            if inspect.iscoroutinefunction(self._handler):
                await self._handler(delivery)
            else:
                result = await anyio.to_thread.run_sync(self._handler, delivery)
                if inspect.isawaitable(result):
                    await result
        except Exception:
            logger.exception("webhook handler failed for delivery %s", delivery_id)
            await anyio.to_thread.run_sync(self.seen.release, delivery_id)
            return 500
        return 200


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _answer(send: Send, status: int, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps({"ok": 200 <= status < 300}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
