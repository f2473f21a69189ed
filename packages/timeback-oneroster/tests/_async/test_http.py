"""Over real HTTP (the shared emulator server): concurrent paging, retried and resumed pages."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from timeback_emulator.app import EmulatorServer
from timeback_oneroster import InternalServerError, OneRosterClient, OneRosterError

USERS_ROUTE = "/ims/oneroster/rostering/v1p2/users"


@pytest.fixture
async def http_client(timeback_emulator: EmulatorServer) -> AsyncIterator[OneRosterClient]:
    async with OneRosterClient(
        **timeback_emulator.client_options(),
    ) as client:
        yield client


@pytest.mark.anyio
async def test_a_concurrent_walk_returns_every_record_in_server_order(
    http_client: OneRosterClient, timeback_emulator: EmulatorServer
) -> None:
    sequential = await http_client.users.list(limit=30, concurrency=1).to_list()

    concurrent = await http_client.users.list(limit=4, concurrency=4).to_list()

    assert [u.sourced_id for u in concurrent] == [u.sourced_id for u in sequential]
    assert timeback_emulator.request_count("GET", route=USERS_ROUTE, status=200) == 1 + 8


@pytest.mark.anyio
async def test_a_503_on_a_page_is_retried_and_the_walk_goes_on(
    http_client: OneRosterClient, timeback_emulator: EmulatorServer
) -> None:
    timeback_emulator.add_fault(
        path_prefix=USERS_ROUTE, method="GET", status=503, retry_after=0, skip=1, count=1
    )

    users = await http_client.users.list(limit=10, concurrency=1).to_list()

    assert len({u.sourced_id for u in users}) == 30
    assert timeback_emulator.request_count("GET", route=USERS_ROUTE, status=503) == 1


@pytest.mark.anyio
async def test_after_a_failed_page_iteration_resumes_at_that_page(
    http_client: OneRosterClient, timeback_emulator: EmulatorServer
) -> None:
    timeback_emulator.add_fault(path_prefix=USERS_ROUTE, method="GET", status=500, skip=1, count=1)
    paginator = http_client.with_options(max_retries=0).users.list(limit=10, concurrency=1)
    seen: list[str | None] = []

    async def walk() -> None:
        async for user in paginator:
            seen.append(user.sourced_id)

    with pytest.raises(InternalServerError) as caught:
        await walk()
    assert isinstance(caught.value, OneRosterError)
    assert (len(seen), paginator.next_offset) == (10, 10)
    await walk()

    assert len(seen) == len(set(seen)) == 30
