# This file is generated from packages/timeback-edubridge/tests/_async/test_progression.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Progression (wire contract 5.2 #20-#22): enqueue, create-course, the page-numbered catalog."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import BadRequestError, InputValidationError, NotFoundError
from timeback_edubridge import SyncEdubridgeClient, EdubridgeError, ProgressionEnqueueRequest
from timeback_emulator import InProcessEmulator

CATALOG = "/edubridge/progression/catalog"


def enqueue_request(seed: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "assignmentId": "assignment-1",
        "studentTimebackId": seed["student_id"],
        "studentEmail": seed["student_email"],
        "subject": "Math",
        "grade": 3,
        "currentCourseSourcedId": seed["course_id"],
        "flowType": "dcan",
        **changes,
    }


def test_enqueue_acknowledges_with_a_message_id(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    result = client.progression.enqueue(enqueue_request(seed, score=71.5, readOnly=True))

    assert result.success is True
    assert result.message_id


def test_enqueue_accepts_the_request_model(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    request = ProgressionEnqueueRequest.model_validate(enqueue_request(seed))

    assert (client.progression.enqueue(request)).success is True


def test_an_unknown_flow_type_is_a_bad_request_naming_it(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(BadRequestError) as caught:
        client.progression.enqueue(enqueue_request(seed, flowType="sideways"))

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == ["flowType"]


def test_a_request_without_required_members_is_refused_before_sending(
    client: SyncEdubridgeClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    request = enqueue_request(seed)
    del request["flowType"]

    with pytest.raises(InputValidationError) as caught:
        client.progression.enqueue(request)

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == ["flowType"]
    assert emu.stats()["totalRequests"] == 0


def test_create_course_builds_a_course_and_enrolls_the_learner(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    result = client.progression.create_course(
        {
            "subject": "Math",
            "grade": "3",
            "app": "AlphaMath",
            "email": seed["student_email"],
            "lessonIds": ["lesson-math-g3-01", "lesson-math-g3-02"],
            "courseDetails": {"title": "Math 3 catch-up", "xpPerLesson": 15},
        }
    )

    assert result.success is True
    assert result.course is not None
    assert (result.course.total_lessons, result.course.total_xp) == (2, 30)
    assert result.enrollment is not None
    assert result.enrollment.status_code == 200
    enrolled = client.enrollments.list(seed["student_id"])
    assert result.course.sourced_id in [e.course.id for e in enrolled if e.course]


def test_create_course_for_an_unknown_email_is_not_found(client: SyncEdubridgeClient) -> None:
    with pytest.raises(NotFoundError):
        client.progression.create_course(
            {
                "subject": "Math",
                "grade": 3,
                "app": "AlphaMath",
                "email": "nobody@example.com",
                "lessonIds": ["lesson-math-g3-01"],
                "courseDetails": {"title": "Nobody's course"},
            }
        )


def test_catalog_walks_every_page_in_order(
    client: SyncEdubridgeClient, emu: InProcessEmulator
) -> None:
    whole = client.progression.catalog(subjects="Math", grade_levels=[3, "4"]).to_list()
    emu.reset_stats()

    paged = client.progression.catalog(
        subjects=["Math"], grade_levels=[3, 4], limit=5
    ).to_list()

    assert len(whole) == 24
    assert [lesson["id"] for lesson in paged] == [lesson["id"] for lesson in whole]
    # The body gives a total: ceil(24 / 5) requests, none after the end.
    assert emu.request_count(route=CATALOG) == 5


def test_catalog_window_maps_offsets_onto_pages(client: SyncEdubridgeClient) -> None:
    whole = client.progression.catalog(subjects="Reading", grade_levels="2").to_list()

    window = client.progression.catalog(
        subjects="Reading", grade_levels="2", offset=3, limit=4, max_items=5
    ).to_list()

    assert window == whole[3:8]


def test_catalog_first_page_knows_the_total(client: SyncEdubridgeClient) -> None:
    page = client.progression.catalog(subjects="Science", limit=10).first_page()

    assert (len(page), page.total, page.has_more) == (10, 9 * 12, True)


def test_catalog_refuses_a_page_larger_than_500(client: SyncEdubridgeClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.progression.catalog(limit=501)

    assert isinstance(caught.value, EdubridgeError)
