# This file is generated from packages/timeback-caliper/tests/_async/test_learnwith.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""LearnWith.AI: events are rewritten on every path that sends them; the rest is unavailable.

The platform is configured exactly as a user would (``platform="learnwith-ai"``, base URL
mode against the emulator). A second, Beyond-AI client reads back what the emulator stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from timeback_caliper import (
    ActivityEvent,
    SyncBufferedSender,
    SyncCaliperClient,
    CaliperError,
    StoredEvent,
)
from timeback_common import UnsupportedOperationError
from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.timeback_emulator(seed=None)

SENSOR = "https://reading.example.com"


@pytest.fixture
def learnwith(connect: Callable[..., SyncCaliperClient]) -> SyncCaliperClient:
    return connect(platform="learnwith-ai")


def assert_rewritten(event: StoredEvent) -> None:
    assert event.profile == "AggregationProfile"
    assert event.actor == {"type": "Person", "id": event.actor["id"]}
    assert event.object["type"] == "AssignableDigitalResource"
    assert event.object["isPartOf"]["type"] == "CourseOffering"
    assert event.generated["type"] == "ActivityMetricsCollection"
    assert event.generated["items"][0]["metricType"] == "XpEarned"
    assert event.session == "urn:tag:auto-attach"


def test_send_rewrites_events_and_posts_them_to_the_learnwith_path(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    learnwith: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
) -> None:
    events = [make_event() for _ in range(3)]

    receipt = learnwith.events.send(SENSOR, events)

    assert receipt.ok
    assert emu.request_count("POST", "/caliper/v1p2", 200) == 1
    assert emu.request_count("POST", "/caliper/event") == 0
    stored = client.events.list(sensor=SENSOR).to_list()
    assert [event.external_id for event in stored] == [event.id for event in events]
    for event in stored:
        assert_rewritten(event)


def test_the_buffered_sender_rewrites_events_too(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    learnwith: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
    tmp_path: Path,
) -> None:
    events = [make_event() for _ in range(4)]

    with SyncBufferedSender(learnwith, SENSOR, spool=tmp_path / "spool.db") as sender:
        for event in events:
            sender.emit(event)
        assert sender.flush(timeout=10)

    stored = client.events.list(sensor=SENSOR).to_list()
    assert sorted(e.external_id or "" for e in stored) == sorted(e.id for e in events)
    for event in stored:
        assert_rewritten(event)
    assert emu.request_count("POST", "/caliper/v1p2", 200) == 1


def test_operations_learnwith_lacks_raise_unsupported_without_sending(
    emu: InProcessEmulator, learnwith: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    for attempt in (
        lambda: learnwith.events.validate(SENSOR, [make_event()]),
        lambda: learnwith.events.get("urn:uuid:00000000-0000-4000-8000-000000000000"),
        lambda: learnwith.jobs.get("job"),
        lambda: learnwith.jobs.wait("job"),
    ):
        with pytest.raises(UnsupportedOperationError) as raised:
            attempt()
        assert isinstance(raised.value, CaliperError)
        assert "learnwith-ai" in str(raised.value)
    with pytest.raises(UnsupportedOperationError):
        learnwith.events.list()

    assert emu.stats()["totalRequests"] == 0
