"""The buffered sender: batching by size and age, flush and close, the full-buffer policy,
refused events, and never losing an event silently."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from timeback_caliper import (
    ActivityEvent,
    AsyncBufferedSender,
    BufferFullError,
    CaliperClient,
    CaliperError,
    DeliveryFailure,
    SenderClosedError,
)
from timeback_common import BadRequestError, InputValidationError
from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.timeback_emulator(seed=None)

SENSOR = "https://reading.example.com"
SEND = "/caliper/event"
HOUR = 3600.0


def platform_down(emu: InProcessEmulator) -> None:
    emu.add_fault(path_prefix=SEND, method="POST", status=503, count=None)


@pytest.mark.anyio
async def test_emit_returns_before_anything_is_sent_and_flush_delivers(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    events = [make_event() for _ in range(5)]
    async with make_sender(client, max_batch_age=HOUR) as sender:
        for event in events:
            await sender.emit(event)
        assert emu.request_count("POST", SEND) == 0
        assert sender.stats.pending == 5

        assert await sender.flush(timeout=10)

        assert stored() == [event.id for event in events]
        assert sender.stats.pending == 0
        assert emu.request_count("POST", SEND) == 1


@pytest.mark.anyio
async def test_a_full_batch_is_sent_without_waiting_for_a_flush(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    eventually: Callable[[Callable[[], bool]], Awaitable[None]],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    async with make_sender(client, max_batch_events=4, max_batch_age=HOUR) as sender:
        events = [make_event() for _ in range(9)]
        for event in events:
            await sender.emit(event)

        await eventually(lambda: sender.stats.delivered == 8)

        assert sorted(stored()) == sorted(event.id for event in events[:8])
        assert emu.request_count("POST", SEND) == 2  # two full batches; the ninth event waits
        assert sender.stats.pending == 1


@pytest.mark.anyio
async def test_a_batch_is_sent_when_its_oldest_event_reaches_max_batch_age(
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    eventually: Callable[[Callable[[], bool]], Awaitable[None]],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    async with make_sender(client, max_batch_age=0.05) as sender:
        event = make_event()
        await sender.emit(event)

        await eventually(lambda: sender.stats.delivered == 1)

        assert stored() == [event.id]


@pytest.mark.anyio
async def test_close_delivers_what_is_pending_and_refuses_new_events(
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    sender = make_sender(client, max_batch_age=HOUR)
    events = [make_event() for _ in range(3)]
    for event in events:
        await sender.emit(event)

    assert await sender.close()

    assert stored() == [event.id for event in events]
    assert sender.closed
    with pytest.raises(SenderClosedError) as raised:
        await sender.emit(make_event())
    assert isinstance(raised.value, CaliperError)
    assert await sender.close()  # closing twice is harmless


@pytest.mark.anyio
async def test_emit_validates_the_event_at_once(
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    bad = make_event().to_wire()
    bad["profile"] = "NoSuchProfile"
    async with make_sender(client) as sender:
        with pytest.raises(InputValidationError) as raised:
            await sender.emit(bad)

        assert isinstance(raised.value, CaliperError)
        assert sender.stats.emitted == 0


@pytest.mark.anyio
async def test_emit_refuses_an_event_too_large_for_an_envelope(
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    async with make_sender(client, max_batch_bytes=400) as sender:
        with pytest.raises(InputValidationError):
            await sender.emit(make_event())


@pytest.mark.anyio
async def test_a_full_buffer_makes_emit_raise_after_block_timeout_without_losing_anything(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    # given the platform down and a buffer of three events, full
    platform_down(emu)
    sender = make_sender(client, max_pending=3, block_timeout=0.05, max_batch_age=0)
    accepted = [make_event() for _ in range(3)]
    for event in accepted:
        await sender.emit(event)

    # when a fourth event comes
    with pytest.raises(BufferFullError) as raised:
        await sender.emit(make_event())

    # then it is refused (the caller keeps it), and the three accepted ones are still there
    assert isinstance(raised.value, CaliperError)
    assert raised.value.pending == 3
    assert sender.stats.emitted == 3
    assert sender.stats.pending == 3
    emu.clear_faults()
    assert await sender.close()
    assert sorted(stored()) == sorted(event.id for event in accepted)


@pytest.mark.anyio
async def test_block_timeout_zero_refuses_at_once_when_full(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    platform_down(emu)
    sender = make_sender(client, max_pending=1, block_timeout=0)
    await sender.emit(make_event())

    with pytest.raises(BufferFullError):
        await sender.emit(make_event())

    emu.clear_faults()
    assert await sender.close()


@pytest.mark.anyio
async def test_emit_waits_for_room_when_the_buffer_drains_in_time(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    # given a full buffer and a platform that comes back after the first failed delivery
    platform_down(emu)

    def recover(failure: DeliveryFailure) -> None:
        emu.clear_faults()

    sender = make_sender(client, max_pending=2, block_timeout=20, max_batch_age=0, on_error=recover)
    events = [make_event() for _ in range(3)]

    # when
    for event in events:
        await sender.emit(event)  # the third waits for the first two to be delivered
    assert await sender.close()

    # then
    assert sorted(stored()) == sorted(event.id for event in events)


@pytest.mark.anyio
async def test_a_refused_envelope_is_split_until_the_refused_event_is_isolated(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    # given the platform refuses the first envelope of four events, then accepts
    emu.add_fault(path_prefix=SEND, method="POST", status=400, count=1)
    failures: list[DeliveryFailure] = []
    events = [make_event() for _ in range(4)]

    async with make_sender(client, max_batch_age=HOUR, on_error=failures.append) as sender:
        for event in events:
            await sender.emit(event)
        assert await sender.flush(timeout=10)

    # then the halves went out again and were accepted
    assert sorted(stored()) == sorted(event.id for event in events)
    assert emu.request_count("POST", SEND, 400) == 1
    assert emu.request_count("POST", SEND, 200) == 2
    assert failures == []


@pytest.mark.anyio
async def test_an_event_refused_on_its_own_is_reported_and_not_retried(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    emu.add_fault(path_prefix=SEND, method="POST", status=400, count=None)
    failures: list[DeliveryFailure] = []
    event = make_event()

    async with make_sender(client, on_error=failures.append) as sender:
        await sender.emit(event)
        assert await sender.flush(timeout=10)

    assert stored() == []
    assert emu.request_count("POST", SEND, 400) == 1
    assert [failure.outcome for failure in failures] == ["rejected"]
    assert failures[0].event_ids == [event.id]
    assert isinstance(failures[0].error, BadRequestError)
    assert sender.stats.rejected == 1
    assert sender.stats.pending == 0


@pytest.mark.anyio
async def test_close_that_runs_out_of_time_reports_every_undelivered_event(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    platform_down(emu)
    failures: list[DeliveryFailure] = []
    sender = make_sender(client, max_batch_events=2, on_error=failures.append)
    events = [make_event() for _ in range(5)]
    for event in events:
        await sender.emit(event)

    delivered = await sender.close(timeout=0.2)

    assert not delivered
    abandoned = [f for f in failures if f.outcome == "abandoned"]
    assert sorted(i for f in abandoned for i in f.event_ids) == sorted(e.id for e in events)
    assert not any(f.spooled for f in abandoned)
    assert sender.stats.abandoned == 5
    assert sender.stats.pending == 0


@pytest.mark.anyio
async def test_a_callback_that_raises_does_not_stop_delivery(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    emu.add_fault(path_prefix=SEND, method="POST", status=503, count=3)

    def broken(failure: DeliveryFailure) -> None:
        raise RuntimeError("bug in the application's callback")

    event = make_event()
    async with make_sender(client, on_error=broken) as sender:
        await sender.emit(event)
        assert await sender.flush(timeout=10)

    assert stored() == [event.id]


@pytest.mark.anyio
async def test_sender_arguments_are_checked(client: CaliperClient) -> None:
    with pytest.raises(InputValidationError) as raised:
        AsyncBufferedSender(client, SENSOR, max_batch_events=0, block_timeout=-1, concurrency=0)
    with pytest.raises(InputValidationError):
        AsyncBufferedSender(client, "not an iri")

    assert isinstance(raised.value, CaliperError)
    assert {issue.path for issue in raised.value.issues} == {
        "max_batch_events",
        "block_timeout",
        "concurrency",
    }
