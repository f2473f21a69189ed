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

import queue
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
        self._portal: Any = None
        self._thread: threading.Thread | None = None

    def _get_portal(self) -> Any:
        with self._lock:
            if self._portal is None:
                self._portal, self._thread = _start_daemon_portal()
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
            portal, thread, self._portal, self._thread = self._portal, self._thread, None, None
        if portal is not None:
            portal.call(portal.stop)
        if thread is not None:
            thread.join()


def _start_daemon_portal() -> tuple[Any, threading.Thread]:
    """An anyio blocking portal whose event loop runs on a daemon thread.

    ``anyio.from_thread.start_blocking_portal`` runs its loop on a non-daemon executor thread,
    which the interpreter waits for at exit: a transport nobody closed would then hang the
    process. A daemon thread lets the process end; `SyncASGITransport.close` still stops it.
    """
    import anyio
    from anyio.from_thread import BlockingPortal

    ready: queue.SimpleQueue[Any] = queue.SimpleQueue()

    async def serve() -> None:
        async with BlockingPortal() as portal:
            ready.put(portal)
            await portal.sleep_until_stopped()

    def run() -> None:
        try:
            anyio.run(serve)
        except BaseException as exc:  # reported to the thread waiting for the portal
            ready.put(exc)

    thread = threading.Thread(target=run, name="timeback-sync-asgi", daemon=True)
    thread.start()
    portal = ready.get()
    if isinstance(portal, BaseException):
        raise portal
    return portal, thread
