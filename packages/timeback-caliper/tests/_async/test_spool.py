"""The durable spool: events survive a sender that could not deliver them, exactly once.

(The crash itself, a process killed with events in its spool, is ``tests/test_crash.py``.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from timeback_caliper import (
    ActivityEvent,
    AsyncBufferedSender,
    CaliperClient,
    CaliperError,
    DeliveryFailure,
)
from timeback_common import ConfigurationError
from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.timeback_emulator(seed=None)

SENSOR = "https://reading.example.com"
SEND = "/caliper/event"


def pending_rows(spool: Path) -> int:
    # closed at once: an open connection would keep the next sender from locking the file
    with closing(sqlite3.connect(spool)) as conn:
        return int(conn.execute("SELECT count(*) FROM pending").fetchone()[0])


@pytest.mark.anyio
async def test_a_new_sender_delivers_what_an_earlier_one_left_in_the_spool(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    tmp_path: Path,
    no_sleep: list[float],
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    # given a sender that closes while the platform is down
    spool = tmp_path / "events.db"
    emu.add_fault(path_prefix=SEND, method="POST", status=503, count=None)
    failures: list[DeliveryFailure] = []
    first = make_sender(client, spool=spool, max_batch_events=3, on_error=failures.append)
    events = [make_event() for _ in range(10)]
    for event in events:
        await first.emit(event)
    assert not await first.close(timeout=0.2)
    assert pending_rows(spool) == 10
    assert all(f.spooled for f in failures)

    # when the platform is back and a new sender opens the spool
    emu.clear_faults()
    second = make_sender(client, spool=spool)
    assert second.stats.recovered == 10
    await second.start()
    assert await second.flush(timeout=10)
    assert await second.close()

    # then every event is stored once and the spool is empty
    assert sorted(stored()) == sorted(event.id for event in events)
    assert pending_rows(spool) == 0
    assert second.stats.delivered == 10


@pytest.mark.anyio
async def test_events_are_in_the_spool_file_before_emit_returns(
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    tmp_path: Path,
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    spool = tmp_path / "events.db"
    sender = make_sender(client, spool=spool, max_batch_age=3600)
    await sender.emit(make_event())

    # the sender holds the file exclusively; the committed row is visible after closing it
    # without delivery (close with no time at all)
    assert not await sender.close(timeout=0)
    assert pending_rows(spool) == 1


@pytest.mark.anyio
async def test_closing_delivers_spooled_events_of_an_earlier_run_without_new_emits(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
    tmp_path: Path,
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    spool = tmp_path / "events.db"
    first = make_sender(client, spool=spool, max_batch_age=3600)
    event = make_event()
    await first.emit(event)
    await first.close(timeout=0)

    assert await make_sender(client, spool=spool).close()

    assert stored() == [event.id]


@pytest.mark.anyio
async def test_a_spool_file_serves_one_sender_at_a_time(
    client: CaliperClient, tmp_path: Path, make_sender: Callable[..., AsyncBufferedSender]
) -> None:
    spool = tmp_path / "events.db"
    first = make_sender(client, spool=spool)

    with pytest.raises(ConfigurationError) as raised:
        make_sender(client, spool=spool)

    assert isinstance(raised.value, CaliperError)
    assert "in use" in str(raised.value)
    await first.close()
    await make_sender(client, spool=spool).close()  # free again


@pytest.mark.anyio
async def test_a_spool_file_refuses_another_sensor_or_platform(
    connect: Callable[..., CaliperClient],
    tmp_path: Path,
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    spool = tmp_path / "events.db"
    await make_sender(connect(), spool=spool).close()

    with pytest.raises(ConfigurationError, match="sensor"):
        make_sender(connect(), spool=spool, sensor="https://other.example.com")
    with pytest.raises(ConfigurationError, match="platform"):
        make_sender(connect(platform="learnwith-ai"), spool=spool)


@pytest.mark.anyio
async def test_refused_events_are_kept_in_the_spools_rejected_table(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    tmp_path: Path,
    make_sender: Callable[..., AsyncBufferedSender],
) -> None:
    spool = tmp_path / "events.db"
    emu.add_fault(path_prefix=SEND, method="POST", status=422, count=None)
    event = make_event()

    async with make_sender(client, spool=spool) as sender:
        await sender.emit(event)
        assert await sender.flush(timeout=10)

    with closing(sqlite3.connect(spool)) as conn:
        rows = conn.execute("SELECT event, error FROM rejected").fetchall()
    assert len(rows) == 1
    assert event.id in rows[0][0].decode()
    assert "422" in rows[0][1]
    assert pending_rows(spool) == 0
