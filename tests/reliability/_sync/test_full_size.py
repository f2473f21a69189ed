# This file is generated from tests/reliability/_async/test_full_size.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""The fault matrix at full size, for representative faults (run by the default ``pytest``).

* a 10,000-user pull through `SyncTimebackClient`: a 503 mid-walk and every token expired mid-walk
  (in-process), and a dropped connection (real HTTP);
* 1,000 Caliper events: a 503 (in-process) and a dropped connection (real HTTP);
* a bulk upsert of 2,000 users: a 503 and every token expired mid-run.

Each completes with every record exactly once, checked against the emulator's store and
``/_emulator/stats``. Retry waits are recorded, not slept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from timeback_caliper import ActivityEvent
from timeback_core import SyncTimebackClient
from timeback_emulator import EmulatorServer, InProcessEmulator

from .conftest import Trigger

pytestmark = pytest.mark.slow

USERS = "/ims/oneroster/rostering/v1p2/users"
USER = USERS + "/{id}"
CALIPER = "/caliper/event"
TOKEN = "/oauth2/token"
SENSOR = "https://reliability.example.com"
DISTRICT = 10_000
PAGE = 500
EVENTS = 1_000
BULK = 2_000

Connect = Callable[..., SyncTimebackClient]
Emulator = InProcessEmulator | EmulatorServer


def pull_ids(client: SyncTimebackClient) -> list[str]:
    users = client.oneroster.users.list(limit=PAGE).to_list()
    return [str(user.sourced_id) for user in users]


@pytest.mark.parametrize("fault", ["503", "tokens-expired"])
def test_a_10000_user_pull_completes_through_a_transient_fault(
    fault: str,
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    user_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given a 10,000-user district and a fault in the middle of the walk
    emulator = make_emulator(seed="district")
    trigger = None
    if fault == "503":
        emulator.add_fault(path_prefix=USERS, skip=9, count=1, status=503)
    else:
        trigger = Trigger(USERS, 9, emulator.expire_tokens)
    client = connect(emulator, trigger)

    # when
    got = pull_ids(client)

    # then every user once, one successful request per page
    assert len(got) == DISTRICT
    assert got == user_ids(emulator)
    assert emulator.request_count("GET", USERS, 200) == DISTRICT // PAGE
    if fault == "503":
        assert emulator.request_count("GET", USERS, 503) == 1
    else:
        assert emulator.request_count("GET", USERS, 401) >= 1
        assert emulator.stats()["tokensIssued"] == 2


def test_a_10000_user_pull_over_http_completes_through_dropped_connections(
    district_server: EmulatorServer,
    connect: Connect,
    user_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    district_server.reset(data=False, faults=True, stats=True, tokens=False)
    district_server.add_fault(path_prefix=USERS, skip=5, count=1, action="drop")
    district_server.add_fault(path_prefix=USERS, skip=14, count=1, action="drop")
    client = connect(district_server)

    got = pull_ids(client)

    assert got == user_ids(district_server)
    assert len(got) == DISTRICT
    assert district_server.request_count("GET", USERS, 0) == 2  # dropped
    assert district_server.request_count("GET", USERS, 200) == DISTRICT // PAGE


@pytest.mark.parametrize("where", ["in-process-503", "http-drop"])
def test_1000_caliper_events_are_stored_exactly_once_through_a_transient_fault(
    where: str,
    make_emulator: Callable[..., InProcessEmulator],
    served: EmulatorServer,
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    emulator: Emulator
    if where == "in-process-503":
        emulator = make_emulator(seed=None)
        emulator.add_fault(path_prefix=CALIPER, method="POST", skip=3, count=2, status=503)
    else:
        emulator = served
        emulator.add_fault(path_prefix=CALIPER, method="POST", skip=3, count=2, action="drop")
    client = connect(emulator)
    events = make_events(EVENTS)

    receipt = client.caliper.events.send(SENSOR, events, max_events=50)

    assert receipt.envelope_count == EVENTS // 50
    assert sorted(stored_event_ids(emulator)) == sorted(event.id for event in events)
    assert emulator.request_count("POST", CALIPER, 200) == EVENTS // 50
    assert len(no_sleep) == 2


def test_a_2000_user_bulk_upsert_writes_every_user_once_through_faults(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Connect,
    user_ids: Callable[[Emulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given 2,000 new users, a 503 on one PUT and every token expired after 500 answers
    emulator = make_emulator(seed="tiny")
    before = user_ids(emulator)
    school = emulator.seed_summary()["summary"]["school_id"]
    users: list[dict[str, Any]] = [
        {
            "sourced_id": f"bulk-{i:05d}",
            "given_name": "Bulk",
            "family_name": f"User {i}",
            "enabled_user": True,
            "roles": [{"role_type": "primary", "role": "student", "org": school}],
        }
        for i in range(BULK)
    ]
    emulator.add_fault(path_prefix=USERS, method="PUT", skip=700, count=1, status=503)
    client = connect(emulator, Trigger(USERS, 500, emulator.expire_tokens))

    # when
    report = client.oneroster.users.bulk_upsert(users, concurrency=8)

    # then one successful result per user, in input order, and each stored once
    assert report.ok, report.failed[:3]
    assert [item.sourced_id for item in report] == [u["sourced_id"] for u in users]
    assert all(item.created for item in report)
    assert user_ids(emulator) == sorted([*before, *(u["sourced_id"] for u in users)])
    assert emulator.request_count("PUT", USER, 503) == 1
    assert emulator.request_count("POST", USERS, 201) == BULK
    assert emulator.stats()["tokensIssued"] == 2
