"""Incremental sync against the emulator: a local copy kept in step through creates, updates and
soft deletes; keyset walking through large ties and through changes made during the walk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import F, InputValidationError, OneRosterClient, OneRosterError, User

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def key(user: User) -> tuple[datetime, str]:
    assert user.date_last_modified is not None
    assert user.sourced_id is not None
    return user.date_last_modified, user.sourced_id


async def server_copy(client: OneRosterClient) -> dict[str, tuple[Any, Any, Any]]:
    users = await client.users.list(limit=3000).to_list()
    return {u.sourced_id or "": (u.status, u.given_name, u.date_last_modified) for u in users}


def apply(local: dict[str, tuple[Any, Any, Any]], users: list[User]) -> None:
    for u in users:  # records come oldest change first: the last version wins
        local[u.sourced_id or ""] = (u.status, u.given_name, u.date_last_modified)


@pytest.mark.anyio
async def test_a_local_copy_follows_creates_updates_and_deletes_between_syncs(
    client: OneRosterClient, seed: SeedSummary, new_student: Callable[..., dict[str, Any]]
) -> None:
    # given a first full sync
    local: dict[str, tuple[Any, Any, Any]] = {}
    feed = client.users.changes_since(EPOCH, page_size=7)
    apply(local, await feed.to_list())
    mark = feed.high_water_mark
    assert local == await server_copy(client)

    # when records are created, updated and soft-deleted, and a second sync runs from the mark
    await client.users.create(new_student("sync-new"))
    teacher = await client.users.get(seed.teacher_id)
    await client.users.update(seed.teacher_id, teacher.model_copy(update={"given_name": "Zed"}))
    await client.users.delete(seed.guardian_id)
    second = client.users.changes_since(mark, page_size=2)
    changes = [u async for u in second]
    apply(local, changes)

    # then the copy equals the server, deletions included, and the mark moved on
    assert local == await server_copy(client)
    assert {"sync-new", seed.teacher_id, seed.guardian_id} <= {u.sourced_id for u in changes}
    assert local[seed.guardian_id][0] == "tobedeleted"
    assert second.high_water_mark > mark
    assert second.done


@pytest.mark.anyio
async def test_changes_come_in_date_last_modified_then_sourced_id_order(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    changes = await client.users.changes_since(EPOCH, page_size=4).to_list()

    assert len(changes) == seed.counts["users"]
    assert [key(u) for u in changes] == sorted(key(u) for u in changes)


@pytest.mark.anyio
async def test_a_tie_larger_than_a_page_is_walked_whole(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    # given 11 users modified in the same millisecond, after everything else
    template = emulator.store.get(
        "users", (await client.users.list(max_items=1).to_list())[0].sourced_id
    )
    stamp = "2031-05-05T05:05:05.555Z"
    emulator.store.insert_many(
        "users",
        [{**template, "sourcedId": f"tie-{n:02d}", "dateLastModified": stamp} for n in range(11)],
    )

    # when walked with pages of 3 from before the tie
    changes = await client.users.changes_since(datetime(2031, 1, 1), page_size=3).to_list()

    # then every one comes once, in id order
    assert [u.sourced_id for u in changes] == [f"tie-{n:02d}" for n in range(11)]


@pytest.mark.anyio
async def test_a_record_changed_during_the_walk_is_delivered_again_and_nothing_is_skipped(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    everyone = {u.sourced_id for u in await client.users.list().to_list()}
    feed = client.users.changes_since(EPOCH, page_size=5)
    delivered: list[User] = []

    async for u in feed:
        delivered.append(u)
        if len(delivered) == 2:
            # a record already delivered moves to the end of the order (offset paging would
            # now skip the record that slides into the first page's place)
            await client.users.update(u.sourced_id or "", u.model_copy(update={"given_name": "Q"}))

    ids = [u.sourced_id for u in delivered]
    assert set(ids) == everyone
    assert ids.count(delivered[1].sourced_id) == 2
    assert delivered[-1].given_name == "Q"


@pytest.mark.anyio
async def test_the_callers_filter_is_anded_in(client: OneRosterClient) -> None:
    teachers = await client.users.changes_since(
        EPOCH, filter=F("roles.role") == "teacher"
    ).to_list()

    assert teachers
    assert all(any(r.role == "teacher" for r in u.roles) for u in teachers)


@pytest.mark.anyio
async def test_the_mark_stays_at_since_when_nothing_changed(client: OneRosterClient) -> None:
    later = datetime(2099, 1, 1, tzinfo=timezone.utc)

    feed = client.users.changes_since(later)

    assert await feed.to_list() == []
    assert feed.high_water_mark == later


@pytest.mark.anyio
async def test_bad_arguments_are_refused_before_sending(client: OneRosterClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.users.changes_since(EPOCH, page_size=0)
    assert isinstance(caught.value, OneRosterError)
    with pytest.raises(InputValidationError):
        client.users.changes_since("2024-01-01")  # type: ignore[arg-type]
