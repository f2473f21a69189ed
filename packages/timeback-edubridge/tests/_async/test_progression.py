"""Progression (wire contract 5.2 #20-#22): enqueue, create-course, the page-numbered catalog."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import BadRequestError, InputValidationError, NotFoundError
from timeback_edubridge import EdubridgeClient, EdubridgeError, ProgressionEnqueueRequest
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


@pytest.mark.anyio
async def test_enqueue_acknowledges_with_a_message_id(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    result = await client.progression.enqueue(enqueue_request(seed, score=71.5, readOnly=True))

    assert result.success is True
    assert result.message_id


@pytest.mark.anyio
async def test_enqueue_accepts_the_request_model(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    request = ProgressionEnqueueRequest.model_validate(enqueue_request(seed))

    assert (await client.progression.enqueue(request)).success is True


@pytest.mark.anyio
async def test_an_unknown_flow_type_is_a_bad_request_naming_it(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.progression.enqueue(enqueue_request(seed, flowType="sideways"))

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == ["flowType"]


@pytest.mark.anyio
async def test_a_request_without_required_members_is_refused_before_sending(
    client: EdubridgeClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    request = enqueue_request(seed)
    del request["flowType"]

    with pytest.raises(InputValidationError) as caught:
        await client.progression.enqueue(request)

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == ["flowType"]
    assert emu.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_create_course_builds_a_course_and_enrolls_the_learner(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    result = await client.progression.create_course(
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
    enrolled = await client.enrollments.list(seed["student_id"])
    assert result.course.sourced_id in [e.course.id for e in enrolled if e.course]


@pytest.mark.anyio
async def test_create_course_for_an_unknown_email_is_not_found(client: EdubridgeClient) -> None:
    with pytest.raises(NotFoundError):
        await client.progression.create_course(
            {
                "subject": "Math",
                "grade": 3,
                "app": "AlphaMath",
                "email": "nobody@example.com",
                "lessonIds": ["lesson-math-g3-01"],
                "courseDetails": {"title": "Nobody's course"},
            }
        )


@pytest.mark.anyio
async def test_catalog_walks_every_page_in_order(
    client: EdubridgeClient, emu: InProcessEmulator
) -> None:
    whole = await client.progression.catalog(subjects="Math", grade_levels=[3, "4"]).to_list()
    emu.reset_stats()

    paged = await client.progression.catalog(
        subjects=["Math"], grade_levels=[3, 4], limit=5
    ).to_list()

    assert len(whole) == 24
    assert [lesson["id"] for lesson in paged] == [lesson["id"] for lesson in whole]
    # The body gives a total: ceil(24 / 5) requests, none after the end.
    assert emu.request_count(route=CATALOG) == 5


@pytest.mark.anyio
async def test_catalog_window_maps_offsets_onto_pages(client: EdubridgeClient) -> None:
    whole = await client.progression.catalog(subjects="Reading", grade_levels="2").to_list()

    window = await client.progression.catalog(
        subjects="Reading", grade_levels="2", offset=3, limit=4, max_items=5
    ).to_list()

    assert window == whole[3:8]


@pytest.mark.anyio
async def test_catalog_first_page_knows_the_total(client: EdubridgeClient) -> None:
    page = await client.progression.catalog(subjects="Science", limit=10).first_page()

    assert (len(page), page.total, page.has_more) == (10, 9 * 12, True)


@pytest.mark.anyio
async def test_catalog_refuses_a_page_larger_than_500(client: EdubridgeClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.progression.catalog(limit=501)

    assert isinstance(caught.value, EdubridgeError)
