"""Safe retries: under injected faults every event is stored exactly once.

Events carry ids and the platform stores each id once, so the client marks Caliper sends
idempotent and the base client retries them after 503s, dropped connections and lost
responses as well as after 429s. Each test counts what the emulator stored (every id, once)
and what it answered (the faults really happened), for ``events.send`` and for the buffered
sender, which keeps retrying past the base client's own retries.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from timeback_caliper import (
    ActivityEvent,
    AsyncBufferedSender,
    CaliperClient,
    CaliperError,
    DeliveryFailure,
)
from timeback_common import InternalServerError
from timeback_common.testing import AsyncASGITransport
from timeback_emulator import EmulatorServer, InProcessEmulator
from timeback_emulator.caliper import EventStore

pytestmark = pytest.mark.timeback_emulator(seed=None)

SENSOR = "https://reading.example.com"
SEND = "/caliper/event"


def post_count(emu: InProcessEmulator, status: int | None = None) -> int:
    return emu.request_count("POST", SEND, status)


@pytest.mark.anyio
async def test_send_retries_a_503_without_retry_after_and_stores_each_event_once(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
) -> None:
    # given two 503s (no Retry-After: a plain POST would not be retried)
    emu.add_fault(path_prefix=SEND, method="POST", status=503, count=2)
    events = [make_event() for _ in range(30)]

    # when
    receipt = await client.events.send(SENSOR, events, max_events=10)

    # then
    assert receipt.envelope_count == 3
    assert sorted(stored()) == sorted(event.id for event in events)
    assert post_count(emu, 503) == 2
    assert post_count(emu, 200) == 3


@pytest.mark.anyio
async def test_send_retries_dropped_connections(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
) -> None:
    emu.add_fault(path_prefix=SEND, method="POST", action="drop", count=2)
    events = [make_event() for _ in range(12)]

    await client.events.send(SENSOR, events, max_events=5, concurrency=1)

    assert sorted(stored()) == sorted(event.id for event in events)
    assert post_count(emu, 0) == 2  # status 0: dropped on purpose


@pytest.mark.anyio
async def test_send_honours_retry_after_on_429(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
) -> None:
    emu.add_fault(path_prefix=SEND, method="POST", status=429, retry_after=3, count=2)
    events = [make_event() for _ in range(4)]

    await client.events.send(SENSOR, events)

    assert sorted(stored()) == sorted(event.id for event in events)
    assert no_sleep == [3.0, 3.0]


@pytest.mark.anyio
async def test_a_response_lost_after_the_platform_stored_the_events_creates_no_duplicate(
    emu: InProcessEmulator,
    connect: Callable[..., CaliperClient],
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
) -> None:
    # given: the emulator stores the envelope, then the connection dies before the answer
    # arrives (the case that makes a retried non-idempotent POST create duplicates; the
    # emulator's own faults fire before the request is processed, so a hook cuts it here)
    lost: list[str] = []

    async def lose_first_answer(response: httpx.Response) -> None:
        if response.request.url.path == SEND and not lost:
            lost.append(response.request.headers["x-request-id"])
            raise httpx.ReadError("connection reset by peer", request=response.request)

    events = [make_event() for _ in range(8)]
    async with httpx.AsyncClient(
        transport=AsyncASGITransport(emu.app), event_hooks={"response": [lose_first_answer]}
    ) as http:
        client = connect(http_client=http)

        # when
        receipt = await client.events.send(SENSOR, events)

    # then: the envelope went twice (same request id), the events are stored once
    assert receipt.envelope_count == 1
    assert post_count(emu, 200) == 2
    assert sorted(stored()) == sorted(event.id for event in events)
    assert len(stored()) == len(set(stored())) == 8


@pytest.mark.anyio
async def test_send_raises_a_caliper_error_after_a_storm_longer_than_the_retries(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
) -> None:
    emu.add_fault(path_prefix=SEND, method="POST", status=503, count=None)
    events = [make_event() for _ in range(3)]

    with pytest.raises(InternalServerError) as raised:
        await client.events.send(SENSOR, events)

    assert isinstance(raised.value, CaliperError)
    assert raised.value.status_code == 503
    assert post_count(emu, 503) == 3  # the first attempt and two retries
    assert stored() == []

    # and sending the same events again once the storm is over stores each once
    emu.clear_faults()
    await client.events.send(SENSOR, events)
    assert sorted(stored()) == sorted(event.id for event in events)


@pytest.mark.anyio
async def test_buffered_sender_rides_out_a_503_storm_longer_than_the_client_retries(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    # given a storm of 8 503s: more than the base client's 3 attempts per envelope
    emu.add_fault(path_prefix=SEND, method="POST", status=503, count=8)
    failures: list[DeliveryFailure] = []
    events = [make_event() for _ in range(40)]

    # when
    async with make_sender(client, max_batch_events=10, on_error=failures.append) as sender:
        for event in events:
            await sender.emit(event)
        delivered = await sender.flush(timeout=30)

    # then
    assert delivered
    assert sorted(stored()) == sorted(event.id for event in events)
    assert post_count(emu, 503) == 8
    assert sender.stats.delivered == 40
    assert failures
    assert {failure.outcome for failure in failures} == {"retrying"}
    assert all(isinstance(failure.error, InternalServerError) for failure in failures)


@pytest.mark.anyio
async def test_buffered_sender_delivers_exactly_once_through_mixed_faults(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    # given 503s, then dropped connections, then 429s with Retry-After
    emu.add_fault(path_prefix=SEND, method="POST", status=503, count=3)
    emu.add_fault(path_prefix=SEND, method="POST", action="drop", count=3)
    emu.add_fault(path_prefix=SEND, method="POST", status=429, retry_after=0.2, count=4)
    events = [make_event() for _ in range(60)]

    # when
    async with make_sender(client, max_batch_events=7, concurrency=3) as sender:
        for event in events:
            await sender.emit(event)
        assert await sender.flush(timeout=30)

    # then every fault fired and every event is stored once
    assert post_count(emu, 503) == 3
    assert post_count(emu, 0) == 3
    assert post_count(emu, 429) == 4
    assert sorted(stored()) == sorted(event.id for event in events)
    assert sender.stats.delivered == 60
    assert sender.stats.pending == 0


@pytest.mark.anyio
async def test_over_real_http_every_event_survives_503s_cut_connections_and_429s(
    timeback_emulator: EmulatorServer,
    make_event: Callable[..., ActivityEvent],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    # given a real server (uvicorn on loopback) that cuts connections mid-response
    server = timeback_emulator
    events = [make_event() for _ in range(50)]

    # when sending through a 503 and a cut connection (within the client's retries), then
    # emitting through a longer storm of all three
    async with CaliperClient(
        **server.client_options(),
    ) as client:
        server.add_fault(path_prefix=SEND, method="POST", status=503, count=1)
        server.add_fault(path_prefix=SEND, method="POST", action="drop", count=1)
        receipt = await client.events.send(SENSOR, events[:20], max_events=10, concurrency=1)
        server.add_fault(path_prefix=SEND, method="POST", status=503, count=2)
        server.add_fault(path_prefix=SEND, method="POST", action="drop", count=2)
        server.add_fault(path_prefix=SEND, method="POST", status=429, retry_after=0.1, count=3)
        async with make_sender(client, max_batch_events=10) as sender:
            for event in events[20:]:
                await sender.emit(event)
            assert await sender.flush(timeout=30)

    # then
    stored, _ = EventStore(server.app.state.store).list_events(limit=1000, offset=0, sensor=SENSOR)
    ids = [event["externalId"] for event in stored]
    assert receipt.envelope_count == 2
    assert sorted(ids) == sorted(event.id for event in events)
    assert server.request_count("POST", SEND, 0) == 3
    assert server.request_count("POST", SEND, 503) == 3
    assert server.request_count("POST", SEND, 429) == 3
