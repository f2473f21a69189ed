"""The sync sender shared by threads: every event emitted from any thread is stored once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from timeback_auth import ClientCredentials, ClientCredentialsAuth, TokenCache
from timeback_caliper import ActivityEvent, SyncBufferedSender, SyncCaliperClient
from timeback_common.testing import SyncASGITransport
from timeback_emulator import InProcessEmulator
from timeback_emulator.caliper import EventStore

SENSOR = "https://reading.example.com"


@pytest.mark.timeback_emulator(seed=None)
@pytest.mark.parametrize("spooled", [False, True])
def test_events_emitted_from_many_threads_are_each_stored_once(
    timeback_emulator_app: InProcessEmulator,
    make_event: Callable[..., ActivityEvent],
    tmp_path: Path,
    spooled: bool,
) -> None:
    emu = timeback_emulator_app
    credentials = ClientCredentials(
        client_id=emu.client_id, client_secret=emu.client_secret, token_url=emu.token_url
    )
    per_thread = [[make_event() for _ in range(150)] for _ in range(4)]
    with (
        SyncCaliperClient(
            **emu.client_options(),
            transport=SyncASGITransport(emu.app),
            auth=ClientCredentialsAuth(credentials, cache=TokenCache()),
        ) as client,
        SyncBufferedSender(
            client,
            SENSOR,
            max_batch_events=37,
            max_pending=100,  # small: emitters also wait for room
            block_timeout=30,
            spool=tmp_path / "spool.db" if spooled else None,
        ) as sender,
    ):
        threads = [
            threading.Thread(target=lambda events=events: [sender.emit(e) for e in events])
            for events in per_thread
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sender.flush(timeout=60)

    stored, _ = EventStore(emu.store).list_events(limit=10_000, offset=0, sensor=SENSOR)
    ids = [event["externalId"] for event in stored]
    assert sorted(ids) == sorted(event.id for events in per_thread for event in events)
    assert sender.stats.delivered == 600
