"""The lesson-mastery loop against the emulator: questions served from QTI, scored, mastered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from timeback_common import InputValidationError, NotFoundError
from timeback_powerpath import PowerPathClient, PowerPathError


@dataclass(frozen=True)
class Learner:
    """The seeded student and the seeded course's PowerPath-100 lesson and test-out."""

    student: str
    lesson: str
    test_out: str


@pytest.fixture
def learner(seed: dict[str, Any], answers: Any) -> Learner:
    lesson, test_out = answers.lessons(seed["course_id"])
    return Learner(seed["student_id"], lesson, test_out)


@pytest.mark.anyio
async def test_the_question_loop_masters_a_powerpath_100_lesson_with_wrong_answers_on_the_way(
    client: PowerPathClient, learner: Learner, answers: Any
) -> None:
    student, lesson = learner.student, learner.lesson
    answered = wrong = 0
    last = None
    async for question in client.mastery.questions(student, lesson):
        miss = answered % 6 == 1
        response = answers.wrong(question.id) if miss else answers.right(question.id)
        last = await client.mastery.answer(student, lesson, question.id, response)
        answered += 1
        wrong += miss
        assert last.response_result is not None
        assert (last.response_result.score == 0.0) is miss
    assert last is not None
    assert wrong > 0
    assert last.powerpath_score == 100
    assert last.total_questions == answered
    assert last.correct_questions == answered - wrong
    assert last.multiplier == 1.0  # first attempt, accuracy in [80, 100)
    assert last.xp == 10.0  # the seeded resource's base XP (10) times 1.0
    progress = await client.mastery.progress(student, lesson)
    assert progress.score == 100
    assert len(progress.seen_questions) == answered
    attempts = await client.mastery.attempts(student, lesson)
    assert [a.score_status for a in attempts] == ["fully graded"]


@pytest.mark.anyio
async def test_a_retried_answer_is_not_counted_twice(
    client: PowerPathClient, learner: Learner, answers: Any
) -> None:
    student, lesson = learner.student, learner.lesson
    step = await client.mastery.next_question(student, lesson)
    assert step.question is not None
    qid = step.question.id
    first = await client.mastery.answer(student, lesson, qid, answers.right(qid))
    again = await client.mastery.answer(student, lesson, qid, answers.right(qid))
    assert first.total_questions == again.total_questions == 1
    assert first.powerpath_score == again.powerpath_score


@pytest.mark.anyio
async def test_a_quiz_is_finalised_into_a_result_with_accuracy(
    client: PowerPathClient, learner: Learner, answers: Any
) -> None:
    student, test_out = learner.student, learner.test_out
    async for question in client.mastery.questions(student, test_out):
        await client.mastery.answer(student, test_out, question.id, answers.right(question.id))
    done = await client.mastery.finalize(student, test_out)
    assert done.finalized
    assert done.lesson_type == "test-out"
    progress = await client.mastery.progress(student, test_out)
    assert (progress.accuracy, progress.multiplier, progress.finalized) == (100.0, 1.25, True)
    again = await client.mastery.new_attempt(student, test_out)
    assert again.attempt == 2
    reset = await client.mastery.reset_attempt(student, test_out)
    assert reset.success


@pytest.mark.anyio
async def test_an_unanswered_question_stops_the_iterator_with_a_typed_error(
    client: PowerPathClient, learner: Learner
) -> None:
    with pytest.raises(InputValidationError) as caught:
        async for _question in client.mastery.questions(learner.student, learner.lesson):
            pass  # never answered
    assert isinstance(caught.value, PowerPathError)


@pytest.mark.anyio
async def test_unknown_lesson_is_a_powerpath_not_found(
    client: PowerPathClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.mastery.next_question(seed["student_id"], "no-such-lesson")
    assert isinstance(caught.value, PowerPathError)


@pytest.mark.anyio
async def test_empty_ids_are_refused_before_sending(client: PowerPathClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.mastery.answer("", "lesson", "q", "B")
    assert isinstance(caught.value, PowerPathError)
    assert caught.value.issues[0].path == "student"
