"""An upsert's POST carries the record's own ``sourcedId``, so it is retried like a PUT.

Rostering and resources upserts are ``PUT``, then on 404 ``POST`` with the id, and a 409 on that
POST becomes a ``PUT``. Repeating that POST cannot create a second record (the id is the
caller's; a repeat that finds the record answers 409 and turns into a PUT), so a 5xx on it is
retried instead of failing the item. A plain create, whose POST has no id of the caller's, is
still not repeated once it may have reached the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from timeback_common import InternalServerError
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator

USERS = "/ims/oneroster/rostering/v1p2/users"
USER: dict[str, Any] = {
    "givenName": "Ada",
    "familyName": "Lovelace",
    "enabledUser": True,
    "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "org-1"}}],
}


def user(sourced_id: str) -> dict[str, Any]:
    return {**USER, "sourcedId": sourced_id}


@pytest.mark.anyio
async def test_an_upserts_post_is_retried_after_a_server_error(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
) -> None:
    # given a server whose next POST to users fails with a 500
    emulator = make_emulator(seed="tiny")
    emulator.add_fault(path_prefix=USERS, method="POST", status=500, count=1)
    client = connect(emulator)

    # when a new user is upserted (PUT 404, then POST with its id)
    result = await client.oneroster.users.upsert("usr-upsert-retry", user("usr-upsert-retry"))

    # then the POST was retried once and the user created, once
    assert result.created is True
    assert emulator.request_count("POST", USERS, 500) == 1
    assert emulator.request_count("POST", USERS, 201) == 1
    assert len(no_sleep) == 1
    stored = await client.oneroster.users.get("usr-upsert-retry")
    assert stored.given_name == "Ada"


@pytest.mark.anyio
async def test_a_bulk_upsert_on_a_flaky_server_fails_no_item(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
) -> None:
    # given every third POST to users failing with a 500
    emulator = make_emulator(seed="tiny")
    for skip in range(0, 30, 3):
        emulator.add_fault(path_prefix=USERS, method="POST", status=500, skip=skip, count=1)
    client = connect(emulator)
    ids = [f"usr-flaky-{n}" for n in range(20)]

    # when new users are upserted in bulk, one at a time: concurrent items could interleave so
    # that one item's three attempts all land on failing requests (more than its two retries)
    report = await client.oneroster.users.bulk_upsert((user(i) for i in ids), concurrency=1)

    # then every item succeeded (created), none twice
    assert report.ok, [item.error for item in report.failed]
    assert [item.sourced_id for item in report] == ids
    assert all(item.created for item in report)
    assert emulator.request_count("POST", USERS, 201) == len(ids)


@pytest.mark.anyio
async def test_a_create_without_an_id_of_the_callers_is_not_repeated(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
) -> None:
    # given a POST that fails with a 500 (it may have acted)
    emulator = make_emulator(seed="tiny")
    emulator.add_fault(path_prefix=USERS, method="POST", status=500, count=1)
    client = connect(emulator)

    # when a user is created without a sourcedId
    with pytest.raises(InternalServerError):
        await client.oneroster.users.create(USER)

    # then it was sent once
    assert emulator.request_count("POST", USERS) == 1
    assert no_sleep == []
