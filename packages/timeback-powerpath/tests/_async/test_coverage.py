"""Every PowerPath operation is served by the emulator and reached by a client method.

One scenario calls every public endpoint method once against the emulator; the emulator's
request statistics must then show a successful answer on each of the 45 operations its OpenAPI
description lists.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from timeback_emulator import InProcessEmulator
from timeback_emulator._admin import build_openapi
from timeback_powerpath import PowerPathClient

OPERATIONS = 45


def _powerpath_operations(emu: InProcessEmulator) -> dict[tuple[str, str], str]:
    document = build_openapi(emu.app.routes, emu.base_url)
    return {
        (method.upper(), path): operation["operationId"]
        for path, item in document["paths"].items()
        if path.startswith("/powerpath")
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


def test_the_emulator_describes_all_45_operations(emu: InProcessEmulator) -> None:
    operations = _powerpath_operations(emu)
    assert len(operations) == OPERATIONS
    assert len(set(operations.values())) == OPERATIONS


@pytest.mark.anyio
async def test_every_operation_is_reached_by_a_client_method(
    client: PowerPathClient, emu: InProcessEmulator, seed: dict[str, Any], answers: Any
) -> None:
    student, course = seed["student_id"], seed["course_id"]
    lesson, test_out = answers.lessons(course)
    pp = client
    # placement and screening
    await pp.placement.all_tests(student, "Math")
    await pp.placement.current_level(student, "Math")
    await pp.placement.next_test(student, "Math")
    await pp.placement.subject_progress(student, "Math")
    await pp.placement.student_data(student)
    await pp.placement.reset(student, "Math")
    await pp.screening.assign_test(student, "Math")
    await pp.screening.session(student)
    await pp.screening.results(student)
    await pp.screening.reset_session(student)
    # lesson plans and syllabus
    created = await pp.lesson_plans.create(course, student)
    plan = created.lesson_plan_id
    await pp.lesson_plans.tree(course, student)
    await pp.lesson_plans.get(plan)
    await pp.lesson_plans.structure(plan)
    await pp.lesson_plans.store_operation(
        plan,
        {
            "type": "set-skipped",
            "payload": {"target": {"type": "resource", "id": lesson}, "value": True},
        },
    )
    await pp.lesson_plans.operations(plan)
    await pp.lesson_plans.sync_operations(plan)
    await pp.lesson_plans.recreate(plan)
    await pp.lesson_plans.sync_course(course)
    await pp.lesson_plans.course_progress(course, student)
    await pp.lesson_plans.update_item_response(
        student,
        lesson,
        {
            "status": "active",
            "scoreStatus": "fully graded",
            "scoreDate": "2026-01-01T00:00:00.000Z",
            "score": 90,
        },
    )
    await pp.syllabus.get(course)
    # the question loop
    await pp.mastery.new_attempt(student, test_out)
    step = await pp.mastery.next_question(student, test_out)
    assert step.question is not None
    await pp.mastery.answer(student, test_out, step.question.id, answers.right(step.question.id))
    await pp.mastery.progress(student, test_out)
    await pp.mastery.attempts(student, test_out)
    await pp.mastery.finalize(student, test_out)
    await pp.mastery.reset_attempt(student, test_out)
    # test-outs and external tests
    await pp.test_outs.get(student, course)
    await pp.test_outs.start(course, student)
    external = {
        "courseId": course,
        "toolProvider": "mastery-track",
        "lessonType": "test-out",
        "grades": ["3"],
        "xp": 50,
    }
    made = await pp.test_outs.create_external(external)
    await pp.external_tests.create_placement({**external, "lessonType": "placement"})
    await pp.external_tests.create_internal(
        {
            "courseId": course,
            "lessonType": "quiz",
            "testType": "qti",
            "qti": {"url": f"{emu.base_url}/assessment-tests/x"},
        }
    )
    await pp.external_tests.assign(student, made.lesson_id)
    await pp.external_tests.import_results(student, made.lesson_id)
    # test assignments
    one = await pp.test_assignments.create(student, "Math", "3")
    await pp.test_assignments.get(one.assignment_id)
    await pp.test_assignments.update(one.assignment_id, "Renamed")
    await pp.test_assignments.list(student).to_list()
    await pp.test_assignments.list_all().to_list()
    await pp.test_assignments.create_bulk([{"student": student, "subject": "Math", "grade": "4"}])
    csv = quote(f"student,subject,grade\n{student},Reading,2\n")
    await pp.test_assignments.import_sheet(f"data:text/csv,{csv}", "Sheet1")
    await pp.test_assignments.delete(one.assignment_id)
    await pp.lesson_plans.delete_all(course)

    reached = {
        (row["method"], row["route"])
        for row in emu.stats()["requests"]
        if 200 <= row["status"] < 300
    }
    missing = {
        operation_id
        for key, operation_id in _powerpath_operations(emu).items()
        if key not in reached
    }
    assert not missing, f"operations no client method reached: {sorted(missing)}"
