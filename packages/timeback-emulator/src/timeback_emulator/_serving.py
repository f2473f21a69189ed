"""Serving an emulator app over a real socket with uvicorn (the CLI and ``EmulatorServer``).

Three things a server exposed to real clients needs beyond uvicorn's defaults:

- Limits. Idle keep-alive connections close after ``keep_alive_timeout``; a connection that has
  not sent a complete request head within ``header_timeout`` is closed (uvicorn itself never
  times out a slow or silent client); a request head larger than ``max_header_bytes`` is refused
  with a 431 (a 400 when it arrives in pieces and the parser gives up first).
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
import contextlib
import errno
import logging
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import ClientDisconnect

if TYPE_CHECKING:
    import uvicorn
    from starlette.types import ASGIApp, Receive, Scope, Send

    from timeback_emulator._config import EmulatorConfig

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
        max_header_bytes: Largest request line plus headers, in bytes; larger gets a 431.
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


class _ServedApp:
    """The emulator app behind a real socket: refuses oversized request heads (h11 only bounds a
    head that arrives in pieces) and ends a request whose client went away without the traceback
    uvicorn would log."""

    def __init__(self, app: ASGIApp, max_header_bytes: int) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _head_size(scope) > self.max_header_bytes:
            from timeback_emulator._http import dumps, ims_body, send_raw

            body = ims_body("Request header fields too large.", "invaliddata")
            await send_raw(send, 431, dumps(body), "application/json", [("Connection", "close")])
            return
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            logger.debug(
                "client disconnected before its request was read: %s %s",
                scope.get("method"),
                scope.get("path"),
            )


def _head_size(scope: Scope) -> int:
    """The size of the request line and headers as received (give or take the separators)."""
    line = len(scope.get("method", "")) + len(scope.get("raw_path") or b"") + 10
    return line + sum(len(name) + len(value) + 4 for name, value in scope["headers"])


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
        _ServedApp(serving_app(app), limits.max_header_bytes),
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


class PortInUseError(OSError):
    """The port to serve on is taken (by another emulator, or any other server).

    Attributes:
        host: The interface asked for.
        port: The port asked for.
    """

    def __init__(self, host: str, port: int) -> None:
        super().__init__(errno.EADDRINUSE, f"port {port} on {host} is already in use")
        self.host = host
        self.port = port


def bind(host: str, port: int) -> socket.socket:
    """A bound TCP socket (port 0 picks a free port).

    Raises:
        PortInUseError: The port is taken.
        OSError: The address cannot be bound for another reason (unknown interface...).
    """
    from timeback_emulator.app import bind_socket

    try:
        return bind_socket(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUseError(host, port) from None
        raise


def serve(
    config: EmulatorConfig | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8400,
    limits: ServerLimits | None = None,
    access_log: bool = False,
) -> None:
    """Serve an emulator over HTTP in the foreground until Ctrl+C or SIGTERM.

    Prints the base URL, token URL and credentials to stdout once it is listening (with
    ``port=0``, the port picked).

    Args:
        config: The emulator configuration; defaults to ``EmulatorConfig()``.
        host: Interface to bind.
        port: Port to bind; 0 picks a free one.
        limits: Connection limits; defaults to ``ServerLimits()``.
        access_log: Log every request to stderr.

    Raises:
        PortInUseError: The port is taken.
        OSError: The address cannot be bound for another reason.
    """
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(config, host, port, limits, access_log))


async def _serve(
    config: EmulatorConfig | None,
    host: str,
    port: int,
    limits: ServerLimits | None,
    access_log: bool,
) -> None:
    from timeback_emulator.app import create_app

    app = create_app(config)
    sock = bind(host, port)
    try:
        server = uvicorn_server(
            app,
            limits=limits,
            access_log=access_log,
            log_level="info" if access_log else "warning",
        )
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn offers no event
            await asyncio.sleep(0.01)
        if server.started:
            _announce(app.state.config, host, sock.getsockname()[1])
        await task
    finally:
        sock.close()


def _announce(config: EmulatorConfig, host: str, port: int) -> None:
    shown_host = f"[{host}]" if ":" in host else host
    base = f"http://{shown_host}:{port}"
    lines = [
        f"Timeback emulator listening on {base}",
        f"  base URL:      {base}",
        f"  token URL:     {base}/oauth2/token",
        f"  client id:     {config.client_id}",
        f"  client secret: {config.client_secret}",
        f"  admin API:     {base}/_emulator/  (loopback only)",
        "Press Ctrl+C to stop.",
    ]
    print("\n".join(lines), flush=True)
