"""`EventBuffer`: when a batch is due, what it holds, flush watermarks, the full policy (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeback_caliper._batching import envelope_overhead
from timeback_caliper._buffer import AddResult, Batch, EventBuffer
from timeback_caliper._spool import EventSpool

SENSOR = "https://reading.example.com"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def payload(n: int, size: int = 20) -> bytes:
    body = f'{{"id":"urn:uuid:{n}"}}'.encode()
    return body + b" " * max(size - len(body), 0)


def make_buffer(clock: Clock, **kwargs: object) -> EventBuffer:
    options: dict[str, object] = {
        "sensor": SENSOR,
        "max_batch_events": 3,
        "max_batch_bytes": 10_000,
        "max_batch_age": 5.0,
        "max_pending": 100,
        "clock": clock,
    }
    options.update(kwargs)
    return EventBuffer(**options)  # type: ignore[arg-type]


def test_the_first_event_wakes_the_worker_and_starts_the_age_clock() -> None:
    clock = Clock()
    buffer = make_buffer(clock)

    assert buffer.seconds_until_due() is None
    assert buffer.add(payload(1)) is AddResult.WAKE
    assert buffer.add(payload(2)) is AddResult.QUEUED
    assert not buffer.ready()
    assert buffer.seconds_until_due() == 5.0
    assert buffer.take(4) == []  # a partial batch is not taken before it is due

    clock.now += 5.0
    assert buffer.ready()
    assert [batch.seqs for batch in buffer.take(4)] == [(1, 2)]


def test_a_full_batch_is_due_at_once_and_wakes_the_worker_once() -> None:
    buffer = make_buffer(Clock())

    results = [buffer.add(payload(n)) for n in range(1, 6)]

    assert results == [
        AddResult.WAKE,
        AddResult.QUEUED,
        AddResult.WAKE,  # the third event fills a batch
        AddResult.QUEUED,
        AddResult.QUEUED,
    ]
    assert buffer.ready()
    assert [batch.seqs for batch in buffer.take(4)] == [(1, 2, 3)]  # the rest waits
    assert buffer.pending == 5


def test_a_batch_is_also_full_when_the_next_event_would_not_fit_in_bytes() -> None:
    overhead = envelope_overhead(SENSOR)
    buffer = make_buffer(Clock(), max_batch_events=100, max_batch_bytes=overhead + 2 * 20 + 1)

    buffer.add(payload(1))
    buffer.add(payload(2))
    assert not buffer.ready()
    assert buffer.add(payload(3)) is AddResult.WAKE

    assert [batch.seqs for batch in buffer.take(4)] == [(1, 2)]


def test_take_never_exceeds_the_number_of_envelopes_asked() -> None:
    buffer = make_buffer(Clock())
    for n in range(1, 11):
        buffer.add(payload(n))

    batches = buffer.take(2)

    assert [batch.seqs for batch in batches] == [(1, 2, 3), (4, 5, 6)]


def test_flush_makes_everything_queued_so_far_due_and_waits_for_all_of_it() -> None:
    buffer = make_buffer(Clock())
    buffer.add(payload(1))
    buffer.add(payload(2))
    target = buffer.mark_flush()
    buffer.add(payload(3))  # after the flush: not waited for

    assert buffer.ready()
    (first,) = buffer.take(1)
    assert first.seqs == (1, 2, 3)
    assert not buffer.flushed(target)
    buffer.settle(first)
    assert buffer.flushed(target)


def test_the_flush_watermark_waits_for_an_earlier_batch_settled_last() -> None:
    buffer = make_buffer(Clock(), max_batch_events=1)
    for n in (1, 2, 3):
        buffer.add(payload(n))
    target = buffer.mark_flush()
    one, two, three = buffer.take(3)

    buffer.settle(three)
    buffer.settle(two)
    assert not buffer.flushed(target)  # event 1 is still in flight
    buffer.reject(one, "HTTP 400")
    assert buffer.flushed(target)
    assert buffer.stats().delivered == 2
    assert buffer.stats().rejected == 1


def test_add_answers_full_at_max_pending_until_something_ends() -> None:
    buffer = make_buffer(Clock(), max_pending=2)
    buffer.add(payload(1))
    buffer.add(payload(2))

    assert buffer.add(payload(3)) is AddResult.FULL
    assert not buffer.has_room()
    buffer.mark_flush()
    (batch,) = buffer.take(1)
    assert buffer.add(payload(3)) is AddResult.FULL  # in flight still counts
    buffer.settle(batch)
    assert buffer.has_room()
    assert buffer.stats().emitted == 2


def test_ending_a_batch_twice_counts_it_once() -> None:
    buffer = make_buffer(Clock())
    buffer.add(payload(1))
    buffer.mark_flush()
    (batch,) = buffer.take(1)

    buffer.settle(batch)
    buffer.settle(batch)

    assert buffer.pending == 0
    assert buffer.stats().delivered == 1


def test_abandon_lists_in_flight_and_queued_events_in_memory() -> None:
    buffer = make_buffer(Clock())
    for n in range(1, 6):
        buffer.add(payload(n))
    in_flight = buffer.take(1)

    abandoned = buffer.abandon(in_flight)

    assert [batch.seqs for batch in abandoned] == [(1, 2, 3), (4, 5)]
    assert buffer.pending == 0
    assert buffer.stats().abandoned == 5
    assert buffer.idle()


def test_halves_split_a_batch_in_order() -> None:
    batch = Batch((1, 2, 3), (b"a", b"b", b"c"))

    first, second = batch.halves()

    assert (first.seqs, first.payloads) == ((1,), (b"a",))
    assert (second.seqs, second.payloads) == ((2, 3), (b"b", b"c"))


def test_events_recovered_from_a_spool_are_due_at_once(tmp_path: Path) -> None:
    path = tmp_path / "spool.db"
    spool = EventSpool(path, sensor=SENSOR, platform="beyond-ai")
    spool.append([payload(1), payload(2)])
    spool.close()

    buffer = make_buffer(Clock(), spool=EventSpool(path, sensor=SENSOR, platform="beyond-ai"))

    assert buffer.stats().recovered == 2
    assert buffer.ready()
    (batch,) = buffer.take(1)
    assert batch.payloads == (payload(1), payload(2))
    buffer.settle(batch)
    assert buffer.idle()
    buffer.release()


def test_a_spooled_event_larger_than_the_current_limit_travels_alone(tmp_path: Path) -> None:
    path = tmp_path / "spool.db"
    spool = EventSpool(path, sensor=SENSOR, platform="beyond-ai")
    spool.append([payload(1), payload(2, size=500), payload(3)])
    spool.close()
    limit = envelope_overhead(SENSOR) + 100

    buffer = make_buffer(
        Clock(),
        max_batch_bytes=limit,
        spool=EventSpool(path, sensor=SENSOR, platform="beyond-ai"),
    )

    assert [batch.seqs for batch in buffer.take(5)] == [(1,), (2,), (3,)]
    buffer.release()


@pytest.mark.parametrize("closing", [True, False])
def test_closing_makes_a_partial_batch_due(closing: bool) -> None:
    buffer = make_buffer(Clock())
    buffer.add(payload(1))
    if closing:
        buffer.close()

    assert buffer.ready() is closing
    assert buffer.closing is closing


def test_events_left_after_a_full_batch_get_a_full_max_batch_age() -> None:
    clock = Clock()
    buffer = make_buffer(clock)
    buffer.add(payload(1))
    clock.now += 4.0
    for n in (2, 3, 4):
        buffer.add(payload(n))

    assert [batch.seqs for batch in buffer.take(2)] == [(1, 2, 3)]  # full; (4,) stays

    clock.now += 1.0  # the first event's deadline has passed, but (4,) is new
    assert not buffer.ready()
    assert buffer.seconds_until_due() == 4.0  # max_batch_age after the take
    clock.now += 4.0
    assert [batch.seqs for batch in buffer.take(2)] == [(4,)]


def test_no_event_is_queued_once_the_buffer_is_closing() -> None:
    buffer = make_buffer(Clock())
    buffer.close()

    assert buffer.add(payload(1)) is AddResult.CLOSED
    assert buffer.pending == 0
    assert buffer.has_room()  # so that waiting emitters wake up and see it
