"""The Edubridge Caliper ingest, ``POST E/caliper/event`` (wire contract 5.2 #23)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeback_common import APIConnectionError, BadRequestError, InputValidationError
from timeback_edubridge import EdubridgeClient, EdubridgeError
from timeback_emulator import InProcessEmulator

INGEST = "/edubridge/caliper/event"


@pytest.mark.anyio
async def test_sent_events_are_accepted_and_show_in_activity(
    client: EdubridgeClient, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])

    result = await client.caliper_ingest.send(
        "https://alphamath.example.com",
        [
            events.activity("2025-01-15T15:00:00.000Z", xpEarned=8, totalQuestions=2),
            events.time_spent("2025-01-15T15:10:00.000Z", active=240),
        ],
    )

    assert result.success is True
    summary = await client.analytics.summary(
        student_id=seed["student_id"], start_date="2025-01-15", end_date="2025-01-15"
    )
    assert (summary.total_xp, summary.total_questions, summary.active_seconds) == (8, 2, 240)


@pytest.mark.anyio
async def test_send_envelope_accepts_an_envelope_without_data_version(
    client: EdubridgeClient, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    envelope = events.envelope(events.activity("2025-01-16T15:00:00.000Z", xpEarned=1))
    del envelope["dataVersion"]

    result = await client.caliper_ingest.send_envelope(envelope)

    assert result.success is True


@pytest.mark.anyio
async def test_an_invalid_event_is_a_bad_request_listing_the_problem(
    client: EdubridgeClient, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    event = events.activity("2025-01-15T15:00:00.000Z", xpEarned=1)
    event["object"]["subject"] = "Astrology"

    with pytest.raises(BadRequestError) as caught:
        await client.caliper_ingest.send("https://alphamath.example.com", [event])

    assert isinstance(caught.value, EdubridgeError)
    assert "data[0].object.subject" in [issue.path for issue in caught.value.issues]


@pytest.mark.anyio
async def test_events_with_ids_are_resent_after_a_dropped_connection_and_stored_once(
    client: EdubridgeClient,
    emu: InProcessEmulator,
    seed: dict[str, Any],
    caliper_json: Any,
    no_sleep: list[float],
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    stored = emu.stats()["caliperEventsStored"]
    emu.add_fault(path_prefix=INGEST, action="drop", count=1)

    result = await client.caliper_ingest.send(
        "https://alphamath.example.com", [events.activity("2025-01-17T15:00:00.000Z", xpEarned=2)]
    )

    assert result.success is True
    assert len(no_sleep) == 1
    assert emu.stats()["caliperEventsStored"] == stored + 1


@pytest.mark.anyio
async def test_an_envelope_with_an_event_without_id_is_not_resent(
    client: EdubridgeClient,
    emu: InProcessEmulator,
    seed: dict[str, Any],
    caliper_json: Any,
    no_sleep: list[float],
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    entity = {"id": None, "type": "Entity"}
    emu.add_fault(path_prefix=INGEST, action="drop", count=1)

    with pytest.raises(APIConnectionError) as caught:
        await client.caliper_ingest.send(
            "https://alphamath.example.com",
            [events.activity("2025-01-17T15:00:00.000Z", xpEarned=2), entity],
        )

    assert isinstance(caught.value, EdubridgeError)
    assert no_sleep == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("sensor", "events", "path"),
    [
        ("", [{"id": "urn:uuid:x"}], "sensor"),
        ("https://app.example.com", [], "events"),
        ("https://app.example.com", ["not an event"], "events[0]"),
    ],
)
async def test_a_bad_send_is_refused_before_sending(
    client: EdubridgeClient, emu: InProcessEmulator, sensor: str, events: Any, path: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.caliper_ingest.send(sensor, events)

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == [path]
    assert emu.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_send_time_goes_out_in_utc_with_milliseconds(
    client: EdubridgeClient, feed: Any, seed: dict[str, Any], caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    event = events.activity("2025-01-18T15:00:00.000Z", xpEarned=1)
    chicago = dt.timezone(dt.timedelta(hours=-6))

    await client.caliper_ingest.send(
        "https://alphamath.example.com",
        [event],
        send_time=dt.datetime(2025, 1, 18, 9, 0, 0, 123456, tzinfo=chicago),
    )

    stored = await feed.stored_event(event["id"])
    assert stored["sendTime"] == "2025-01-18T15:00:00.123Z"


@pytest.mark.anyio
async def test_the_old_name_caliper_still_reaches_the_ingest_with_a_deprecation_warning(
    client: EdubridgeClient,
) -> None:
    with pytest.warns(DeprecationWarning, match="caliper_ingest"):
        ingest = client.caliper

    assert ingest is client.caliper_ingest
