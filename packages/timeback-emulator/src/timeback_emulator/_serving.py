"""Serving an emulator app over a real socket with uvicorn (the CLI and ``EmulatorServer``).

Three things a server exposed to real clients needs beyond uvicorn's defaults:

- Limits. Idle keep-alive connections close after ``keep_alive_timeout``; a connection that has
  not sent a complete request head within ``header_timeout`` is closed (uvicorn itself never
  times out a slow or silent client); a request head larger than ``max_header_bytes`` is refused
  with a 400.
- The peer address is the socket's. uvicorn's proxy-header support is turned off, so
  ``X-Forwarded-For`` never changes the client address the admin API's loopback check sees.
- Expected client behaviour is not logged as an error. A client that disconnects before its
  request body arrived, a ``drop`` fault cutting a response and a malformed request head each
  used to log a multi-line traceback or a warning to stderr; a harness that pipes stderr and
  never reads it then blocks the whole server once the pipe buffer (64 kB) is full. They are
  logged at debug level on ``timeback_emulator.server`` instead.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import ClientDisconnect

if TYPE_CHECKING:
    import uvicorn
    from starlette.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger("timeback_emulator.server")

DEFAULT_KEEP_ALIVE_TIMEOUT = 5
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_MAX_HEADER_BYTES = 16 * 1024


@dataclass(frozen=True)
class ServerLimits:
    """Connection limits of a served emulator.

    Attributes:
        keep_alive_timeout: Seconds an idle keep-alive connection stays open between requests.
        header_timeout: Seconds a client has, from connecting or from the first byte of its next
            request, to send a complete request line and headers.
        max_header_bytes: Largest request line plus headers, in bytes; larger gets a 400.
    """

    keep_alive_timeout: int = DEFAULT_KEEP_ALIVE_TIMEOUT
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES

    def __post_init__(self) -> None:
        if self.keep_alive_timeout < 1:
            raise ValueError("keep_alive_timeout must be at least 1 second")
        if self.header_timeout <= 0:
            raise ValueError("header_timeout must be more than 0 seconds")
        if self.max_header_bytes < 1024:
            raise ValueError("max_header_bytes must be at least 1024")


# Messages uvicorn logs (at error and warning level) for what a client or a ``drop`` fault does
# on purpose; each is one line per request, which a never-read stderr pipe cannot absorb forever.
_EXPECTED_UVICORN_MESSAGES = frozenset(
    {
        "ASGI callable returned without completing response.",
        "Invalid HTTP request received.",
    }
)


class _ExpectedEventsToDebug(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() in _EXPECTED_UVICORN_MESSAGES:
            logger.debug("uvicorn: %s", record.getMessage())
            return False
        return True


_FILTER = _ExpectedEventsToDebug()


class _QuietDisconnects:
    """Ends a request whose client went away without the traceback uvicorn would log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            logger.debug(
                "client disconnected before its request was read: %s %s",
                scope.get("method"),
                scope.get("path"),
            )


def _header_timeout_protocol(header_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol, closing connections that do not send a request head in time."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm_header_timer()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                # Bytes of a request head arrived but not all of it: the clock runs from the
                # first of them (or from connecting), not from the latest.
                if self._header_timer is None:
                    self._arm_header_timer()
            else:
                self._disarm_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_header_timer()
            super().connection_lost(exc)

        def _arm_header_timer(self) -> None:
            self._disarm_header_timer()
            self._header_timer = self.loop.call_later(header_timeout, self._header_timed_out)

        def _disarm_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _header_timed_out(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                logger.debug("closing a connection that sent no request head in time")
                self.transport.close()

    return HeaderTimeoutH11Protocol


def uvicorn_server(
    app: ASGIApp,
    *,
    limits: ServerLimits | None = None,
    access_log: bool = False,
    log_level: str = "warning",
) -> uvicorn.Server:
    """A uvicorn server for an emulator app (serve it with ``server.serve(sockets=[sock])``).

    Args:
        app: The emulator app (from ``create_app``).
        limits: Connection limits; defaults to ``ServerLimits()``.
        access_log: Log every request.
        log_level: uvicorn's log level.

    Returns:
        The configured server, not yet serving.
    """
    import uvicorn

    from timeback_emulator.app import serving_app

    limits = limits or ServerLimits()
    config: Any = uvicorn.Config(
        _QuietDisconnects(serving_app(app)),
        http=_header_timeout_protocol(limits.header_timeout),
        h11_max_incomplete_event_size=limits.max_header_bytes,
        timeout_keep_alive=limits.keep_alive_timeout,
        proxy_headers=False,  # the peer is the socket's address, whatever a header claims
        log_level=log_level,
        access_log=access_log,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    uvicorn_errors = logging.getLogger("uvicorn.error")
    if _FILTER not in uvicorn_errors.filters:
        uvicorn_errors.addFilter(_FILTER)
    return server
