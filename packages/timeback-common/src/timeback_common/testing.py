"""Helpers for tests: serve an ASGI app (such as the emulator) in-process to either client.

``httpx.ASGITransport`` only serves ``httpx.AsyncClient``. `SyncASGITransport` gives the sync
client the same thing by running the app on a private event loop in a background thread, so a
test written once under ``tests/_async/`` with `AsyncASGITransport` works unchanged in its
generated ``tests/_sync/`` twin (``scripts/unasync.py`` renames ``AsyncX`` to ``SyncX``)::

    transport = AsyncASGITransport(app)          # SyncASGITransport(app) in the sync twin
    client = AsyncAPIClient(base_url="http://testserver", transport=transport)

This module is not imported by ``timeback_common`` itself; import it from tests.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

__all__ = ["ASGIApp", "AsyncASGITransport", "SyncASGITransport"]

ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[MutableMapping[str, Any]]],
        Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ],
    Awaitable[None],
]
"""An ASGI 3 application."""


class AsyncASGITransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` under the name the unasync scheme pairs with `SyncASGITransport`.

    Args:
        app: The ASGI application.
        raise_app_exceptions: Re-raise exceptions from the app (True) or answer 500.
        root_path: The ASGI ``root_path``.
        client: The (host, port) the app sees as the peer.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        raise_app_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("127.0.0.1", 123),
    ) -> None:
        super().__init__(
            app, raise_app_exceptions=raise_app_exceptions, root_path=root_path, client=client
        )


class SyncASGITransport(httpx.BaseTransport):
    """Serve an ASGI app to a sync ``httpx.Client`` without a socket.

    The app runs on one event loop in a background thread (an anyio blocking portal) started on
    the first request and stopped by `close`, so state the app keeps across requests (database
    connections, caches) stays on one loop, as under a real server.

    Args:
        app: The ASGI application.
        raise_app_exceptions: Re-raise exceptions from the app (True) or answer 500.
        root_path: The ASGI ``root_path``.
        client: The (host, port) the app sees as the peer.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        raise_app_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("127.0.0.1", 123),
    ) -> None:
        self._asgi = AsyncASGITransport(
            app, raise_app_exceptions=raise_app_exceptions, root_path=root_path, client=client
        )
        self._lock = threading.Lock()
        self._stack: contextlib.ExitStack | None = None
        self._portal: Any = None

    def _get_portal(self) -> Any:
        with self._lock:
            if self._portal is None:
                from anyio.from_thread import start_blocking_portal

                self._stack = contextlib.ExitStack()
                self._portal = self._stack.enter_context(start_blocking_portal())
            return self._portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` to the app and return its complete response."""
        body = request.read()
        async_request = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            content=body,
            extensions=request.extensions,
        )
        status, headers, raw = self._get_portal().call(self._send, async_request)
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(raw))

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._asgi.handle_async_request(request)
        raw = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
        return response.status_code, response.headers.raw, raw

    def close(self) -> None:
        """Stop the background event loop (if it was started)."""
        with self._lock:
            stack, self._stack, self._portal = self._stack, None, None
        if stack is not None:
            stack.close()
