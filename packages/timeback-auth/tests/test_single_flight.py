"""Concurrent callers that need a token share one token request (wire contract rule 2.6.3).

The token endpoint is slowed down a little so that every caller is waiting while the first token
request is in flight; without single-flight each of them would make its own request.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import anyio
import httpx
import pytest

from timeback_common import TokenError

CALLERS = 50


@pytest.mark.anyio
async def test_concurrent_async_first_calls_make_one_token_request(server, auth):
    # given a cold cache and a slow token endpoint
    server.state.token_delay = 0.2
    statuses: list[int] = []

    # when 50 tasks call the API at once
    async with httpx.AsyncClient(auth=auth) as client:

        async def call() -> None:
            statuses.append((await client.get(server.api_url)).status_code)

        async with anyio.create_task_group() as tg:
            for _ in range(CALLERS):
                tg.start_soon(call)

    # then one token request served all of them
    assert statuses == [200] * CALLERS
    assert len(server.state.token_requests) == 1


def test_concurrent_threaded_first_calls_make_one_token_request(server, auth):
    server.state.token_delay = 0.2
    start = threading.Barrier(CALLERS)

    with httpx.Client(auth=auth) as client:

        def call() -> int:
            start.wait()
            return client.get(server.api_url).status_code

        with ThreadPoolExecutor(max_workers=CALLERS) as pool:
            statuses = list(pool.map(lambda _: call(), range(CALLERS)))

    assert statuses == [200] * CALLERS
    assert len(server.state.token_requests) == 1


@pytest.mark.anyio
async def test_concurrent_callers_share_a_failed_token_request(server, auth):
    # given a token endpoint that fails its next answer, slowly
    server.state.token_delay = 0.2
    server.state.respond_next(500, {"error": "temporarily_unavailable"})
    outcomes: list[TokenError] = []

    async with httpx.AsyncClient(auth=auth) as client:

        async def call(index: int) -> None:
            try:
                await client.get(server.api_url, headers={"X-Request-ID": f"rid-{index}"})
            except TokenError as error:
                outcomes.append(error)

        async with anyio.create_task_group() as tg:
            for index in range(20):
                tg.start_soon(call, index)

    # then the one failure reached every waiting caller, each with its own request id
    assert len(server.state.token_requests) == 1
    assert len(outcomes) == 20
    assert {e.status_code for e in outcomes} == {500}
    assert {e.request_id for e in outcomes} == {f"rid-{i}" for i in range(20)}


def test_one_auth_serves_successive_event_loops(server, auth, cache):
    # given an auth used under contention in one event loop, then in a new one
    async def burst() -> list[int]:
        async with httpx.AsyncClient(auth=auth) as client:
            responses = await asyncio.gather(*(client.get(server.api_url) for _ in range(10)))
        return [r.status_code for r in responses]

    server.state.token_delay = 0.05
    first = asyncio.run(burst())
    cache.clear()
    second = asyncio.run(burst())

    # then no lock is carried over to the second loop, and each loop made one token request
    assert first == second == [200] * 10
    assert len(server.state.token_requests) == 2


def test_event_loops_in_several_threads_share_one_auth(server, auth):
    server.state.token_delay = 0.05

    async def burst() -> list[int]:
        async with httpx.AsyncClient(auth=auth) as client:
            responses = await asyncio.gather(*(client.get(server.api_url) for _ in range(10)))
        return [r.status_code for r in responses]

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: asyncio.run(burst()), range(3)))

    # each loop waits on its own lock: at most one token request per loop
    assert results == [[200] * 10] * 3
    assert 1 <= len(server.state.token_requests) <= 3


@pytest.mark.anyio
async def test_sync_and_async_callers_mixed_do_not_deadlock(server, auth):
    # given async tasks and threads (sync client) starting together on a cold cache
    server.state.token_delay = 0.1
    statuses: list[int] = []

    with httpx.Client(auth=auth) as sync_client:
        async with httpx.AsyncClient(auth=auth) as async_client:

            async def async_call() -> None:
                statuses.append((await async_client.get(server.api_url)).status_code)

            async def sync_call() -> None:
                response = await anyio.to_thread.run_sync(sync_client.get, server.api_url)
                statuses.append(response.status_code)

            async with anyio.create_task_group() as tg:
                for _ in range(10):
                    tg.start_soon(async_call)
                    tg.start_soon(sync_call)

    # then all complete; the two worlds each fetch at most once
    assert statuses == [200] * 20
    assert 1 <= len(server.state.token_requests) <= 2
