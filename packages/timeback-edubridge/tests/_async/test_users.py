"""Users by role (wire contract 5.2 #11): repeated parameters, list options, short-page paging."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import BadRequestError, InputValidationError
from timeback_edubridge import EdubridgeClient, EdubridgeError, EdubridgeUser
from timeback_emulator import InProcessEmulator

ROUTE = "/edubridge/users"


def ids(users: list[EdubridgeUser]) -> list[str | None]:
    return [user.sourced_id for user in users]


@pytest.mark.anyio
async def test_list_returns_users_whose_roles_are_all_among_those_given(
    client: EdubridgeClient,
) -> None:
    users = await client.users.list(["teacher", "administrator"]).to_list()

    assert users
    for user in users:
        assert {role.role for role in user.roles} <= {"teacher", "administrator"}


@pytest.mark.anyio
async def test_list_reads_edubridge_users_with_string_flags_and_grades(
    client: EdubridgeClient,
) -> None:
    students = await client.users.list("student").to_list()

    assert all(isinstance(user.enabled_user, bool) for user in students)
    assert all(isinstance(grade, str) for user in students for grade in user.grades)
    # Edubridge roles name their org by href only (pitfall 34).
    assert any(role.org is not None and role.org.href for u in students for role in u.roles)


@pytest.mark.anyio
async def test_paging_with_a_small_limit_returns_the_same_users_as_one_page(
    client: EdubridgeClient, emu: InProcessEmulator
) -> None:
    everyone = await client.users.list("student", limit=1000).to_list()
    emu.reset_stats()

    paged = await client.users.list("student", limit=7).to_list()

    assert ids(paged) == ids(everyone)
    # No total: pages of 7 until a short one (26 students: 7, 7, 7, 5).
    assert emu.request_count(route=ROUTE) == len(everyone) // 7 + 1


@pytest.mark.anyio
async def test_offset_and_max_items_select_a_window(client: EdubridgeClient) -> None:
    everyone = await client.users.list("student").to_list()

    window = await client.users.list("student", offset=5, limit=4, max_items=6).to_list()

    assert ids(window) == ids(everyone)[5:11]


@pytest.mark.anyio
async def test_first_page_says_whether_more_follow(client: EdubridgeClient) -> None:
    page = await client.users.list("student", limit=10).first_page()

    assert len(page) == 10
    assert (page.total, page.has_more, page.next_offset) == (None, True, 10)


@pytest.mark.anyio
async def test_streaming_yields_every_user_in_order(client: EdubridgeClient) -> None:
    everyone = await client.users.list("student").to_list()

    streamed = [user.sourced_id async for user in client.users.list("student", limit=8)]

    assert streamed == ids(everyone)


@pytest.mark.anyio
async def test_org_sourced_ids_keep_users_of_those_orgs(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    users = await client.users.list("student", org_sourced_ids=[seed["school_id"]]).to_list()

    assert users
    assert len(users) < len(await client.users.list("student").to_list())
    assert all(u.primary_org is not None for u in users)
    assert {u.primary_org.sourced_id for u in users if u.primary_org} == {seed["school_id"]}


@pytest.mark.anyio
async def test_fields_project_the_members_even_without_sourced_id(
    client: EdubridgeClient,
) -> None:
    users = await client.users.list("student", fields=["givenName", "email"], max_items=3).to_list()

    assert len(users) == 3
    assert all(u.sourced_id is None and u.given_name and u.email for u in users)


@pytest.mark.anyio
async def test_filter_sort_order_and_search_reach_the_platform(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    email = seed["student_email"]

    found = await client.users.list("student", search=email.split("@")[0]).to_list()
    filtered = await client.users.list("student", filter=f"email='{email}'").to_list()
    descending = await client.users.list("student", sort="familyName", order_by="desc").to_list()

    assert seed["student_id"] in ids(found)
    assert ids(filtered) == [seed["student_id"]]
    names = [u.family_name or "" for u in descending]
    assert names == sorted(names, reverse=True)


@pytest.mark.anyio
async def test_a_filter_the_platform_refuses_is_a_bad_request(client: EdubridgeClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.users.list("student", filter="noSuchField='x'").to_list()

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == ["filter"]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"roles": []}, "roles"),
        ({"roles": ["student", ""]}, "roles[1]"),
        ({"roles": "student", "order_by": "up"}, "order_by"),
        ({"roles": "student", "limit": 0}, "page_size"),
        ({"roles": "student", "limit": 3001}, "page_size"),
        ({"roles": "student", "offset": -1}, "offset"),
    ],
)
async def test_bad_list_arguments_are_refused_when_listing(
    client: EdubridgeClient, emu: InProcessEmulator, arguments: dict[str, Any], path: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.users.list(**arguments)

    assert isinstance(caught.value, EdubridgeError)
    assert path in [issue.path for issue in caught.value.issues]
    assert emu.stats()["totalRequests"] == 0
