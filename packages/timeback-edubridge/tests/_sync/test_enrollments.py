# This file is generated from packages/timeback-edubridge/tests/_async/test_enrollments.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Enrollments (wire contract 5.2 #1-#6) against the emulator, with the 5.4 side effects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeback_common import BadRequestError, InputValidationError, NotFoundError
from timeback_edubridge import SyncEdubridgeClient, EdubridgeError, EnrollOptions
from timeback_emulator import InProcessEmulator


def course_ids(enrollments: list[Any]) -> set[str]:
    return {e.course.id for e in enrollments if e.course is not None}


@pytest.fixture
def new_course(seed: dict[str, Any], emu: InProcessEmulator) -> str:
    """A seeded course of the student's school that the student is not enrolled in."""
    enrolled = {
        e["class"]["sourcedId"]
        for e in emu.store.find("enrollments", filter=f"user.sourcedId='{seed['student_id']}'")
    }
    for course in emu.store.find("courses", filter=f"org.sourcedId='{seed['school_id']}'"):
        classes = emu.store.find("classes", filter=f"course.sourcedId='{course['sourcedId']}'")
        if not {c["sourcedId"] for c in classes} & enrolled:
            return str(course["sourcedId"])
    raise AssertionError("the seed has no course left for the student")


def test_list_returns_a_users_enrollments_with_course_and_school(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    enrollments = client.enrollments.list(seed["student_id"])

    assert enrollments
    assert all(e.school is not None and e.school.id for e in enrollments)
    assert all(e.course is not None and e.course.id for e in enrollments)


def test_list_of_an_unknown_user_raises_not_found_that_is_an_edubridge_error(
    client: SyncEdubridgeClient,
) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.enrollments.list("no-such-user")

    assert isinstance(caught.value, EdubridgeError)
    assert caught.value.status_code == 404
    assert "User not found" in str(caught.value)


def test_ids_are_percent_encoded_so_awkward_ids_reach_their_user(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    for user_id in seed["awkward_user_ids"]:
        # A mis-encoded id would route elsewhere or name another user: a 404 either way.
        assert isinstance(client.enrollments.list(user_id), list), user_id


def test_enroll_creates_an_enrollment_listed_for_the_user(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    enrollment = client.enrollments.enroll(
        seed["student_id"], new_course, metadata={"goals": {"daily_xp": 50}}
    )

    assert enrollment.role == "student"
    assert enrollment.course is not None
    assert enrollment.course.id == new_course
    assert enrollment.metadata is not None
    assert enrollment.metadata.goals is not None
    assert enrollment.metadata.goals.daily_xp == 50
    listed = client.enrollments.list(seed["student_id"])
    assert new_course in course_ids(listed)


def test_enroll_sends_role_begin_date_and_sourced_id(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    enrollment = client.enrollments.enroll(
        seed["teacher_id"],
        new_course,
        seed["school_id"],
        role="teacher",
        begin_date=dt.date(2026, 8, 17),
        sourced_id="enr/teacher 1",
    )

    assert (enrollment.id, enrollment.role) == ("enr/teacher 1", "teacher")
    assert enrollment.begin_date == dt.date(2026, 8, 17)
    assert enrollment.school is not None
    assert enrollment.school.id == seed["school_id"]


def test_enroll_accepts_enroll_options_as_a_model(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    options = EnrollOptions(metadata={"metrics": {"total_xp": 900, "course_type": "core"}})

    enrollment = client.enrollments.enroll(
        seed["student_id"], new_course, enroll_options=options
    )

    assert enrollment.metadata is not None
    assert enrollment.metadata.metrics is not None
    assert enrollment.metadata.metrics.total_xp == 900


def test_enrolling_twice_updates_the_same_enrollment(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    first = client.enrollments.enroll(seed["student_id"], new_course)

    second = client.enrollments.enroll(
        seed["student_id"], new_course, metadata={"goals": {"daily_lessons": 2}}
    )

    assert second.id == first.id


def test_enroll_with_options_both_ways_is_refused_before_sending(
    client: SyncEdubridgeClient, emu: InProcessEmulator, seed: dict[str, Any], new_course: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.enrollments.enroll(
            seed["student_id"], new_course, role="teacher", enroll_options={"role": "student"}
        )

    assert isinstance(caught.value, EdubridgeError)
    assert {issue.path for issue in caught.value.issues} == {"enroll_options", "role"}
    assert emu.request_count(method="POST") == 0


def test_a_refused_enroll_body_is_a_bad_request_naming_the_member(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    with pytest.raises(BadRequestError) as caught:
        client.enrollments.enroll(seed["student_id"], new_course, role="wizard")

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == ["role"]


def test_enroll_in_an_unknown_course_raises_not_found(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(NotFoundError, match="Course not found"):
        client.enrollments.enroll(seed["student_id"], "no-such-course")


def test_unenroll_removes_the_enrollment_from_the_users_list(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    client.enrollments.enroll(seed["student_id"], new_course)

    result = client.enrollments.unenroll(seed["student_id"], new_course)

    assert result is None
    assert new_course not in course_ids(client.enrollments.list(seed["student_id"]))


def test_unenroll_at_a_school_without_that_enrollment_raises_not_found(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    client.enrollments.enroll(seed["student_id"], new_course)

    with pytest.raises(NotFoundError):
        client.enrollments.unenroll(seed["student_id"], new_course, "sch-002")


def test_reset_goals_clears_goals_of_every_enrollment_in_the_course(
    client: SyncEdubridgeClient, seed: dict[str, Any], new_course: str
) -> None:
    client.enrollments.enroll(
        seed["student_id"], new_course, metadata={"goals": {"daily_xp": 30}}
    )

    result = client.enrollments.reset_goals(new_course)

    assert (result.updated, result.errors) == (1, [])
    [enrollment] = [
        e
        for e in client.enrollments.list(seed["student_id"])
        if e.course is not None and e.course.id == new_course
    ]
    assert enrollment.metadata is None or enrollment.metadata.goals is None


def test_reset_progress_soft_deletes_the_users_results_in_the_course(
    client: SyncEdubridgeClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    def active_results() -> int:
        return len(
            emu.store.find(
                "assessmentResults",
                filter=f"student.sourcedId='{seed['student_id']}' AND status='active'",
            )
        )

    before = active_results()
    courses = course_ids(client.enrollments.list(seed["student_id"]))

    for course_id in sorted(courses):
        assert client.enrollments.reset_progress(seed["student_id"], course_id) is None

    assert before > 0
    assert active_results() == 0


def test_reset_progress_of_an_unknown_course_raises_not_found(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(NotFoundError, match="Course not found"):
        client.enrollments.reset_progress(seed["student_id"], "no/such course")


def test_default_class_is_the_class_enroll_puts_the_user_in(
    client: SyncEdubridgeClient, emu: InProcessEmulator, seed: dict[str, Any], new_course: str
) -> None:
    enrollment = client.enrollments.enroll(seed["student_id"], new_course)

    default_class = client.enrollments.default_class(new_course, seed["school_id"])

    stored = emu.store.get("enrollments", enrollment.id)
    assert stored["class"]["sourcedId"] == default_class.id
    assert default_class.course is not None
    assert default_class.course.id == new_course
    assert default_class.periods  # the whole-year term


def test_default_class_without_school_uses_the_courses_org(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    default_class = client.enrollments.default_class(seed["course_id"])

    assert default_class.course is not None
    assert default_class.course.id == seed["course_id"]
