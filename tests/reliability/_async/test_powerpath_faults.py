"""Fault rows for PowerPath: 429s, 503s and dropped connections on the question loop and the
bounded bulk assignments. Each is retried or ends in a typed `PowerPathError`, and no answer or
assignment is recorded twice.

``tests/reliability/_sync/`` is generated from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from timeback_common import InternalServerError, RateLimitError
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator
from timeback_powerpath import PowerPathError

ANSWER = "/powerpath/updateStudentQuestionResponse"
ASSIGN = "/powerpath/test-assignments"
RIGHT = {"choice": "B", "text": "4", "order": ["A", "B", "C"]}


def _seeded(emulator: InProcessEmulator) -> tuple[str, str]:
    summary: dict[str, Any] = emulator.seed_summary()["summary"]
    return summary["student_id"], f"cr-cc-{summary['course_id']}-u1-l1"


async def _answer_first(tb: TimebackClient, student: str, lesson: str) -> Any:
    step = await tb.powerpath.mastery.next_question(student, lesson)
    assert step.question is not None
    qid = step.question.id
    return await tb.powerpath.mastery.answer(student, lesson, qid, RIGHT[qid.rsplit("-", 1)[-1]])


@pytest.mark.anyio
@pytest.mark.parametrize(
    "fault",
    [
        {"status": 429, "retry_after": 1},
        {"status": 503},
        {"action": "drop"},
    ],
    ids=["429-retry-after", "503", "dropped-connection"],
)
async def test_an_answer_hit_by_a_transient_fault_is_retried_and_recorded_once(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
    fault: dict[str, Any],
) -> None:
    emulator = make_emulator()
    student, lesson = _seeded(emulator)
    tb = connect(emulator)
    emulator.add_fault(path_prefix=ANSWER, method="PUT", count=1, **fault)
    result = await _answer_first(tb, student, lesson)
    assert result.total_questions == 1
    progress = await tb.powerpath.mastery.progress(student, lesson)
    assert len(progress.seen_questions) == 1
    assert emulator.request_count("PUT", ANSWER, 200) == 1
    assert len(no_sleep) == 1


@pytest.mark.anyio
async def test_a_persistent_429_on_an_answer_ends_in_a_typed_rate_limit_error(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
) -> None:
    emulator = make_emulator()
    student, lesson = _seeded(emulator)
    tb = connect(emulator)
    emulator.add_fault(path_prefix=ANSWER, method="PUT", status=429, retry_after=1, count=None)
    with pytest.raises(RateLimitError) as caught:
        await _answer_first(tb, student, lesson)
    assert isinstance(caught.value, PowerPathError)
    emulator.clear_faults()
    progress = await tb.powerpath.mastery.progress(student, lesson)
    assert progress.seen_questions == []


@pytest.mark.anyio
async def test_bulk_assignments_through_429s_all_succeed_once_each(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
) -> None:
    emulator = make_emulator()
    student, _ = _seeded(emulator)
    tb = connect(emulator)
    # The platform answers 429 above its concurrency limit: the first requests of the burst
    # are refused, as it would refuse the excess ones.
    emulator.add_fault(path_prefix=ASSIGN, method="POST", status=429, retry_after=1, count=2)
    rows = [{"student": student, "subject": "Math", "grade": str(g)} for g in range(6)]
    outcomes = await tb.powerpath.test_assignments.create_each(rows, concurrency=4)
    assert all(outcome.ok for outcome in outcomes)
    listed = await tb.powerpath.test_assignments.list(student).to_list()
    assert sorted(a.grade for a in listed) == [str(g) for g in range(6)]
    assert emulator.request_count("POST", ASSIGN, 429) == 2


@pytest.mark.anyio
async def test_a_503_without_retry_after_on_a_post_is_not_retried_and_is_typed(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
) -> None:
    emulator = make_emulator()
    student, _ = _seeded(emulator)
    tb = connect(emulator)
    emulator.add_fault(path_prefix=ASSIGN, method="POST", status=503, count=1)
    outcomes = await tb.powerpath.test_assignments.create_each(
        [{"student": student, "subject": "Math", "grade": "3"}]
    )
    assert isinstance(outcomes[0].error, InternalServerError)
    assert outcomes[0].error.status_code == 503
    assert isinstance(outcomes[0].error, PowerPathError)
    assert await tb.powerpath.test_assignments.list(student).to_list() == []
