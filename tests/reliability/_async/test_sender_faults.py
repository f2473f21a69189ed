"""The buffered Caliper sender under faults that used to stop it or make it spin.

* A 429 whose ``Retry-After`` is absurd (``10000000000`` seconds, or an HTTP date in the year
  9999): the sender waits at most ``retry_max_delay`` and sends again; its worker survives.
* Anything raised inside a delivery (here an ``OverflowError`` from an httpx hook) is reported
  as a retry; the worker goes on.
* A platform that never takes the event: closing reports it to ``on_error`` as abandoned.
* A full disk under the spool file: what is spooled is still delivered (and sent once),
  ``on_error`` and the stats say the file cannot be written, ``emit`` refuses new events with
  `SpoolError`, and everything recovers when there is room again.

Written once (async); ``scripts/unasync.py`` writes the sync twin, so both senders are tested.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from timeback_caliper import (
    ActivityEvent,
    AsyncBufferedSender,
    CaliperError,
    DeliveryFailure,
    SpoolError,
)
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator

from .conftest import Trigger

SENSOR = "https://reliability.example.com"
SEND = "/caliper/event"

Connect = Callable[..., TimebackClient]


def sender_for(client: TimebackClient, **kwargs: Any) -> AsyncBufferedSender:
    kwargs.setdefault("retry_initial_delay", 0.01)
    kwargs.setdefault("retry_max_delay", 0.05)
    kwargs.setdefault("max_batch_age", 0.01)
    return AsyncBufferedSender(client.caliper, SENSOR, **kwargs)


@pytest.mark.anyio
@pytest.mark.parametrize("retry_after", [1e10, "Fri, 31 Dec 9999 23:59:59 GMT"])
async def test_a_huge_retry_after_is_waited_for_at_most_retry_max_delay(
    retry_after: object,
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[InProcessEmulator], list[str]],
) -> None:
    # given a platform that answers one 429 asking to wait for centuries
    emulator = make_emulator(seed=None)
    emulator.add_fault(path_prefix=SEND, method="POST", status=429, retry_after=retry_after)
    failures: list[DeliveryFailure] = []
    events = make_events(3)

    # when
    async with sender_for(connect(emulator), on_error=failures.append) as sender:
        for event in events[:2]:
            await sender.emit(event)
        delivered = await sender.flush(timeout=20)
        await sender.emit(events[2])  # the worker is still there
        delivered_after = await sender.flush(timeout=20)

    # then
    assert delivered
    assert delivered_after
    assert sorted(stored_event_ids(emulator)) == sorted(event.id for event in events)
    assert [failure.outcome for failure in failures] == ["retrying"]
    assert sender.stats.delivered == 3


@pytest.mark.anyio
async def test_an_error_raised_inside_a_delivery_is_retried_and_the_worker_survives(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[InProcessEmulator], list[str]],
) -> None:
    # given a hook that raises what no delivery expects, once, after the platform stored it
    emulator = make_emulator(seed=None)

    def overflow() -> None:
        raise OverflowError("timeout value is too large")

    client = connect(emulator, trigger=Trigger(SEND, 1, overflow))
    failures: list[DeliveryFailure] = []
    events = make_events(4)

    # when
    async with sender_for(client, on_error=failures.append) as sender:
        for event in events:
            await sender.emit(event)
        delivered = await sender.flush(timeout=20)

    # then: sent again, stored once (the platform keeps each id once)
    assert delivered
    assert sorted(stored_event_ids(emulator)) == sorted(event.id for event in events)
    assert [failure.outcome for failure in failures] == ["retrying"]
    assert "too large" in str(failures[0].error)


@pytest.mark.anyio
async def test_an_event_the_platform_never_takes_is_reported_as_abandoned_at_close(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
) -> None:
    # given a platform that keeps asking to come back in 10 billion seconds
    emulator = make_emulator(seed=None)
    emulator.add_fault(path_prefix=SEND, method="POST", status=429, retry_after=1e10, count=None)
    failures: list[DeliveryFailure] = []
    sender = sender_for(connect(emulator), on_error=failures.append)
    event = make_events(1)[0]

    # when
    await sender.emit(event)
    flushed = await sender.flush(timeout=0.5)
    closed = await sender.close(timeout=0.5)

    # then: nothing is lost silently
    assert not flushed
    assert not closed
    assert failures[-1].outcome == "abandoned"
    assert failures[-1].event_ids == [event.id]
    assert {failure.outcome for failure in failures[:-1]} == {"retrying"}
    assert sender.stats.abandoned == 1


class FullDisk:
    """Stands in for the spool's SQLite connection: every write fails as on a full disk while
    ``full`` is set (reads and transaction control pass through)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.full = False

    def _check(self, sql: str) -> None:
        if self.full and sql.lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self.connection.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self.connection.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


