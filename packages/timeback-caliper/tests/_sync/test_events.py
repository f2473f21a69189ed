# This file is generated from packages/timeback-caliper/tests/_async/test_events.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""``client.events``: send (splitting, concurrency, validation first), validate, list, get."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from timeback_caliper import (
    ActivityEvent,
    SyncCaliperClient,
    CaliperError,
    StoredEvent,
)
from timeback_common import (
    APIResponseValidationError,
    BadRequestError,
    InputValidationError,
    NotFoundError,
)
from timeback_common.testing import SyncASGITransport
from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.timeback_emulator(seed=None)

SENSOR = "https://reading.example.com"
SEND = "/caliper/event"


def test_send_splits_events_into_envelopes_of_at_most_max_events(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
) -> None:
    events = [make_event() for _ in range(25)]

    receipt = client.events.send(SENSOR, events, max_events=10)

    assert receipt.envelope_count == 3
    assert receipt.event_count == 25
    assert receipt.ok
    assert len(receipt.job_ids) == 3
    assert sorted(stored()) == sorted(event.id for event in events)
    assert emu.request_count("POST", SEND, 200) == 3


def test_send_keeps_every_envelope_under_max_bytes(
    emu: InProcessEmulator,
    connect: Callable[..., SyncCaliperClient],
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
) -> None:
    bodies: list[bytes] = []

    def record(request: httpx.Request) -> None:
        if request.url.path == SEND:
            bodies.append(request.content)

    events = [make_event() for _ in range(10)]
    one = len(json.dumps(events[0].to_wire(), separators=(",", ":")))
    limit = 300 + 3 * one  # room for about three events
    with httpx.Client(
        transport=SyncASGITransport(emu.app), event_hooks={"request": [record]}
    ) as http:
        receipt = connect(http_client=http).events.send(SENSOR, events, max_bytes=limit)

    assert receipt.envelope_count == len(bodies) >= 4
    assert all(len(body) <= limit for body in bodies)
    assert sorted(len(json.loads(body)["data"]) for body in bodies) == [1, 3, 3, 3]
    assert sorted(stored()) == sorted(event.id for event in events)


def test_send_keeps_at_most_concurrency_envelopes_in_flight(
    emu: InProcessEmulator,
    connect: Callable[..., SyncCaliperClient],
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
) -> None:
    in_flight = 0
    most = 0

    def started(request: httpx.Request) -> None:
        nonlocal in_flight, most
        if request.url.path == SEND:
            in_flight += 1
            most = max(most, in_flight)

    def finished(response: httpx.Response) -> None:
        nonlocal in_flight
        if response.request.url.path == SEND:
            in_flight -= 1

    emu.add_fault(path_prefix=SEND, method="POST", latency_ms=20, count=None)
    events = [make_event() for _ in range(12)]
    with httpx.Client(
        transport=SyncASGITransport(emu.app),
        event_hooks={"request": [started], "response": [finished]},
    ) as http:
        connect(http_client=http).events.send(SENSOR, events, max_events=2, concurrency=2)

    assert 1 <= most <= 2
    assert sorted(stored()) == sorted(event.id for event in events)


def test_send_accepts_dicts_and_a_single_event(
    client: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
) -> None:
    as_dict = make_event().to_wire()
    del as_dict["@context"]  # added by the client
    single = make_event()

    client.events.send(SENSOR, [as_dict])
    client.events.send(SENSOR, single)

    assert stored() == [as_dict["id"], single.id]


def test_send_validates_every_event_before_sending_anything(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
) -> None:
    good = make_event().to_wire()
    bad = make_event().to_wire()
    bad["action"] = "Viewed"
    bad["actor"]["nickname"] = "Ada"

    with pytest.raises(InputValidationError) as raised:
        client.events.send(SENSOR, [good, bad])

    assert isinstance(raised.value, CaliperError)
    paths = {issue.path for issue in raised.value.issues}
    assert {"data[1].action", "data[1].actor.nickname"} <= paths
    assert emu.stats()["totalRequests"] == 0


@pytest.mark.parametrize(
    ("sensor", "events", "options"),
    [
        ("not an iri", None, {}),
        (SENSOR, [], {}),
        (SENSOR, None, {"max_events": 0}),
        (SENSOR, None, {"concurrency": 0}),
        (SENSOR, None, {"max_bytes": 100}),
    ],
)
def test_send_refuses_bad_arguments_without_sending(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
    sensor: str,
    events: list[ActivityEvent] | None,
    options: dict[str, int],
) -> None:
    with pytest.raises(InputValidationError) as raised:
        client.events.send(
            sensor,
            [make_event()] if events is None else events,
            **options,
        )

    assert isinstance(raised.value, CaliperError)
    assert emu.stats()["totalRequests"] == 0


