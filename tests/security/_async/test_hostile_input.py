"""Hostile ids and filter values cannot reach another resource or alter a query.

Every id is percent-encoded as one path segment (wire contract 3.4, pitfall 1) and every filter
value is quoted with ``'`` doubled (pitfall 2), so what an attacker controls stays data: the
emulator's ``/_emulator/stats`` shows each request reached the one route it was meant for, and a
filter value shaped like an injection matches nothing instead of everything.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from timeback_common import InputValidationError, NotFoundError
from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator
from timeback_oneroster import F, OneRosterClient, OneRosterError

USERS = "/ims/oneroster/rostering/v1p2/users"
USER = USERS + "/{id}"

HOSTILE_IDS = [
    "../classes",
    "a/b",
    "x/../../../oauth2/token",
    "a?limit=1&offset=0",
    "a#fragment",
    "%2e%2e",
    "a%2Fb",
    "id with spaces",
    "a+b",
    "a;b=c",
    "http://evil.example/users/1",
    "//evil.example",
    "\u00e9l\u00e8ve-\u4e2d\u6587",
    "' OR '1'='1",
    "a\\b",
]


@pytest.fixture
def emulator() -> InProcessEmulator:
    return InProcessEmulator(seed="tiny", client_id=f"security-{uuid.uuid4().hex[:12]}")


@pytest.fixture
async def client(emulator: InProcessEmulator) -> AsyncIterator[OneRosterClient]:
    async with OneRosterClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=AsyncASGITransport(emulator.app),
    ) as client:
        yield client


@pytest.mark.anyio
@pytest.mark.parametrize("hostile", HOSTILE_IDS)
async def test_a_hostile_id_reaches_only_the_one_user_route(
    hostile: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    # when an unknown hostile id is read
    with pytest.raises(NotFoundError) as caught:
        await client.users.get(hostile)

    # then it was a 404 of the single-user route, and nothing else was requested
    assert isinstance(caught.value, OneRosterError)
    requests = [r for r in emulator.stats()["requests"] if r["route"] != "/oauth2/token"]
    assert requests == [{"method": "GET", "route": USER, "status": 404, "count": 1}]


@pytest.mark.anyio
@pytest.mark.parametrize("hostile", HOSTILE_IDS)
async def test_a_hostile_id_round_trips_as_one_record(
    hostile: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    # given a user stored under the hostile id
    school = emulator.seed_summary()["summary"]["school_id"]
    users_before = emulator.store.count("users")
    await client.users.upsert(
        hostile,
        {
            "given_name": "Hostile",
            "family_name": "Id",
            "enabled_user": True,
            "roles": [{"role_type": "primary", "role": "student", "org": school}],
        },
    )

    # then exactly that id was stored, and it reads back
    assert emulator.store.count("users") == users_before + 1
    assert emulator.store.get("users", hostile) is not None
    assert (await client.users.get(hostile)).sourced_id == hostile


@pytest.mark.anyio
@pytest.mark.parametrize("hostile", ["", ".", ".."])
async def test_an_empty_or_dot_segment_id_is_refused_before_sending(
    hostile: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.users.get(hostile)
    assert isinstance(caught.value, OneRosterError)
    assert emulator.request_count() == 0


@pytest.mark.anyio
@pytest.mark.parametrize(
    "value",
    [
        "x' OR '1'='1",
        "x' OR status='active",
        "') OR (status='active",
        "x%27 OR 1=1",
        "x&filter=status='active'",
        "a+b",
        "x'; DROP TABLE doc_users; --",
    ],
)
async def test_a_hostile_filter_value_stays_one_quoted_literal(
    value: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    # when the value is compared through the builder and the dict form
    by_builder = await client.users.list(filter=F("givenName") == value).to_list()
    by_dict = await client.users.list(filter={"familyName": value}).to_list()

    # then it matched nothing (not every user) and the store is intact
    assert by_builder == []
    assert by_dict == []
    assert emulator.store.count("users") == emulator.seed_summary()["summary"]["users"]


@pytest.mark.anyio
async def test_a_filter_value_with_a_quote_matches_the_record_holding_it(
    emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    school = emulator.seed_summary()["summary"]["school_id"]
    await client.users.upsert(
        "quote-user",
        {
            "given_name": "O'Brien' OR '1'='1",
            "family_name": "Quote",
            "enabled_user": True,
            "roles": [{"role_type": "primary", "role": "student", "org": school}],
        },
    )

    found = await client.users.list(filter=F("givenName") == "O'Brien' OR '1'='1").to_list()

    assert [user.sourced_id for user in found] == ["quote-user"]


@pytest.mark.anyio
async def test_a_hostile_search_value_does_not_add_query_parameters(
    emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    page = await client.users.list(search="zz&limit=1&offset=5", limit=7).first_page()
    assert page.items == []
    assert emulator.request_count("GET", USERS, 200) == 1
