"""Lists against the emulator: paging honours offset, limit and max_items with the fewest
requests; filters (builder, dict, raw), sort, fields and search reach the server intact."""

from __future__ import annotations

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import (
    BadRequestError,
    F,
    InputValidationError,
    OneRosterClient,
    OneRosterError,
    User,
)

USERS_ROUTE = "/ims/oneroster/rostering/v1p2/users"


def page_requests(emulator: InProcessEmulator, route: str = USERS_ROUTE) -> int:
    return emulator.request_count("GET", route=route, status=200)


@pytest.mark.anyio
async def test_awaiting_a_list_returns_every_record_without_an_extra_request(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    users = await client.users.list(limit=7).to_list()

    assert len(users) == seed.counts["users"] == 30
    assert len({user.sourced_id for user in users}) == 30
    assert page_requests(emulator) == 5  # 7+7+7+7+2: the total stops the walk, no empty page


@pytest.mark.anyio
async def test_iterating_streams_the_same_records_in_order(client: OneRosterClient) -> None:
    everything = await client.users.list().to_list()

    streamed = [user.sourced_id async for user in client.users.list(limit=4, concurrency=1)]

    assert streamed == [user.sourced_id for user in everything]


@pytest.mark.anyio
async def test_the_callers_offset_is_honoured(client: OneRosterClient) -> None:
    everything = await client.users.list().to_list()

    tail = await client.users.list(offset=25, limit=2).to_list()

    assert [u.sourced_id for u in tail] == [u.sourced_id for u in everything[25:]]


@pytest.mark.anyio
async def test_max_items_bounds_records_and_requests(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    users = await client.users.list(limit=5, max_items=7).to_list()

    assert len(users) == 7
    assert page_requests(emulator) == 2


@pytest.mark.anyio
async def test_breaking_out_of_a_stream_stops_fetching(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    seen = 0
    async for _ in client.users.list(limit=3, concurrency=1):
        seen += 1
        if seen == 4:
            break

    assert page_requests(emulator) == 2


@pytest.mark.anyio
async def test_first_page_reports_total_and_next_offset(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    page = await client.users.list(limit=10, offset=5).first_page()

    assert len(page.items) == 10
    assert (page.total, page.offset, page.next_offset, page.has_more) == (30, 5, 15, True)
    assert page_requests(emulator) == 1


@pytest.mark.anyio
async def test_a_limit_above_3000_is_sent_as_3000(client: OneRosterClient) -> None:
    # The emulator answers 400 to a limit above 3000, so success proves the cap.
    page = await client.users.list(limit=10_000).first_page()

    assert (page.limit, len(page.items)) == (3000, 30)


@pytest.mark.anyio
async def test_a_builder_filter_escapes_quotes(client: OneRosterClient) -> None:
    users = await client.users.list(filter=F("familyName") == "O'Brien").to_list()

    assert users
    assert {user.family_name for user in users} == {"O'Brien"}


@pytest.mark.anyio
async def test_a_dict_filter_means_and_of_equalities_with_lists_as_any_of(
    client: OneRosterClient,
) -> None:
    users = await client.users.list(
        filter={"status": "active", "roles.role": ["teacher", "administrator"]}
    ).to_list()

    assert users
    for user in users:
        assert {role.role for role in user.roles} & {"teacher", "administrator"}


@pytest.mark.anyio
async def test_a_raw_filter_is_sent_unchanged(client: OneRosterClient) -> None:
    students = await client.users.list(filter="roles.role='student' AND status='active'").to_list()
    everyone = await client.users.list().to_list()

    assert 0 < len(students) < len(everyone)
    assert all(any(role.role == "student" for role in user.roles) for user in students)


@pytest.mark.anyio
async def test_a_plus_in_a_filter_value_is_not_read_as_a_space(client: OneRosterClient) -> None:
    users = await client.users.list(filter={"sourcedId": "usr+plus"}).to_list()

    assert [user.sourced_id for user in users] == ["usr+plus"]


@pytest.mark.anyio
async def test_an_unknown_filter_field_is_a_400_invalid_filter_field(
    client: OneRosterClient,
) -> None:
    paginator = client.users.list(filter={"favouriteColour": "blue"})

    with pytest.raises(BadRequestError) as caught:
        await paginator.to_list()

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.code_minor == ("invalid_filter_field",)


@pytest.mark.anyio
async def test_sort_and_order_by_reach_the_server(client: OneRosterClient) -> None:
    users = await client.users.list(sort="familyName", order_by="desc").to_list()

    names = [user.family_name or "" for user in users]
    assert names == sorted(names, reverse=True)


@pytest.mark.anyio
async def test_fields_limit_the_members_of_each_record(client: OneRosterClient) -> None:
    users = await client.users.list(fields=["sourcedId", "givenName"], max_items=3).to_list()

    assert len(users) == 3
    for user in users:
        assert user.sourced_id
        assert user.given_name
        assert user.family_name is None
        assert user.roles == []


@pytest.mark.anyio
async def test_fields_on_a_single_read(client: OneRosterClient, seed: SeedSummary) -> None:
    user = await client.users.get(seed.student_id, fields="sourcedId,email")

    assert (user.sourced_id, user.email) == (seed.student_id, seed.student_email)
    assert user.given_name is None


@pytest.mark.anyio
async def test_search_matches_names_and_emails(client: OneRosterClient, seed: SeedSummary) -> None:
    users = await client.users.list(search=seed.student_email.upper()).to_list()

    assert [user.sourced_id for user in users] == [seed.student_id]


@pytest.mark.anyio
async def test_bad_list_parameters_are_rejected_before_sending(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    with pytest.raises(InputValidationError) as unknown:
        client.users.list(filtr="status='active'")  # type: ignore[call-arg]
    with pytest.raises(InputValidationError) as order:
        client.users.list(order_by="sideways")  # type: ignore[arg-type]
    with pytest.raises(InputValidationError) as negative:
        client.users.list(offset=-1)
    with pytest.raises(InputValidationError) as builder:
        client.users.list(filter=42)  # type: ignore[arg-type]

    for caught in (unknown, order, negative, builder):
        assert isinstance(caught.value, OneRosterError)
    assert unknown.value.issues[0].path == "filtr"
    assert order.value.issues[0].path == "order_by"
    assert emulator.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_a_scoped_list_pages_too(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    everything = await client.schools.students(seed.school_id).to_list()

    paged = await client.schools.students(seed.school_id, limit=2, offset=1).to_list()

    assert [u.sourced_id for u in paged] == [u.sourced_id for u in everything[1:]]
    assert all(isinstance(user, User) for user in paged)


@pytest.mark.anyio
async def test_list_with_wire_pairs_each_record_with_the_object_the_platform_sent(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    users = await client.users.list(limit=7).to_list()
    emulator.reset_stats()

    pairs = await client.users.list_with_wire(limit=7).to_list()

    assert [record for record, _ in pairs] == users
    for record, wire in pairs:
        assert wire["sourcedId"] == record.sourced_id
        assert wire == record.to_wire()
        assert User.model_validate(wire) == record
    assert page_requests(emulator) == 5  # paged exactly as `list`
    page = await client.users.list_with_wire(limit=4).first_page()
    assert (len(page.items), page.total) == (4, len(users))
