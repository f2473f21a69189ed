"""The mirror against the emulator, on SQLite and PostgreSQL: full and incremental runs,
tombstones, the fail-safe, change events, reads, local writes and conflicts."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import OneRosterClient, User
from timeback_sync import (
    GRADEBOOK_COLLECTIONS,
    ROSTER_COLLECTIONS,
    ChangeEvent,
    FailSafeError,
    InputValidationError,
    RosterMirror,
)

from .conftest import MirrorFactory

USERS_PATH = "/ims/oneroster/rostering/v1p2/users"


def new_user(seed: SeedSummary, sourced_id: str, given_name: str = "New") -> dict[str, Any]:
    return {
        "sourced_id": sourced_id,
        "given_name": given_name,
        "family_name": "Mirror",
        "enabled_user": True,
        "email": f"{sourced_id}@example.org",
        "roles": [{"role_type": "primary", "role": "student", "org": seed.school_id}],
    }


async def platform_copy(client: OneRosterClient, collection: str) -> dict[str, Any]:
    records = await getattr(client, collection).list(limit=3000).to_list()
    return {record.sourced_id: record.to_wire() for record in records}


def mirror_copy(mirror: RosterMirror, collection: str) -> dict[str, Any]:
    table = mirror.tables[collection]
    with mirror.engine.connect() as connection:
        rows = connection.execute(sa.select(table.c.sourced_id, table.c.data)).all()
    return {sourced_id: dict(data) for sourced_id, data in rows}


def changes_log(mirror: RosterMirror) -> list[tuple[Any, ...]]:
    table = mirror.tables["changes"]
    with mirror.engine.connect() as connection:
        rows = connection.execute(
            sa.select(
                table.c.collection,
                table.c.sourced_id,
                table.c.operation,
                table.c.date_last_modified,
            ).order_by(table.c.id)
        ).all()
    return [tuple(row) for row in rows]


def joined_count(mirror: RosterMirror, child: str, key: str, parent: str, **equal_to: str) -> int:
    """Rows of ``child`` with the given column values that join ``parent`` on ``child.key``."""
    left, right = mirror.tables[child], mirror.tables[parent]
    query = sa.select(sa.func.count()).select_from(
        left.join(right, right.c.sourced_id == left.c[key])
    )
    for name, value in equal_to.items():
        query = query.where(left.c[name] == value)
    with mirror.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def api_gets(emulator: InProcessEmulator) -> int:
    return sum(
        row["count"]
        for row in emulator.stats()["requests"]
        if row["method"] == "GET" and row["route"].startswith("/ims/")
    )


@pytest.mark.anyio
async def test_a_full_run_mirrors_every_collection_exactly(
    client: OneRosterClient, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(batch_size=40)

    summary = await mirror.run()

    assert mirror.collections == list(ROSTER_COLLECTIONS)  # the gradebook only when named
    for name in ROSTER_COLLECTIONS:
        assert mirror_copy(mirror, name) == await platform_copy(client, name), name
    assert {run.kind for run in summary.collections} == {"full"}
    users = next(run for run in summary.collections if run.collection == "users")
    assert users.added + users.deleted == len(mirror_copy(mirror, "users"))  # seed tombstones
    log = changes_log(mirror)
    assert len(log) == len(set(log)) == summary.total_changes


@pytest.mark.anyio
async def test_platform_changes_arrive_in_the_next_run_at_a_cost_proportional_to_them(
    client: OneRosterClient,
    emulator: InProcessEmulator,
    seed: SeedSummary,
    make_mirror: MirrorFactory,
) -> None:
    # given a mirror after its first run, with small pages so that the full run needs many
    mirror = make_mirror(collections=["classes", "users"], batch_size=5)
    emulator.reset_stats()
    await mirror.run()
    full_gets = api_gets(emulator)

    # when users are created, updated and deleted on the platform
    await client.users.create(new_user(seed, "mirror-new"))
    teacher = await client.users.get(seed.teacher_id)
    await client.users.update(seed.teacher_id, teacher.model_copy(update={"given_name": "Zed"}))
    await client.users.delete(seed.guardian_id)
    emulator.reset_stats()
    summary = await mirror.run()
    incremental_gets = api_gets(emulator)

    # then the next run brings exactly them, with one change page per collection (3 changes
    # and the record at the mark fit in one page of 5) instead of the full run's many pages
    for name in mirror.collections:
        assert mirror_copy(mirror, name) == await platform_copy(client, name), name
    users = next(run for run in summary.collections if run.collection == "users")
    assert (users.kind, users.added, users.updated, users.deleted) == ("incremental", 1, 1, 1)
    assert incremental_gets == 2
    assert full_gets > 5 * incremental_gets
    # the deleted user is kept as a tombstone
    guardian = await mirror.users.get(seed.guardian_id)
    assert guardian is not None
    assert guardian.status == "tobedeleted"
    events = [event async for event in mirror.changes()]
    assert {(e.sourced_id, e.operation) for e in events} == {
        ("mirror-new", "created"),
        (seed.teacher_id, "updated"),
        (seed.guardian_id, "deleted"),
    }
    assert isinstance(events[0].record, User)

    # and a run with nothing new changes nothing and logs nothing
    before = changes_log(mirror)
    again = await mirror.run()
    assert again.total_changes == 0
    assert changes_log(mirror) == before


@pytest.mark.anyio
async def test_the_gradebook_is_mirrored_when_named_with_columns_to_join_on(
    client: OneRosterClient, seed: SeedSummary, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["classes", *GRADEBOOK_COLLECTIONS], batch_size=40)

    await mirror.run()

    for name in GRADEBOOK_COLLECTIONS:
        assert mirror_copy(mirror, name) == await platform_copy(client, name), name
    scores = await mirror.results.find(line_item_sourced_id=seed.line_item_id)
    assert scores
    assert all(
        r.line_item is not None and r.line_item.sourced_id == seed.line_item_id for r in scores
    )
    student_scores = await mirror.results.find(student_sourced_id=scores[0].student.sourced_id)  # type: ignore[union-attr]
    assert scores[0].sourced_id in {r.sourced_id for r in student_scores}
    # the join a gradebook report makes: the scores of a line item
    joined = joined_count(
        mirror,
        "results",
        "line_item_sourced_id",
        "line_items",
        line_item_sourced_id=seed.line_item_id,
    )
    assert joined == len(scores)

    # a score changed on the platform arrives in the next (incremental) run
    await client.results.update(scores[0].sourced_id, scores[0].model_copy(update={"score": 42}))
    summary = await mirror.run()

    run = next(r for r in summary.collections if r.collection == "results")
    assert (run.kind, run.added, run.updated, run.deleted) == ("incremental", 0, 1, 0)
    changed = await mirror.results.get(scores[0].sourced_id)
    assert changed is not None
    assert changed.score == 42
    assert mirror_copy(mirror, "results") == await platform_copy(client, "results")


@pytest.mark.anyio
async def test_the_change_callback_sees_every_change_of_a_run(
    client: OneRosterClient, seed: SeedSummary, make_mirror: MirrorFactory
) -> None:
    seen: list[ChangeEvent] = []
    mirror = make_mirror(collections=["users"], on_change=seen.append)
    first = await mirror.run()
    assert len(seen) == first.total_changes

    seen.clear()
    await client.users.create(new_user(seed, "mirror-callback"))
    await mirror.run()

    assert [(e.collection, e.sourced_id, e.operation) for e in seen] == [
        ("users", "mirror-callback", "created")
    ]
    assert seen[0].record.email == "mirror-callback@example.org"


@pytest.mark.anyio
async def test_reads_by_id_by_column_and_through_the_table(
    seed: SeedSummary, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["users", "enrollments", "classes"])
    await mirror.run()

    teacher = await mirror.users.get(seed.teacher_id)
    assert teacher is not None
    assert teacher.sourced_id == seed.teacher_id
    assert await mirror.users.get("nobody") is None
    if teacher.email:
        assert [u.sourced_id for u in await mirror.users.find(email=teacher.email)] == [
            seed.teacher_id
        ]
    taught = await mirror.enrollments.find(user_sourced_id=seed.teacher_id, role="teacher")
    assert taught
    assert all(e.user is not None and e.user.sourced_id == seed.teacher_id for e in taught)
    assert len(await mirror.enrollments.find(limit=2)) == 2
    joined = joined_count(
        mirror, "enrollments", "class_sourced_id", "classes", user_sourced_id=seed.teacher_id
    )
    assert joined == len(await mirror.enrollments.find(user_sourced_id=seed.teacher_id))
    with pytest.raises(InputValidationError, match="not a column"):
        await mirror.users.find(nickname="x")


@pytest.mark.anyio
async def test_an_empty_full_pull_is_refused_and_leaves_the_mirror_untouched(
    emulator: InProcessEmulator, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["users"])
    await mirror.run()
    before, log = mirror_copy(mirror, "users"), changes_log(mirror)
    state, live = await mirror.status(), await mirror.users.count()

    # the platform answers every users list with an empty body
    emulator.add_fault(path_prefix=USERS_PATH, method="GET", action="empty", status=200, count=None)
    with pytest.raises(FailSafeError) as caught:
        await mirror.run(full=True)

    assert (caught.value.collection, caught.value.local_rows) == ("users", live)
    assert caught.value.would_remove == live
    assert caught.value.received == 0
    assert mirror_copy(mirror, "users") == before
    assert changes_log(mirror) == log
    assert await mirror.status() == state
    with mirror.engine.connect() as connection:  # the refused pull is not kept either
        assert connection.execute(sa.text("SELECT COUNT(*) FROM _staging_users")).scalar() == 0


@pytest.mark.anyio
async def test_a_truncated_full_pull_is_refused_with_its_figures_unless_forced(
    client: OneRosterClient, emulator: InProcessEmulator, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["users"], batch_size=10, concurrency=1)
    total = len(await platform_copy(client, "users"))

    # the third page of the first pull comes back empty: 20 of the 30 users arrive
    emulator.add_fault(path_prefix=USERS_PATH, method="GET", action="empty", status=200, skip=3)
    with pytest.raises(FailSafeError) as caught:
        await mirror.run()

    assert (caught.value.received, caught.value.reported_total) == (20, total)
    assert "received 20 records but the platform reported 30" in str(caught.value)
    assert mirror_copy(mirror, "users") == {}
    assert changes_log(mirror) == []
    assert await mirror.status() == [{"collection": "users", "mark": None, "rows": 0, "live": 0}]

    # the next run (no fault now) succeeds; a forced run applies a bad pull anyway
    await mirror.run()
    assert mirror_copy(mirror, "users") == await platform_copy(client, "users")
    emulator.add_fault(path_prefix=USERS_PATH, method="GET", action="empty", status=200, skip=2)
    await mirror.run(full=True, force=True)
    first_page = (await client.users.list(limit=10).first_page()).items
    assert await mirror.users.count() == sum(u.status == "active" for u in first_page)
    assert await mirror.users.count(include_deleted=True) == total


@pytest.mark.anyio
async def test_a_staged_change_without_conflict_is_pushed_and_mirrored(
    client: OneRosterClient, seed: SeedSummary, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["users"])
    await mirror.run()

    await mirror.stage("users", new_user(seed, "mirror-local", "Local"))
    teacher = await mirror.users.get(seed.teacher_id)
    assert teacher is not None
    await mirror.stage("users", teacher.model_copy(update={"given_name": "Renamed"}))
    await mirror.stage_delete("users", seed.student_id)
    await mirror.stage_delete("users", "nobody-at-all")
    report = await mirror.push()

    assert [(i.sourced_id, i.state) for i in report.items] == [
        ("mirror-local", "pushed"),
        (seed.teacher_id, "pushed"),
        (seed.student_id, "pushed"),
        ("nobody-at-all", "failed"),
    ]
    assert (await client.users.get("mirror-local")).given_name == "Local"
    assert (await client.users.get(seed.teacher_id)).given_name == "Renamed"
    assert mirror_copy(mirror, "users") == await platform_copy(client, "users")
    assert await mirror.push() == type(report)(items=())


async def _conflicting_change(
    client: OneRosterClient, mirror: RosterMirror, seed: SeedSummary
) -> None:
    """Stage a rename of the teacher, then rename it on the platform too."""
    await mirror.run()
    teacher = await mirror.users.get(seed.teacher_id)
    assert teacher is not None
    await mirror.stage("users", teacher.model_copy(update={"given_name": "Local"}))
    await client.users.update(seed.teacher_id, teacher.model_copy(update={"given_name": "Remote"}))


@pytest.mark.anyio
async def test_a_conflict_under_platform_wins_keeps_the_platform_version_and_records_it(
    client: OneRosterClient, seed: SeedSummary, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["users"])
    await _conflicting_change(client, mirror, seed)

    report = await mirror.push()

    assert [i.state for i in report.items] == ["superseded"]
    assert (await client.users.get(seed.teacher_id)).given_name == "Remote"
    assert (await mirror.users.get(seed.teacher_id)).given_name == "Remote"  # type: ignore[union-attr]
    recorded = await mirror.conflicts(unresolved_only=False)
    assert [(c.sourced_id, c.resolution) for c in recorded] == [(seed.teacher_id, "platform")]
    assert recorded[0].local_data is not None
    assert recorded[0].local_data["givenName"] == "Local"
    assert await mirror.conflicts() == []


@pytest.mark.anyio
async def test_a_conflict_under_local_wins_pushes_the_local_version(
    client: OneRosterClient, seed: SeedSummary, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["users"], conflict_policy="local")
    await _conflicting_change(client, mirror, seed)

    report = await mirror.push()

    assert [i.state for i in report.items] == ["pushed"]
    assert (await client.users.get(seed.teacher_id)).given_name == "Local"
    assert (await mirror.users.get(seed.teacher_id)).given_name == "Local"  # type: ignore[union-attr]
    recorded = await mirror.conflicts(unresolved_only=False)
    assert [c.resolution for c in recorded] == ["local"]


@pytest.mark.anyio
async def test_a_kept_conflict_waits_for_a_person_then_follows_the_decision(
    client: OneRosterClient, seed: SeedSummary, make_mirror: MirrorFactory
) -> None:
    mirror = make_mirror(collections=["users"])
    await _conflicting_change(client, mirror, seed)

    report = await mirror.push(policy="keep")

    assert [i.state for i in report.items] == ["conflict"]
    assert (await client.users.get(seed.teacher_id)).given_name == "Remote"
    (waiting,) = await mirror.conflicts()
    assert waiting.platform_data is not None
    assert (waiting.platform_data["givenName"], waiting.resolution) == ("Remote", None)
    assert await mirror.push() == type(report)(items=())  # nothing sent while undecided

    decided = await mirror.resolve_conflict(waiting.id, "local")
    assert decided.resolution == "local"
    again = await mirror.push()
    assert [i.state for i in again.items] == ["pushed"]
    assert (await client.users.get(seed.teacher_id)).given_name == "Local"
    assert await mirror.conflicts() == []
    with pytest.raises(InputValidationError, match="no undecided conflict"):
        await mirror.resolve_conflict(waiting.id, "platform")


@pytest.mark.anyio
async def test_bad_arguments_are_refused_before_anything_is_opened(
    client: OneRosterClient, make_mirror: MirrorFactory
) -> None:
    with pytest.raises(InputValidationError, match="not a mirrored collection"):
        make_mirror(collections=["people"])
    with pytest.raises(InputValidationError, match="batch_size"):
        make_mirror(batch_size=0)
    with pytest.raises(InputValidationError, match="conflict policy"):
        make_mirror(conflict_policy="coin-toss")
    with pytest.raises(InputValidationError, match="database URL"):
        RosterMirror(client, "not a url")
    mirror = make_mirror(collections=["users"])
    with pytest.raises(InputValidationError, match="sourced_id"):
        await mirror.stage("users", {"given_name": "No id"})
    with pytest.raises(InputValidationError, match="not a mirrored collection"):
        await mirror.stage_delete("people", "x")
