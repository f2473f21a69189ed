"""A client used after ``os.fork()`` or from a new event loop opens connections of its own.

gunicorn ``--preload``, Celery prefork and ``multiprocessing`` with fork build a client in the
parent and use it in children. A pooled keep-alive connection copied into a child is one socket
shared by two processes: each could read the other's answer. Over real HTTP (uvicorn on
loopback) a parent and a forked child here read different users many times over one client and
each must get only its own records, on connections the child opened itself, with the token
kept. Caliper senders refuse to run in a child with a typed error. One async client also serves
several ``asyncio.run()`` calls in turn.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from timeback_auth import ClientCredentialsAuth
from timeback_caliper import (
    AsyncBufferedSender,
    CaliperError,
    SyncBufferedSender,
    activity_completed,
)
from timeback_common import ConfigurationError
from timeback_core import SyncTimebackClient, TimebackClient
from timeback_emulator import EmulatorServer

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")

ROUNDS = 40
TOKEN_ROUTE = "/oauth2/token"
SENSOR = "https://reliability.example.com"


class Child:
    """A forked child running ``work`` while the parent goes on; `result` is its JSON answer."""

    def __init__(self, work: Callable[[], dict[str, Any]]) -> None:
        read_fd, write_fd = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12+ warns that forking a threaded process (pytest, uvicorn) may deadlock;
            # the child here touches only the client under test.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: never return into pytest
            try:
                os.close(read_fd)
                try:
                    answer = work()
                except BaseException as exc:  # reported to the parent, which fails the test
                    answer = {"crashed": f"{type(exc).__name__}: {exc}"}
                with os.fdopen(write_fd, "w") as out:
                    json.dump(answer, out)
            finally:
                os._exit(0)
        os.close(write_fd)
        self._pid = pid
        self._read_fd = read_fd

    def result(self, within: float = 60.0) -> dict[str, Any]:
        """The child's answer; a child that has not finished ``within`` seconds is killed and
        the test fails (the answers are small: the pipe never fills up)."""
        deadline = time.monotonic() + within
        while os.waitpid(self._pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
                os.close(self._read_fd)
                pytest.fail(f"the forked child did not finish within {within} s")
            time.sleep(0.02)
        with os.fdopen(self._read_fd) as answer:
            text = answer.read()
        result: dict[str, Any] = json.loads(text)
        assert "crashed" not in result, result["crashed"]
        return result


def connect(server: EmulatorServer, cls: Any) -> Any:
    return cls(
        base_url=server.base_url,
        auth_url=server.token_url,
        client_id=server.client_id,
        client_secret=server.client_secret,
    )


def pooled_connections(client: SyncTimebackClient | TimebackClient) -> list[object]:
    # White-box on purpose: the behaviour under test is which sockets a process sends on.
    return list(client.http_client._transport._pool.connections)  # type: ignore[union-attr]


def watch(connections: list[object], method: str) -> list[object]:
    """Record every request any of ``connections`` is asked to send (in the calling process)."""
    used: list[object] = []
    for connection in connections:
        send = getattr(connection, method)

        def recording(request: object, send: Any = send) -> Any:
            used.append(request)
            return send(request)

        setattr(connection, method, recording)
    return used


def test_a_forked_sync_client_never_shares_the_parents_connections(
    served: EmulatorServer, user_ids: Callable[[EmulatorServer], list[str]]
) -> None:
    # given a client with a pooled keep-alive connection and a token
    parent_id, child_id = user_ids(served)[:2]
    client = connect(served, SyncTimebackClient)
    assert client.oneroster.users.get(parent_id).sourced_id == parent_id
    inherited = pooled_connections(client)
    assert inherited, "the first call should leave a keep-alive connection in the pool"
    tokens = served.request_count("POST", TOKEN_ROUTE)

    def in_child() -> dict[str, Any]:
        used = watch(inherited, "handle_request")
        got = [str(client.oneroster.users.get(child_id).sourced_id) for _ in range(ROUNDS)]
        return {"got": got, "reused": bool(used), "open": len(pooled_connections(client))}

    # when parent and forked child read different users at the same time
    child = Child(in_child)
    got = [str(client.oneroster.users.get(parent_id).sourced_id) for _ in range(ROUNDS)]
    answer = child.result()

    # then each read only its own user, the child on connections of its own, with the token kept
    assert got == [parent_id] * ROUNDS
    assert answer["got"] == [child_id] * ROUNDS
    assert answer["reused"] is False
    assert answer["open"] >= 1
    assert served.request_count("POST", TOKEN_ROUTE) == tokens
    client.close()


def test_a_forked_async_client_never_shares_the_parents_connections(
    served: EmulatorServer, user_ids: Callable[[EmulatorServer], list[str]]
) -> None:
    # given an async client that made one call in the parent (pool and token filled)
    parent_id, child_id = user_ids(served)[:2]
    client = connect(served, TimebackClient)

    async def read(user_id: str, times: int) -> list[str]:
        return [str((await client.oneroster.users.get(user_id)).sourced_id) for _ in range(times)]

    async def read_and_keep_pool(user_id: str) -> list[object]:
        await read(user_id, 1)
        return pooled_connections(client)

    inherited = asyncio.run(read_and_keep_pool(parent_id))
    assert inherited
    tokens = served.request_count("POST", TOKEN_ROUTE)

    def in_child() -> dict[str, Any]:
        used = watch(inherited, "handle_async_request")
        got = asyncio.run(read(child_id, ROUNDS))
        return {"got": got, "reused": bool(used)}

    # when parent and child each run their own event loop over the one client
    child = Child(in_child)
    got = asyncio.run(read(parent_id, ROUNDS))
    answer = child.result()

    # then
    assert got == [parent_id] * ROUNDS
    assert answer["got"] == [child_id] * ROUNDS
    assert answer["reused"] is False
    assert served.request_count("POST", TOKEN_ROUTE) == tokens
    asyncio.run(client.close())


def test_one_async_client_serves_one_asyncio_run_after_another(
    served: EmulatorServer, user_ids: Callable[[EmulatorServer], list[str]]
) -> None:
    # given an async client built outside any event loop
    ids = user_ids(served)[:3]
    client = connect(served, TimebackClient)

    async def read(user_id: str) -> str:
        return str((await client.oneroster.users.get(user_id)).sourced_id)

    # when each call runs in a new event loop (the earlier ones closed)
    got = [asyncio.run(read(user_id)) for user_id in ids]

    # then every call worked, on one token at most, and the client closes from yet another loop
    assert got == ids
    assert served.request_count("POST", TOKEN_ROUTE) <= 1
    asyncio.run(client.close())
    assert client.is_closed


def test_a_sync_sender_refuses_to_run_in_a_forked_child(served: EmulatorServer) -> None:
    # given a started sender in the parent
    client = connect(served, SyncTimebackClient)
    sender = SyncBufferedSender(client.caliper, sensor=SENSOR)
    sender.start()

    def in_child() -> dict[str, Any]:
        refusals: list[list[Any]] = []
        uses: list[tuple[str, Callable[[], bool]]] = [
            ("flush", lambda: sender.flush(1.0)),
            ("close", sender.close),
        ]
        for name, use in uses:
            try:
                use()
            except ConfigurationError as exc:
                refusals.append([name, isinstance(exc, CaliperError), str(exc)])
        return {"refusals": refusals}

    # when the child uses it
    answer = Child(in_child).result()

    # then each use is refused with a typed error that says what to do
    assert [name for name, _, _ in answer["refusals"]] == ["flush", "close"]
    for _, is_caliper_error, message in answer["refusals"]:
        assert is_caliper_error
        assert "create a new sender in this process" in message.lower()
    # and the parent's sender is untouched
    assert sender.flush(5.0) is True
    assert sender.close() is True
    client.close()


def test_an_async_sender_refuses_to_run_in_a_forked_child(served: EmulatorServer) -> None:
    # given a sender created in the parent
    client = connect(served, TimebackClient)
    sender = AsyncBufferedSender(client.caliper, sensor=SENSOR)

    def in_child() -> dict[str, Any]:
        async def use() -> str:
            try:
                await sender.flush(1.0)
            except ConfigurationError as exc:
                return f"{isinstance(exc, CaliperError)} {exc}"
            return "accepted"

        return {"flush": asyncio.run(use())}

    # when the child uses it
    answer = Child(in_child).result()

    # then it is refused with a typed error (a CaliperError too)
    assert answer["flush"].startswith("True this Caliper sender was created in another process")

    # and the parent's sender works
    async def parent() -> bool:
        flushed = await sender.flush(5.0)
        return flushed and await sender.close()

    assert asyncio.run(parent()) is True
    asyncio.run(client.close())


def test_a_forked_child_gets_a_token_although_a_parent_thread_held_the_token_lock(
    served: EmulatorServer, user_ids: Callable[[EmulatorServer], list[str]]
) -> None:
    # given no cached token, and another thread of the parent holding the token lock at fork
    user_id = user_ids(served)[0]
    client = connect(served, SyncTimebackClient)
    auth = client.auth
    assert isinstance(auth, ClientCredentialsAuth)
    auth.cache.clear()
    entry = auth._entry
    held, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with entry.thread_lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_lock, daemon=True)
    holder.start()
    assert held.wait(5)

    def in_child() -> dict[str, Any]:
        return {"got": str(client.oneroster.users.get(user_id).sourced_id)}

    # when the child needs a token
    try:
        answer = Child(in_child).result(within=20.0)
    finally:
        release.set()
        holder.join(5)

    # then it fetched one instead of waiting forever for a lock nobody will release
    assert answer["got"] == user_id
    client.close()


def test_an_async_sender_refuses_an_event_loop_other_than_the_one_that_started_it(
    served: EmulatorServer,
) -> None:
    # given a sender started (and its events delivered) in one asyncio.run()
    client = connect(served, TimebackClient)
    sender = AsyncBufferedSender(client.caliper, sensor=SENSOR)
    event = activity_completed(
        actor={
            "id": "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u1",
            "type": "TimebackUser",
            "email": "ada@example.com",
            "role": "student",
        },
        object={
            "id": "https://reliability.example.com/activities/1",
            "type": "TimebackActivityContext",
            "subject": "Reading",
            "app": {"name": "Reliability"},
            "course": {"name": "Reading 3", "id": "https://example.com/courses/c1"},
            "activity": {"name": "Chapter 1"},
        },
        metrics={"xpEarned": 10},
    )

    async def emit_and_flush() -> bool:
        await sender.emit(event)
        return await sender.flush(5.0)

    assert asyncio.run(emit_and_flush()) is True

    # when a later asyncio.run() uses it, then a typed error says what to do (nothing is lost
    # silently: the event is not accepted)
    for use in (emit_and_flush, sender.close):
        with pytest.raises(ConfigurationError, match=r"(?i)create a new sender in this event loop"):
            asyncio.run(use())
    asyncio.run(client.close())
