"""End to end through `TimebackClient`: placement, a lesson plan, a lesson mastered through the
question loop (wrong answers on the way), the XP result read back through OneRoster, and the
lesson in the student's Edubridge analytics summary.

``tests/powerpath/_sync/`` is generated from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from timeback_common.testing import AsyncASGITransport
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator

RIGHT = {"choice": "B", "text": "4", "order": ["A", "B", "C"]}
WRONG = {"choice": "A", "text": "5", "order": ["C", "B", "A"]}


def _kind(question_id: str) -> str:
    return question_id.rsplit("-", 1)[-1]


@pytest.mark.anyio
async def test_a_seeded_student_is_placed_gets_a_plan_and_masters_a_lesson_with_xp_in_oneroster(
    timeback_emulator_app: InProcessEmulator,
) -> None:
    emu = timeback_emulator_app
    seed: dict[str, Any] = emu.seed_summary()["summary"]
    student, course = seed["student_id"], seed["course_id"]
    lesson = f"cr-cc-{course}-u1-l1"  # the seeded course's first PowerPath 100 lesson
    async with TimebackClient(
        base_url=emu.base_url,
        auth_url=emu.token_url,
        client_id=emu.client_id,
        client_secret=emu.client_secret,
        transport=AsyncASGITransport(emu.app),
    ) as tb:
        pp = tb.powerpath
        # placed: the first Math placement test, passed
        placement = await pp.placement.next_test(student, "Math")
        assert placement.lesson is not None
        async for question in pp.mastery.questions(student, placement.lesson):
            response = RIGHT[_kind(question.id)]
            await pp.mastery.answer(student, placement.lesson, question.id, response)
        await pp.mastery.finalize(student, placement.lesson)
        level = await pp.placement.current_level(student, "Math")
        assert level.onboarded
        # a lesson plan mirroring the course
        plan = await pp.lesson_plans.create(course, student)
        tree = await pp.lesson_plans.get(plan.lesson_plan_id)
        assert tree.course["sourcedId"] == course
        # the lesson mastered, one wrong answer in six
        answered = wrong = 0
        async for question in pp.mastery.questions(student, lesson):
            miss = answered % 6 == 1
            table = WRONG if miss else RIGHT
            await pp.mastery.answer(student, lesson, question.id, table[_kind(question.id)])
            answered, wrong = answered + 1, wrong + miss
        progress = await pp.mastery.progress(student, lesson)
        assert progress.score == 100
        assert wrong > 0
        # the result, with XP, through OneRoster
        result = await tb.oneroster.assessment_results.get(f"ar-pp-{student}-{lesson}-1")
        metadata = result.metadata or {}
        assert metadata["xp"] == progress.xp == 10.0
        assert metadata["totalQuestions"] == answered
        assert metadata["correctQuestions"] == answered - wrong
        assert metadata["masteredUnits"] == 1
        assert result.score == 100
        course_progress = await pp.lesson_plans.course_progress(course, student)
        mine = [
            item
            for item in course_progress.line_items
            if item.course_component_resource_sourced_id == lesson
        ]
        assert len(mine) == 1
        assert len(mine[0].results) == 1
        # and the lesson in the student's Edubridge analytics (computed from Caliper events)
        today = datetime.now(timezone.utc).date()
        summary = await tb.edubridge.analytics.summary(
            student_id=student, start_date=today, end_date=today
        )
        assert "PowerPath" in summary.apps
        assert summary.total_xp >= 10.0