def pending_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM pending").fetchone()[0])


@pytest.mark.anyio
async def test_a_full_disk_under_the_spool_is_reported_refuses_new_events_and_recovers(
    tmp_path: Path,
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[InProcessEmulator], list[str]],
) -> None:
    # given three events in the spool, waiting for their batch's age, then the disk fills up
    emulator = make_emulator(seed=None)
    spool = tmp_path / "events.db"
    failures: list[DeliveryFailure] = []
    sender = sender_for(
        connect(emulator), spool=spool, max_batch_age=3600.0, on_error=failures.append
    )
    events = make_events(5)
    for event in events[:3]:
        await sender.emit(event)
    disk = FullDisk(sender._buffer._spool._conn)  # type: ignore[union-attr]
    sender._buffer._spool._conn = disk  # type: ignore[union-attr,assignment]
    disk.full = True

    # when the spooled events are delivered while the file cannot be written
    delivered = await sender.flush(timeout=20)

    # then they are delivered once, and the failure is reported and counted
    assert delivered
    assert sorted(stored_event_ids(emulator)) == sorted(event.id for event in events[:3])
    assert emulator.request_count("POST", SEND) == 1
    stats = sender.stats
    assert (stats.delivered, stats.pending, stats.spool_backlog) == (3, 0, 3)
    assert stats.spool_failures >= 1
    assert failures
    assert {failure.outcome for failure in failures} == {"spool_error"}
    assert isinstance(failures[0].error, SpoolError)

    # and a new event is refused with a typed error, not accepted
    with pytest.raises(SpoolError, match="disk is full") as refused:
        await sender.emit(events[3])
    assert isinstance(refused.value, CaliperError)
    assert sender.stats.emitted == 3

    # when there is room again
    disk.full = False
    await sender.emit(events[4])
    delivered = await sender.flush(timeout=20)
    closed = await sender.close(timeout=20)

    # then the backlog is written, the new event delivered, and the file holds nothing
    assert delivered
    assert closed
    assert sorted(stored_event_ids(emulator)) == sorted(
        event.id for event in [*events[:3], events[4]]
    )
    assert (sender.stats.delivered, sender.stats.spool_backlog) == (4, 0)
    assert pending_rows(spool) == 0


@pytest.mark.anyio
async def test_a_spool_that_reaches_its_size_limit_refuses_events_until_it_has_room(
    tmp_path: Path,
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[InProcessEmulator], list[str]],
) -> None:
    # given a spool file SQLite may not grow by more than a few pages (a full disk, for it)
    emulator = make_emulator(seed=None)
    sender = sender_for(connect(emulator), spool=tmp_path / "events.db", max_batch_age=3600.0)
    connection = sender._buffer._spool._conn  # type: ignore[union-attr]
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count={pages + 2}")
    events = make_events(60)

    # when events are emitted until the file is full
    accepted: list[ActivityEvent] = []
    refusal: SpoolError | None = None
    for event in events:
        try:
            await sender.emit(event)
        except SpoolError as exc:
            refusal = exc
            break
        accepted.append(event)
    refused = sender.stats

    # and then there is room again
    connection.execute(f"PRAGMA max_page_count={pages + 10_000}")
    await sender.emit(events[-1])
    delivered = await sender.flush(timeout=20)
    closed = await sender.close(timeout=20)

    # then every accepted event was delivered once, and the refusal was counted
    assert refusal is not None
    assert "full" in str(refusal)
    assert 0 < len(accepted) < len(events)
    assert refused.spool_failures == 1
    assert refused.emitted == len(accepted)
    assert delivered
    assert closed
    assert sorted(stored_event_ids(emulator)) == sorted(e.id for e in [*accepted, events[-1]])
