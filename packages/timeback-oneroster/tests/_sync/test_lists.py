# This file is generated from packages/timeback-oneroster/tests/_async/test_lists.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
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
    SyncOneRosterClient,
    OneRosterError,
    User,
)

USERS_ROUTE = "/ims/oneroster/rostering/v1p2/users"


def page_requests(emulator: InProcessEmulator, route: str = USERS_ROUTE) -> int:
    return emulator.request_count("GET", route=route, status=200)


def test_awaiting_a_list_returns_every_record_without_an_extra_request(
    client: SyncOneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    users = client.users.list(limit=7).to_list()

    assert len(users) == seed.counts["users"] == 30
    assert len({user.sourced_id for user in users}) == 30
    assert page_requests(emulator) == 5  # 7+7+7+7+2: the total stops the walk, no empty page


def test_iterating_streams_the_same_records_in_order(client: SyncOneRosterClient) -> None:
    everything = client.users.list().to_list()

    streamed = [user.sourced_id for user in client.users.list(limit=4, concurrency=1)]

    assert streamed == [user.sourced_id for user in everything]


def test_the_callers_offset_is_honoured(client: SyncOneRosterClient) -> None:
    everything = client.users.list().to_list()

    tail = client.users.list(offset=25, limit=2).to_list()

    assert [u.sourced_id for u in tail] == [u.sourced_id for u in everything[25:]]


def test_max_items_bounds_records_and_requests(
    client: SyncOneRosterClient, emulator: InProcessEmulator
) -> None:
    users = client.users.list(limit=5, max_items=7).to_list()

    assert len(users) == 7
    assert page_requests(emulator) == 2


def test_breaking_out_of_a_stream_stops_fetching(
    client: SyncOneRosterClient, emulator: InProcessEmulator
) -> None:
    seen = 0
    for _ in client.users.list(limit=3, concurrency=1):
        seen += 1
        if seen == 4:
            break

    assert page_requests(emulator) == 2


def test_first_page_reports_total_and_next_offset(
    client: SyncOneRosterClient, emulator: InProcessEmulator
) -> None:
    page = client.users.list(limit=10, offset=5).first_page()

    assert len(page.items) == 10
    assert (page.total, page.offset, page.next_offset, page.has_more) == (30, 5, 15, True)
    assert page_requests(emulator) == 1


def test_a_limit_above_3000_is_sent_as_3000(client: SyncOneRosterClient) -> None:
    # The emulator answers 400 to a limit above 3000, so success proves the cap.
    page = client.users.list(limit=10_000).first_page()

    assert (page.limit, len(page.items)) == (3000, 30)


def test_a_builder_filter_escapes_quotes(client: SyncOneRosterClient) -> None:
    users = client.users.list(filter=F("familyName") == "O'Brien").to_list()

    assert users
    assert {user.family_name for user in users} == {"O'Brien"}


def test_a_dict_filter_means_and_of_equalities_with_lists_as_any_of(
    client: SyncOneRosterClient,
) -> None:
    users = client.users.list(
        filter={"status": "active", "roles.role": ["teacher", "administrator"]}
    ).to_list()

    assert users
    for user in users:
        assert {role.role for role in user.roles} & {"teacher", "administrator"}


def test_a_raw_filter_is_sent_unchanged(client: SyncOneRosterClient) -> None:
    students = client.users.list(filter="roles.role='student' AND status='active'").to_list()
    everyone = client.users.list().to_list()

    assert 0 < len(students) < len(everyone)
    assert all(any(role.role == "student" for role in user.roles) for user in students)


def test_a_plus_in_a_filter_value_is_not_read_as_a_space(client: SyncOneRosterClient) -> None:
    users = client.users.list(filter={"sourcedId": "usr+plus"}).to_list()

    assert [user.sourced_id for user in users] == ["usr+plus"]


def test_an_unknown_filter_field_is_a_400_invalid_filter_field(
    client: SyncOneRosterClient,
) -> None:
    paginator = client.users.list(filter={"favouriteColour": "blue"})

    with pytest.raises(BadRequestError) as caught:
        paginator.to_list()

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.code_minor == ("invalid_filter_field",)


def test_sort_and_order_by_reach_the_server(client: SyncOneRosterClient) -> None:
    users = client.users.list(sort="familyName", order_by="desc").to_list()

    names = [user.family_name or "" for user in users]
    assert names == sorted(names, reverse=True)


def test_fields_limit_the_members_of_each_record(client: SyncOneRosterClient) -> None:
    users = client.users.list(fields=["sourcedId", "givenName"], max_items=3).to_list()

    assert len(users) == 3
    for user in users:
        assert user.sourced_id
        assert user.given_name
        assert user.family_name is None
        assert user.roles == []


def test_fields_on_a_single_read(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    user = client.users.get(seed.student_id, fields="sourcedId,email")

    assert (user.sourced_id, user.email) == (seed.student_id, seed.student_email)
    assert user.given_name is None


def test_search_matches_names_and_emails(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    users = client.users.list(search=seed.student_email.upper()).to_list()

    assert [user.sourced_id for user in users] == [seed.student_id]


def test_bad_list_parameters_are_rejected_before_sending(
    client: SyncOneRosterClient, emulator: InProcessEmulator
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


def test_a_scoped_list_pages_too(
    client: SyncOneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    everything = client.schools.students(seed.school_id).to_list()

    paged = client.schools.students(seed.school_id, limit=2, offset=1).to_list()

    assert [u.sourced_id for u in paged] == [u.sourced_id for u in everything[1:]]
    assert all(isinstance(user, User) for user in paged)
