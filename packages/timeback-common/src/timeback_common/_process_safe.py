"""Connection pools that are never shared across a fork, nor across event loops.

A keep-alive connection is a socket. After ``os.fork()`` (gunicorn ``--preload``, Celery prefork,
``multiprocessing`` with fork) parent and child hold the *same* socket: if both send on it, each
may read the other's answer, and one process silently receives the other's records. A pooled
asyncio connection is bound to the event loop that opened it: used from the next
``asyncio.run()``, it fails with ``RuntimeError: Event loop is closed``.

The transports here are the ``httpx.AsyncHTTPTransport`` / ``httpx.HTTPTransport`` of every pool
the SDK creates, with one addition: before each request they look at who is asking (the process,
counted by ``fork_generation``, and for the async one the running event loop) and, when that is not
who opened the pool, they replace the pool with a fresh empty one. The old connections are left
alone: not reused, and not closed either (closing a forked TLS connection could disturb the
parent's use of it; closing one of a finished event loop fails). Tokens are not connections and
stay cached.

Pools the caller brings (``http_client=`` or ``transport=``) are the caller's to manage.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._fork import fork_generation

__all__ = ["AsyncProcessSafeTransport", "SyncProcessSafeTransport"]


def _running_loop() -> object:
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # another async library (trio): its runs are not told apart
        return None


class AsyncProcessSafeTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` whose pool is renewed in a new process or event loop.

    Args:
        **settings: The arguments of ``httpx.AsyncHTTPTransport`` (``limits``, ``verify``...),
            kept to build the fresh pool the same way.
    """

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self._settings = settings
        # (fork generation, event loop) of the pool's connections; None until the first request.
        self._owner: tuple[int, object] | None = None

    def _claim(self) -> None:
        owner = (fork_generation(), _running_loop())
        if owner != self._owner:
            if self._owner is not None:
                # Another process or loop opened the pooled connections: start a new pool.
                httpx.AsyncHTTPTransport.__init__(self, **self._settings)
            self._owner = owner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._claim()
        return await super().handle_async_request(request)

    async def aclose(self) -> None:
        self._claim()
        await super().aclose()


class SyncProcessSafeTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose pool is renewed in a forked child process.

    Args:
        **settings: The arguments of ``httpx.HTTPTransport`` (``limits``, ``verify``...), kept to
            build the fresh pool the same way.
    """

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self._settings = settings
        self._generation = fork_generation()

    def _claim(self) -> None:
        if self._generation != fork_generation():
            # Connections inherited from the parent process: never send on them.
            httpx.HTTPTransport.__init__(self, **self._settings)
            self._generation = fork_generation()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._claim()
        return super().handle_request(request)

    def close(self) -> None:
        self._claim()
        super().close()
