"""Fixtures of timeback-webhooks' tests: Caliper event JSON and a local receiver over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
USERS = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/"
SENSOR = "https://reading.example.com"
OTHER_SENSOR = "https://math.example.com"
SUBJECTS = ("Math", "Reading", "Science", "Language")


def activity_event(
    index: int,
    *,
    subject: str | None = None,
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A valid Timeback ActivityEvent; ``index`` varies the subject, score and flags."""
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "action": "Completed",
        "actor": {
            "id": f"{USERS}student-{index % 7}",
            "type": "TimebackUser",
            "email": f"student{index % 7}@example.com",
        },
        "object": {
            "id": f"https://reading.example.com/activities/{index}",
            "type": "TimebackActivityContext",
            "subject": subject or SUBJECTS[index % len(SUBJECTS)],
            "app": {"name": "AlphaRead"},
        },
        "eventTime": "2026-11-02T10:00:00.000Z",
        "generated": {
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": "TimebackActivityMetricsCollection",
            "items": [{"type": "xpEarned", "value": index % 10}],
        },
        "extensions": extensions
        if extensions is not None
        else {"score": index % 10, "passed": index % 3 == 0, "label": f"item-{index}"},
    }


class ReceiverServer:
    """An ASGI application served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, app: Any) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def start(self) -> ReceiverServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the receiver did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._sock.close()


@pytest.fixture
def serve_receiver() -> Iterator[Callable[[Any], ReceiverServer]]:
    """Serve ASGI applications over real HTTP; all stopped after the test."""
    started: list[ReceiverServer] = []

    def serve(app: Any) -> ReceiverServer:
        server = ReceiverServer(app).start()
        started.append(server)
        return server

    yield serve
    for server in started:
        server.stop()


@pytest.fixture
def make_event() -> Callable[..., dict[str, Any]]:
    """`activity_event`: a valid Timeback ActivityEvent as JSON."""
    return activity_event
