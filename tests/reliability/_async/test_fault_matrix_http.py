"""The fault matrix over a real socket: dropped connections and read timeouts.

An emulator served by uvicorn on loopback really cuts the connection mid-response (``drop``)
and really answers late (a latency fault past the client's read timeout), so these rows run
over real HTTP: the users pull (250 users, pages of 50), Caliper events (60 in envelopes of 10)
and a broadcast to a healthy in-process tenant and the faulty served one. Transient: the
operation completes with every record once. Persistent: `APIConnectionError` /
`APITimeoutError`, also the service's root error. Retry waits are recorded, not slept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import httpx
import pytest

from timeback_caliper import ActivityEvent, CaliperError
from timeback_common import APIConnectionError, APITimeoutError, async_sleep
from timeback_core import TimebackClient, TimebackManager
from timeback_emulator import EmulatorServer, InProcessEmulator
from timeback_oneroster import OneRosterError

USERS = "/ims/oneroster/rostering/v1p2/users"
CALIPER = "/caliper/event"
SENSOR = "https://reliability.example.com"
# Only the read phase is short: a connect or pool wait on a loaded machine must not count as the
# fault. The latency is four read timeouts, so a late page is never mistaken for an answer.
READ_TIMEOUT = httpx.Timeout(10.0, read=0.5)
LATENCY_MS = 2000

Connect = Callable[..., TimebackClient]
Emulator = InProcessEmulator | EmulatorServer


class HttpFault(NamedTuple):
    spec: dict[str, Any]  # the emulator's add_fault keywords
    error: type[Exception]  # what a persistent fault ends in
    options: dict[str, Any]  # client keywords


HTTP_FAULTS = [
    pytest.param(HttpFault({"action": "drop"}, APIConnectionError, {}), id="dropped-connection"),
    pytest.param(
        HttpFault(
            {"action": "latency", "latency_ms": LATENCY_MS},
            APITimeoutError,
            {"timeout": READ_TIMEOUT},
        ),
        id="read-timeout",
        marks=pytest.mark.slow,  # each row waits out real read timeouts
    ),
]
each_http_fault = pytest.mark.parametrize("fault", HTTP_FAULTS)


async def wait_for_late_requests(emulator: EmulatorServer, method: str, path: str, n: int) -> None:
    """Give requests the client gave up on time to reach the store (bounded; not an assertion)."""
    for _ in range(30):
        if emulator.request_count(method, path) >= n:
            return
        await async_sleep(0.05)


@pytest.mark.anyio
@each_http_fault
async def test_pull_over_http_completes_through_a_transient_fault(
    fault: HttpFault,
    served: EmulatorServer,
    connect: Connect,
    user_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given a fault on the second page request
    served.add_fault(path_prefix=USERS, skip=1, count=1, **fault.spec)
    client = connect(served, **fault.options)

    # when
    users = await client.oneroster.users.list(limit=50).to_list()

    # then every user once, and one successful request per page
    assert [str(user.sourced_id) for user in users] == user_ids(served)
    ok_pages = served.request_count("GET", USERS, 200)
    if fault.spec["action"] == "drop":
        assert ok_pages == 5
    else:  # the page the client gave up on may be answered (to nobody) too
        assert ok_pages in (5, 6)
    assert len(no_sleep) == 1


@pytest.mark.anyio
@each_http_fault
async def test_pull_over_http_ends_in_the_typed_error_under_a_persistent_fault(
    fault: HttpFault,
    served: EmulatorServer,
    connect: Connect,
    no_sleep: list[float],
) -> None:
    served.add_fault(path_prefix=USERS, count=None, **fault.spec)
    client = connect(served, **fault.options)

    with pytest.raises(fault.error) as caught:
        await client.oneroster.users.list(limit=50).to_list()

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.request_id  # type: ignore[attr-defined]
    assert len(no_sleep) == 2  # two retries, then the error


@pytest.mark.anyio
@each_http_fault
async def test_caliper_over_http_stores_each_event_once_through_a_transient_fault(
    fault: HttpFault,
    served: EmulatorServer,
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given a fault on the second envelope; a late envelope is still stored by the emulator
    served.add_fault(path_prefix=CALIPER, method="POST", skip=1, count=1, **fault.spec)
    client = connect(served, **fault.options)
    events = make_events(60)

    # when
    receipt = await client.caliper.events.send(SENSOR, events, max_events=10, concurrency=2)
    await wait_for_late_requests(served, "POST", CALIPER, 7)

    # then every event is stored once, whether or not the abandoned envelope arrived too
    assert receipt.envelope_count == 6
    assert sorted(stored_event_ids(served)) == sorted(event.id for event in events)
    assert len(no_sleep) == 1  # the fault fired once and was retried once
    if fault.spec["action"] == "drop":
        assert served.request_count("POST", CALIPER, 0) == 1  # dropped: counted as status 0


@pytest.mark.anyio
@each_http_fault
async def test_caliper_over_http_ends_in_the_typed_error_under_a_persistent_fault(
    fault: HttpFault,
    served: EmulatorServer,
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    served.add_fault(path_prefix=CALIPER, method="POST", count=None, **fault.spec)
    client = connect(served, **fault.options)
    events = make_events(20)

    with pytest.raises(fault.error) as caught:
        await client.caliper.events.send(SENSOR, events, max_events=10, concurrency=1)

    assert isinstance(caught.value, CaliperError)
    stored = stored_event_ids(served)
    assert len(stored) == len(set(stored))


@pytest.mark.anyio
@each_http_fault
async def test_broadcast_over_http_completes_and_isolates_a_persistent_fault(
    fault: HttpFault,
    served: EmulatorServer,
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    user_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    healthy = make_emulator(seed="tiny")
    manager = TimebackManager()
    manager.register("healthy", connect(healthy, **fault.options))
    manager.register("served", connect(served, **fault.options))

    async def pull(client: TimebackClient) -> list[str]:
        return [str(u.sourced_id) for u in await client.oneroster.users.list(limit=50).to_list()]

    # transient: both tenants complete
    served.add_fault(path_prefix=USERS, skip=1, count=1, **fault.spec)
    results = await manager.broadcast(pull)
    assert results.all_succeeded, results.failed
    assert dict(results.succeeded) == {"healthy": user_ids(healthy), "served": user_ids(served)}

    # persistent: the served tenant fails with the typed error, the healthy one is unaffected
    served.add_fault(path_prefix=USERS, count=None, **fault.spec)
    results = await manager.broadcast(pull)
    assert dict(results.succeeded) == {"healthy": user_ids(healthy)}
    failure = dict(results.failed)["served"]
    assert isinstance(failure, fault.error)
    assert isinstance(failure, OneRosterError)
    await manager.close()