def test_send_stops_at_the_first_refused_envelope_and_raises_its_error(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
) -> None:
    emu.add_fault(
        path_prefix=SEND,
        method="POST",
        status=400,
        body={"status": "error", "message": "Invalid Caliper envelope", "errors": [
            {"path": "data[0].object", "message": "unknown activity"}
        ]},
    )  # fmt: skip
    events = [make_event() for _ in range(6)]

    with pytest.raises(BadRequestError) as raised:
        client.events.send(SENSOR, events, max_events=2, concurrency=1)

    assert isinstance(raised.value, CaliperError)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [
        ("data[0].object", "unknown activity")
    ]
    assert emu.request_count("POST", SEND) == 1  # nothing after the refused envelope
    assert stored() == []


def test_send_counts_any_2xx_as_accepted_even_with_a_malformed_body(
    emu: InProcessEmulator, client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    emu.add_fault(path_prefix=SEND, method="POST", action="garbage")

    receipt = client.events.send(SENSOR, [make_event()])

    assert receipt.envelope_count == 1
    assert receipt.job_ids == []


def test_validate_checks_events_on_the_platform_and_stores_nothing(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
) -> None:
    receipt = client.events.validate(SENSOR, [make_event(), make_event()])

    assert receipt.ok
    assert receipt.results[0].message == "2 events valid"
    assert stored() == []
    assert emu.request_count("POST", "/caliper/event/validate", 200) == 1


def test_list_pages_through_stored_events_oldest_first(
    emu: InProcessEmulator,
    client: SyncCaliperClient,
    make_event: Callable[..., ActivityEvent],
) -> None:
    events = [make_event() for _ in range(25)]
    client.events.send(SENSOR, events, concurrency=1)
    client.events.send("https://other.example.com", [make_event()])

    listed = client.events.list(sensor=SENSOR, page_size=10).to_list()
    page = client.events.list(sensor=SENSOR, page_size=10).first_page()

    assert [event.external_id for event in listed] == [event.id for event in events]
    assert all(isinstance(event, StoredEvent) for event in listed)
    assert listed[0].sensor == SENSOR
    assert listed[0].type == "ActivityEvent"
    assert (page.total, len(page.items), page.has_more) == (25, 10, True)
    assert emu.request_count("GET", "/caliper/events") == 3 + 1


def test_list_filters_by_actor_and_time(
    client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    now = datetime.now(timezone.utc)
    old = make_event(event_time=now - timedelta(days=3))
    other_actor = make_event(
        actor={
            "id": "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u2",
            "type": "TimebackUser",
            "email": "grace@example.com",
        }
    )
    recent = make_event()
    client.events.send(SENSOR, [old, other_actor, recent])

    by_email = client.events.list(actor_email="grace@example.com").to_list()
    since = client.events.list(
        actor_id="u1", start_date=now - timedelta(days=1), end_date=now + timedelta(days=1)
    ).to_list()

    assert [event.external_id for event in by_email] == [other_actor.id]
    assert [event.external_id for event in since] == [recent.id]


def test_list_refuses_bad_paging_options_before_sending(
    emu: InProcessEmulator, client: SyncCaliperClient
) -> None:
    with pytest.raises(InputValidationError) as raised:
        client.events.list(page_size=5000)
    with pytest.raises(InputValidationError):
        client.events.list(start_date=datetime(2025, 1, 1))  # naive: ambiguous

    assert isinstance(raised.value, CaliperError)
    assert emu.stats()["totalRequests"] == 0


def test_get_returns_one_stored_event_by_its_id(
    client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    event = make_event()
    client.events.send(SENSOR, [event])

    got = client.events.get(event.id)

    assert got.external_id == event.id
    assert got.actor["email"] == "ada@example.com"
    assert got.generated["items"][0] == {"type": "xpEarned", "value": 10}


@pytest.mark.parametrize("event_id", ["urn:uuid:00000000-0000-4000-8000-000000000000", "a/b?c#d"])
def test_get_of_an_unknown_id_raises_not_found(client: SyncCaliperClient, event_id: str) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.events.get(event_id)

    assert isinstance(raised.value, CaliperError)
    assert raised.value.request_id


def test_a_malformed_list_answer_is_a_response_validation_error(
    emu: InProcessEmulator, client: SyncCaliperClient
) -> None:
    emu.add_fault(path_prefix="/caliper/events", method="GET", status=200, body={"rows": []})

    with pytest.raises(APIResponseValidationError) as raised:
        client.events.list().to_list()

    assert isinstance(raised.value, CaliperError)
