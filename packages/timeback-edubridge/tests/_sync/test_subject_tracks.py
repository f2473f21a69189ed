# This file is generated from packages/timeback-edubridge/tests/_async/test_subject_tracks.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Subject tracks (wire contract 5.2 #12-#15): list, upsert keyed by subject+grade+org, delete,
groups."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import InputValidationError, NotFoundError
from timeback_edubridge import SyncEdubridgeClient, EdubridgeError, SubjectTrackUpsert
from timeback_emulator import InProcessEmulator


@pytest.fixture
def two_courses(emu: InProcessEmulator) -> tuple[str, str]:
    first, second = emu.store.find("courses", limit=2)
    return str(first["sourcedId"]), str(second["sourcedId"])


def test_list_returns_the_seeded_tracks(client: SyncEdubridgeClient) -> None:
    tracks = client.subject_tracks.list()

    assert tracks
    assert all(track.id and track.subject and track.course for track in tracks)


def test_upsert_creates_a_global_track_listed_afterwards(
    client: SyncEdubridgeClient, two_courses: tuple[str, str]
) -> None:
    track = client.subject_tracks.upsert(subject="Writing", grade=7, course_id=two_courses[0])

    assert (track.subject, track.grade, track.org) == ("Writing", "7", None)
    assert track.course is not None
    assert track.course.sourced_id == two_courses[0]
    assert track.id in [t.id for t in client.subject_tracks.list()]


def test_upserting_the_same_subject_grade_and_org_replaces_the_course(
    client: SyncEdubridgeClient, two_courses: tuple[str, str]
) -> None:
    first = client.subject_tracks.upsert(
        SubjectTrackUpsert(subject="Writing", grade="7", course_id=two_courses[0])
    )

    second = client.subject_tracks.upsert(
        {"subject": "Writing", "grade": "7", "courseId": two_courses[1]}
    )

    assert second.id == first.id
    assert second.course is not None
    assert second.course.sourced_id == two_courses[1]


def test_a_campus_track_shows_in_that_campus_group(
    client: SyncEdubridgeClient, seed: dict[str, Any], two_courses: tuple[str, str]
) -> None:
    track = client.subject_tracks.upsert(
        subject="Writing", grade="8", course_id=two_courses[0], org_sourced_id=seed["school_id"]
    )

    groups = client.subject_tracks.groups()

    assert track.org is not None
    assert track.org.sourced_id == seed["school_id"]
    by_id = {group.id: group for group in groups}
    assert "global" in by_id
    campus = [g for g in groups if track.id in [t.id for t in g.tracks]]
    assert len(campus) == 1
    assert campus[0].id != "global"


def test_delete_removes_the_track_and_a_second_delete_is_not_found(
    client: SyncEdubridgeClient, two_courses: tuple[str, str]
) -> None:
    track = client.subject_tracks.upsert(subject="Writing", grade=9, course_id=two_courses[0])

    assert client.subject_tracks.delete(track.id) is None

    assert track.id not in [t.id for t in client.subject_tracks.list()]
    with pytest.raises(NotFoundError) as caught:
        client.subject_tracks.delete(track.id)
    assert isinstance(caught.value, EdubridgeError)


def test_upsert_for_an_unknown_course_is_not_found(client: SyncEdubridgeClient) -> None:
    with pytest.raises(NotFoundError, match="Course not found"):
        client.subject_tracks.upsert(subject="Math", grade="3", course_id="no/such")


def test_upsert_without_a_course_is_refused_before_sending(
    client: SyncEdubridgeClient, emu: InProcessEmulator
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.subject_tracks.upsert(subject="Math", grade="3")

    assert isinstance(caught.value, EdubridgeError)
    assert "course_id" in [issue.path for issue in caught.value.issues]
    assert emu.stats()["totalRequests"] == 0


def test_upsert_given_both_ways_is_refused(
    client: SyncEdubridgeClient, two_courses: tuple[str, str]
) -> None:
    with pytest.raises(InputValidationError, match="either"):
        client.subject_tracks.upsert(
            {"subject": "Math", "grade": "3", "courseId": two_courses[0]}, grade="4"
        )
