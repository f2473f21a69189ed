# This file is generated from packages/timeback-oneroster/tests/_async/test_http.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Over real HTTP (the shared emulator server): concurrent paging, retried and resumed pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from timeback_emulator.app import EmulatorServer
from timeback_oneroster import InternalServerError, SyncOneRosterClient, OneRosterError

USERS_ROUTE = "/ims/oneroster/rostering/v1p2/users"


@pytest.fixture
def http_client(timeback_emulator: EmulatorServer) -> Iterator[SyncOneRosterClient]:
    with SyncOneRosterClient(
        base_url=timeback_emulator.base_url,
        auth_url=timeback_emulator.token_url,
        client_id=timeback_emulator.client_id,
        client_secret=timeback_emulator.client_secret,
    ) as client:
        yield client


def test_a_concurrent_walk_returns_every_record_in_server_order(
    http_client: SyncOneRosterClient, timeback_emulator: EmulatorServer
) -> None:
    sequential = http_client.users.list(limit=30, concurrency=1).to_list()

    concurrent = http_client.users.list(limit=4, concurrency=4).to_list()

    assert [u.sourced_id for u in concurrent] == [u.sourced_id for u in sequential]
    assert timeback_emulator.request_count("GET", route=USERS_ROUTE, status=200) == 1 + 8


def test_a_503_on_a_page_is_retried_and_the_walk_goes_on(
    http_client: SyncOneRosterClient, timeback_emulator: EmulatorServer
) -> None:
    timeback_emulator.add_fault(
        path_prefix=USERS_ROUTE, method="GET", status=503, retry_after=0, skip=1, count=1
    )

    users = http_client.users.list(limit=10, concurrency=1).to_list()

    assert len({u.sourced_id for u in users}) == 30
    assert timeback_emulator.request_count("GET", route=USERS_ROUTE, status=503) == 1


def test_after_a_failed_page_iteration_resumes_at_that_page(
    http_client: SyncOneRosterClient, timeback_emulator: EmulatorServer
) -> None:
    timeback_emulator.add_fault(path_prefix=USERS_ROUTE, method="GET", status=500, skip=1, count=1)
    paginator = http_client.with_options(max_retries=0).users.list(limit=10, concurrency=1)
    seen: list[str | None] = []

    def walk() -> None:
        for user in paginator:
            seen.append(user.sourced_id)

    with pytest.raises(InternalServerError) as caught:
        walk()
    assert isinstance(caught.value, OneRosterError)
    assert (len(seen), paginator.next_offset) == (10, 10)
    walk()

    assert len(seen) == len(set(seen)) == 30
