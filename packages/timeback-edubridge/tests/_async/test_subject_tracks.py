"""Subject tracks (wire contract 5.2 #12-#15): list, upsert keyed by subject+grade+org, delete,
groups."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import InputValidationError, NotFoundError
from timeback_edubridge import EdubridgeClient, EdubridgeError, SubjectTrackUpsert
from timeback_emulator import InProcessEmulator


@pytest.fixture
def two_courses(emu: InProcessEmulator) -> tuple[str, str]:
    first, second = emu.store.find("courses", limit=2)
    return str(first["sourcedId"]), str(second["sourcedId"])


@pytest.mark.anyio
async def test_list_returns_the_seeded_tracks(client: EdubridgeClient) -> None:
    tracks = await client.subject_tracks.list()

    assert tracks
    assert all(track.id and track.subject and track.course for track in tracks)


@pytest.mark.anyio
async def test_upsert_creates_a_global_track_listed_afterwards(
    client: EdubridgeClient, two_courses: tuple[str, str]
) -> None:
    track = await client.subject_tracks.upsert(subject="Writing", grade=7, course_id=two_courses[0])

    assert (track.subject, track.grade, track.org) == ("Writing", "7", None)
    assert track.course is not None
    assert track.course.sourced_id == two_courses[0]
    assert track.id in [t.id for t in await client.subject_tracks.list()]


@pytest.mark.anyio
async def test_upserting_the_same_subject_grade_and_org_replaces_the_course(
    client: EdubridgeClient, two_courses: tuple[str, str]
) -> None:
    first = await client.subject_tracks.upsert(
        SubjectTrackUpsert(subject="Writing", grade="7", course_id=two_courses[0])
    )

    second = await client.subject_tracks.upsert(
        {"subject": "Writing", "grade": "7", "courseId": two_courses[1]}
    )

    assert second.id == first.id
    assert second.course is not None
    assert second.course.sourced_id == two_courses[1]


@pytest.mark.anyio
async def test_a_campus_track_shows_in_that_campus_group(
    client: EdubridgeClient, seed: dict[str, Any], two_courses: tuple[str, str]
) -> None:
    track = await client.subject_tracks.upsert(
        subject="Writing", grade="8", course_id=two_courses[0], org_sourced_id=seed["school_id"]
    )

    groups = await client.subject_tracks.groups()

    assert track.org is not None
    assert track.org.sourced_id == seed["school_id"]
    by_id = {group.id: group for group in groups}
    assert "global" in by_id
    campus = [g for g in groups if track.id in [t.id for t in g.tracks]]
    assert len(campus) == 1
    assert campus[0].id != "global"


@pytest.mark.anyio
async def test_delete_removes_the_track_and_a_second_delete_is_not_found(
    client: EdubridgeClient, two_courses: tuple[str, str]
) -> None:
    track = await client.subject_tracks.upsert(subject="Writing", grade=9, course_id=two_courses[0])

    assert await client.subject_tracks.delete(track.id) is None

    assert track.id not in [t.id for t in await client.subject_tracks.list()]
    with pytest.raises(NotFoundError) as caught:
        await client.subject_tracks.delete(track.id)
    assert isinstance(caught.value, EdubridgeError)


@pytest.mark.anyio
async def test_upsert_for_an_unknown_course_is_not_found(client: EdubridgeClient) -> None:
    with pytest.raises(NotFoundError, match="Course not found"):
        await client.subject_tracks.upsert(subject="Math", grade="3", course_id="no/such")


@pytest.mark.anyio
async def test_upsert_without_a_course_is_refused_before_sending(
    client: EdubridgeClient, emu: InProcessEmulator
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.subject_tracks.upsert(subject="Math", grade="3")

    assert isinstance(caught.value, EdubridgeError)
    assert "course_id" in [issue.path for issue in caught.value.issues]
    assert emu.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_upsert_given_both_ways_is_refused(
    client: EdubridgeClient, two_courses: tuple[str, str]
) -> None:
    with pytest.raises(InputValidationError, match="either"):
        await client.subject_tracks.upsert(
            {"subject": "Math", "grade": "3", "courseId": two_courses[0]}, grade="4"
        )
