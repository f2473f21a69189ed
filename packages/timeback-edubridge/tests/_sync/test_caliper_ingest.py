# This file is generated from packages/timeback-edubridge/tests/_async/test_caliper_ingest.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""The Edubridge Caliper ingest, ``POST E/caliper/event`` (wire contract 5.2 #23)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeback_common import APIConnectionError, BadRequestError, InputValidationError
from timeback_edubridge import SyncEdubridgeClient, EdubridgeError
from timeback_emulator import InProcessEmulator

INGEST = "/edubridge/caliper/event"


def test_sent_events_are_accepted_and_show_in_activity(
    client: SyncEdubridgeClient, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])

    result = client.caliper_ingest.send(
        "https://alphamath.example.com",
        [
            events.activity("2025-01-15T15:00:00.000Z", xpEarned=8, totalQuestions=2),
            events.time_spent("2025-01-15T15:10:00.000Z", active=240),
        ],
    )

    assert result.success is True
    summary = client.analytics.summary(
        student_id=seed["student_id"], start_date="2025-01-15", end_date="2025-01-15"
    )
    assert (summary.total_xp, summary.total_questions, summary.active_seconds) == (8, 2, 240)


def test_send_envelope_accepts_an_envelope_without_data_version(
    client: SyncEdubridgeClient, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    envelope = events.envelope(events.activity("2025-01-16T15:00:00.000Z", xpEarned=1))
    del envelope["dataVersion"]

    result = client.caliper_ingest.send_envelope(envelope)

    assert result.success is True


def test_an_invalid_event_is_a_bad_request_listing_the_problem(
    client: SyncEdubridgeClient, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    event = events.activity("2025-01-15T15:00:00.000Z", xpEarned=1)
    event["object"]["subject"] = "Astrology"

    with pytest.raises(BadRequestError) as caught:
        client.caliper_ingest.send("https://alphamath.example.com", [event])

    assert isinstance(caught.value, EdubridgeError)
    assert "data[0].object.subject" in [issue.path for issue in caught.value.issues]


def test_events_with_ids_are_resent_after_a_dropped_connection_and_stored_once(
    client: SyncEdubridgeClient,
    emu: InProcessEmulator,
    seed: dict[str, Any],
    caliper_json: Any,
    no_sleep: list[float],
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    stored = emu.stats()["caliperEventsStored"]
    emu.add_fault(path_prefix=INGEST, action="drop", count=1)

    result = client.caliper_ingest.send(
        "https://alphamath.example.com", [events.activity("2025-01-17T15:00:00.000Z", xpEarned=2)]
    )

    assert result.success is True
    assert len(no_sleep) == 1
    assert emu.stats()["caliperEventsStored"] == stored + 1


def test_an_envelope_with_an_event_without_id_is_not_resent(
    client: SyncEdubridgeClient,
    emu: InProcessEmulator,
    seed: dict[str, Any],
    caliper_json: Any,
    no_sleep: list[float],
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    entity = {"id": None, "type": "Entity"}
    emu.add_fault(path_prefix=INGEST, action="drop", count=1)

    with pytest.raises(APIConnectionError) as caught:
        client.caliper_ingest.send(
            "https://alphamath.example.com",
            [events.activity("2025-01-17T15:00:00.000Z", xpEarned=2), entity],
        )

    assert isinstance(caught.value, EdubridgeError)
    assert no_sleep == []


@pytest.mark.parametrize(
    ("sensor", "events", "path"),
    [
        ("", [{"id": "urn:uuid:x"}], "sensor"),
        ("https://app.example.com", [], "events"),
        ("https://app.example.com", ["not an event"], "events[0]"),
    ],
)
def test_a_bad_send_is_refused_before_sending(
    client: SyncEdubridgeClient, emu: InProcessEmulator, sensor: str, events: Any, path: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.caliper_ingest.send(sensor, events)

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == [path]
    assert emu.stats()["totalRequests"] == 0


def test_send_time_goes_out_in_utc_with_milliseconds(
    client: SyncEdubridgeClient, feed: Any, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    event = events.activity("2025-01-18T15:00:00.000Z", xpEarned=1)
    chicago = dt.timezone(dt.timedelta(hours=-6))

    client.caliper_ingest.send(
        "https://alphamath.example.com",
        [event],
        send_time=dt.datetime(2025, 1, 18, 9, 0, 0, 123456, tzinfo=chicago),
    )

    stored = feed.stored_event(event["id"])
    assert stored["sendTime"] == "2025-01-18T15:00:00.123Z"


def test_the_old_name_caliper_still_reaches_the_ingest_with_a_deprecation_warning(
    client: SyncEdubridgeClient,
) -> None:
    with pytest.warns(DeprecationWarning, match="caliper_ingest"):
        ingest = client.caliper

    assert ingest is client.caliper_ingest
