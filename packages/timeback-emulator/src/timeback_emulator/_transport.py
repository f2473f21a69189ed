"""A transport that serves an emulator app to a sync ``httpx.Client`` without a socket.

``httpx.ASGITransport`` serves only ``httpx.AsyncClient``. This one runs the app on one event
loop in a daemon thread (started on the first request, stopped by `close`), so state the app
keeps across requests stays on one loop, as under a real server. It lives here rather than being
borrowed from the SDK because the emulator depends on no SDK package. Imported only by
``InProcessEmulator.sync_transport()``: it needs httpx, which the emulator itself does not.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import httpx


class SyncEmulatorTransport(httpx.BaseTransport):
    """Serve an ASGI app to a sync ``httpx.Client``.

    Args:
        app: The ASGI application.
    """

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._lock = threading.Lock()
        self._portal: Any = None
        self._thread: threading.Thread | None = None

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
        status, headers, raw = self._loop().call(self._send, async_request)
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(raw))

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._asgi.handle_async_request(request)
        raw = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
        return response.status_code, response.headers.raw, raw

    def _loop(self) -> Any:
        with self._lock:
            if self._portal is None:
                self._portal, self._thread = _start_daemon_portal()
            return self._portal

    def close(self) -> None:
        """Stop the background event loop (if it was started); idempotent."""
        with self._lock:
            portal, thread, self._portal, self._thread = self._portal, self._thread, None, None
        if portal is not None:
            portal.call(portal.stop)
        if thread is not None:
            thread.join()


def _start_daemon_portal() -> tuple[Any, threading.Thread]:
    """An anyio blocking portal whose loop runs on a daemon thread.

    ``anyio.from_thread.start_blocking_portal`` uses a non-daemon thread, which the interpreter
    waits for at exit: a transport nobody closed would then hang the process.
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
        except BaseException as exc:
            ready.put(exc)

    thread = threading.Thread(target=run, name="timeback-emulator-sync-transport", daemon=True)
    thread.start()
    started = ready.get()
    if isinstance(started, BaseException):
        raise started
    return started, thread
