"""The PowerPath workflows against the emulator: lesson plans, placement, test assignments."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import InputValidationError, UnsupportedOperationError
from timeback_emulator import InProcessEmulator
from timeback_powerpath import PowerPathClient, PowerPathError

from .conftest import make_client


@pytest.mark.anyio
async def test_a_lesson_plan_mirrors_the_course_and_replays_its_operations(
    client: PowerPathClient, seed: dict[str, Any], answers: Any
) -> None:
    student, course = seed["student_id"], seed["course_id"]
    lesson, _ = answers.lessons(course)
    created = await client.lesson_plans.create(course, student)
    again = await client.lesson_plans.create(course, student)
    assert again.lesson_plan_id == created.lesson_plan_id
    tree = await client.lesson_plans.tree(course, student)
    assert tree.course["sourcedId"] == course
    assert [unit["title"] for unit in tree.components] == ["Unit 1", "Unit 2"]
    first_lesson = tree.components[0]["subComponents"][0]["componentResources"][0]
    assert first_lesson["sourcedId"] == lesson
    skip = {
        "type": "set-skipped",
        "payload": {"target": {"type": "resource", "id": lesson}, "value": True},
    }
    stored = await client.lesson_plans.store_operation(created.lesson_plan_id, skip, "knows it")
    assert stored.success
    log = await client.lesson_plans.operations(created.lesson_plan_id)
    assert [(op.type, op.reason) for op in log] == [("set-skipped", "knows it")]
    plan = await client.lesson_plans.get(created.lesson_plan_id)
    assert plan.components[0]["subComponents"][0]["componentResources"][0]["skipped"] is True
    synced = await client.lesson_plans.sync_course(course)
    assert synced.lesson_plans_affected == [created.lesson_plan_id]
    recreated = await client.lesson_plans.recreate(created.lesson_plan_id)
    assert (recreated.operation_count, recreated.success) == (1, True)


@pytest.mark.anyio
async def test_a_student_is_placed_by_the_placement_test_they_pass(
    client: PowerPathClient, seed: dict[str, Any], answers: Any
) -> None:
    student = seed["student_id"]
    before = await client.placement.current_level(student, "Math")
    assert (before.grade_level, before.onboarded) == (None, False)
    first = await client.placement.next_test(student, "Math")
    assert first.lesson is not None
    async for question in client.mastery.questions(student, first.lesson):
        await client.mastery.answer(student, first.lesson, question.id, answers.right(question.id))
    await client.mastery.finalize(student, first.lesson)
    after = await client.placement.current_level(student, "Math")
    assert after.onboarded
    assert after.grade_level is not None
    following = await client.placement.next_test(student, "Math")
    assert following.lesson != first.lesson
    reset = await client.placement.reset(student, "Math")
    assert reset.placement_results_deleted == 1


@pytest.mark.anyio
@pytest.mark.timeback_emulator(latency_ms=20)
async def test_bulk_assignments_keep_at_most_the_concurrency_in_flight(
    emu: InProcessEmulator, seed: dict[str, Any], in_flight: Any
) -> None:
    counter = in_flight(emu.app)
    rows = [{"student": seed["student_id"], "subject": "Math", "grade": str(g)} for g in range(8)]
    async with make_client(emu, app=counter) as client:
        outcomes = await client.test_assignments.create_each(rows, concurrency=3)
        listed = await client.test_assignments.list(seed["student_id"], page_size=3).to_list()
    assert all(outcome.ok for outcome in outcomes)
    assert 1 < counter.peak <= 3
    assert len(listed) == len(rows)


@pytest.mark.anyio
async def test_bad_bulk_rows_are_refused_before_sending(client: PowerPathClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.test_assignments.create_each([{"student": "s1", "subject": "Math"}])
    assert isinstance(caught.value, PowerPathError)
    assert caught.value.issues[0].path == "items[0].grade"


@pytest.mark.anyio
async def test_learnwith_ai_has_no_powerpath_and_nothing_is_sent(emu: InProcessEmulator) -> None:
    async with make_client(emu, platform="learnwith-ai") as client:
        with pytest.raises(UnsupportedOperationError) as caught:
            await client.syllabus.get("course-1")
    assert isinstance(caught.value, PowerPathError)
    assert emu.request_count() == 0
