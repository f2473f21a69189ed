"""Fixtures for timeback-common's tests: a scripted ASGI app and real local fault servers.

* `ScriptedApp` answers each request with the next scripted reply (the last one repeats) and
  records what it received; serve it in-process (``AsyncASGITransport`` / ``SyncASGITransport``)
  or over real HTTP with the ``live_server`` fixture (uvicorn in a thread on 127.0.0.1:0).
* ``fault_server`` is a raw socket server on 127.0.0.1:0 that reads a request and then resets
  the connection, closes it without answering, or never answers: the faults a well-behaved HTTP
  server cannot produce on demand.
* ``closed_port`` is the URL of a local port nothing listens on (connection refused).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Reply:
    """One scripted answer. ``body`` may be bytes, text, or a JSON-able object."""

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)


ECHO = object()
"""A reply that answers 200 with a JSON description of the request."""


@dataclass
class Received:
    method: str
    raw_path: str
    query: str
    headers: dict[str, str]
    body: bytes


class ScriptedApp:
    """An ASGI app answering with scripted replies, recording the requests it receives."""

    def __init__(self, *replies: Reply | object) -> None:
        self.replies = list(replies) or [ECHO]
        self.received: list[Received] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        seen = Received(
            method=scope["method"],
            raw_path=scope["raw_path"].decode("ascii"),
            query=scope["query_string"].decode("ascii"),
            headers={k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]},
            body=body,
        )
        self.received.append(seen)
        reply = self.replies[min(len(self.received), len(self.replies)) - 1]
        if reply is ECHO:
            reply = Reply(
                200,
                {
                    "method": seen.method,
                    "path": seen.raw_path,
                    "query": seen.query,
                    "headers": seen.headers,
                    "body": seen.body.decode("utf-8", "replace"),
                },
            )
        assert isinstance(reply, Reply)
        content = reply.body
        headers = dict(reply.headers)
        if not isinstance(content, (bytes, str)):
            content = json.dumps(content)
            headers.setdefault("content-type", "application/json")
        if isinstance(content, str):
            content = content.encode("utf-8")
        raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        raw_headers.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": reply.status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": content})

    @property
    def request_ids(self) -> list[str | None]:
        return [r.headers.get("x-request-id") for r in self.received]


@pytest.fixture
def scripted() -> type[ScriptedApp]:
    """The `ScriptedApp` class (tests cannot import conftest under importlib mode)."""
    return ScriptedApp


@pytest.fixture
def reply() -> type[Reply]:
    return Reply


@pytest.fixture
def echo() -> object:
    return ECHO


@pytest.fixture
def live_server() -> Iterator[Callable[[Any], str]]:
    """Serve an ASGI app over real HTTP: ``url = live_server(app)``."""
    import uvicorn

    servers: list[tuple[Any, threading.Thread]] = []

    def start(app: Any) -> str:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=0, lifespan="off", log_level="error", access_log=False
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        deadline = time.monotonic() + 10.0
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10.0)


class FaultServer:
    """Reads each request, then ``reset`` (RST), ``drop`` (close, no answer) or ``hang``."""

    def __init__(self, mode: str) -> None:
        assert mode in ("reset", "drop", "hang")
        self.mode = mode
        self.connections = 0
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.settimeout(5.0)
            try:
                _read_request(conn)
            except OSError:
                conn.close()
                continue
            if self.mode == "reset":
                # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            elif self.mode == "drop":
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            else:
                self._open.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5.0)
        self._sock.close()
        for conn in self._open:
            conn.close()


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        rest += chunk


@pytest.fixture
def fault_server() -> Iterator[Callable[[str], FaultServer]]:
    """Start a raw fault server: ``server = fault_server("reset")``; ``server.url``."""
    started: list[FaultServer] = []

    def start(mode: str) -> FaultServer:
        server = FaultServer(mode)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture
def closed_port() -> str:
    """The URL of a local port with no listener: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
