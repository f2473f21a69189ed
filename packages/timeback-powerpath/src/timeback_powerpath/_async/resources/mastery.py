"""The lesson-mastery question loop: attempts, the next question, answers, progress, finalising.

A lesson is a component resource (``lesson``: its sourcedId) whose resource points at a QTI
assessment test. PowerPath serves the test's items one at a time, scores each response through
QTI response processing and, when the lesson is complete, writes the student's assessment result
with XP, accuracy and mastered units in its metadata.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Sequence

from typing_extensions import Unpack

from timeback_common import RequestOptions, parse_model
from timeback_powerpath._async.resources._base import AsyncEndpointGroup, read, read_list
from timeback_powerpath._errors import input_error
from timeback_powerpath._models import (
    AssessmentProgress,
    Attempt,
    FinalizedAssessment,
    NextQuestion,
    Question,
    QuestionResponseResult,
    ResetAttemptResult,
)
from timeback_powerpath._requests import body, require

__all__ = ["AsyncMastery"]


class AsyncMastery(AsyncEndpointGroup):
    """``client.powerpath.mastery``: a student working through one lesson."""

    async def new_attempt(
        self, student: str, lesson: str, **options: Unpack[RequestOptions]
    ) -> Attempt:
        """Start a new attempt at a lesson (the attempt number goes up by one).

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The new attempt.

        Raises:
            NotFoundError: Unknown student or lesson.
        """
        require(student=student, lesson=lesson)
        response = await self._api.post(
            self._base + "/createNewAttempt",
            json=body(student=student, lesson=lesson),
            options=options,
        )
        answer = response.json()
        inner = answer.get("attempt", answer) if isinstance(answer, dict) else answer
        return parse_model(Attempt, inner, response)

    async def next_question(
        self, student: str, lesson: str, **options: Unpack[RequestOptions]
    ) -> NextQuestion:
        """The question the student should answer next, and the lesson score so far.

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The score and the question (None once the attempt has no question left).

        Raises:
            NotFoundError: Unknown student or lesson.
        """
        ids = {"student": student, "lesson": lesson}
        return await self._get_for(NextQuestion, self._base + "/getNextQuestion", ids, options)

    async def answer(
        self,
        student: str,
        lesson: str,
        question: str,
        response: str | Sequence[str],
        **options: Unpack[RequestOptions],
    ) -> QuestionResponseResult:
        """Record the student's response to a question; PowerPath scores it through QTI.

        Sending the same answer again (a retry) does not count it twice.

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            question: The question's id (`Question.id`, the QTI item identifier).
            response: The response: a choice identifier or text, or a list of them.
            **options: Per-call `RequestOptions`.

        Returns:
            The response's score and feedback, the lesson score, accuracy, and the XP once the
            lesson is complete.

        Raises:
            InputValidationError: An id is empty or the response is not text; nothing sent.
            NotFoundError: Unknown student, lesson or question.
        """
        require(student=student, lesson=lesson, question=question)
        if isinstance(response, str):
            given: str | list[str] = response
        elif isinstance(response, Sequence) and all(isinstance(v, str) for v in response):
            given = list(response)
        else:
            raise input_error("response must be a string or a list of strings; nothing was sent")
        answer = await self._api.put(
            self._base + "/updateStudentQuestionResponse",
            json=body(student=student, lesson=lesson, question=question, response=given),
            options=options,
        )
        return read(answer, QuestionResponseResult)

    async def progress(
        self,
        student: str,
        lesson: str,
        attempt: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AssessmentProgress:
        """The student's progress in a lesson: score, questions seen, accuracy, XP.

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            attempt: Which attempt (the latest when None).
            **options: Per-call `RequestOptions`.

        Returns:
            The progress.

        Raises:
            InputValidationError: An id is empty or ``attempt`` is not a positive integer.
            NotFoundError: Unknown student or lesson.
        """
        require(student=student, lesson=lesson)
        if attempt is not None and (
            isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1
        ):
            raise input_error("attempt must be a positive integer; nothing was sent")
        return await self._get(
            AssessmentProgress,
            self._base + "/getAssessmentProgress",
            params={"student": student, "lesson": lesson, "attempt": attempt},
            options=options,
        )

    async def finalize(
        self, student: str, lesson: str, **options: Unpack[RequestOptions]
    ) -> FinalizedAssessment:
        """Tally the attempt's responses (quizzes, test-outs, placement and unit tests).

        Finalising writes the student's assessment result with XP, accuracy and mastered units.

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            Whether the attempt is finalised, and its number.

        Raises:
            NotFoundError: Unknown student or lesson.
        """
        ids = {"student": student, "lesson": lesson}
        return await self._post_for(
            FinalizedAssessment, self._base + "/finalStudentAssessmentResponse", ids, options
        )

    async def attempts(
        self, student: str, lesson: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[Attempt]:
        """Every attempt of the student at a lesson, oldest first.

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The attempts, with score, status and when each began and finished.

        Raises:
            NotFoundError: Unknown student or lesson.
        """
        require(student=student, lesson=lesson)
        response = await self._api.get(
            self._base + "/getAttempts",
            params={"student": student, "lesson": lesson},
            options=options,
        )
        return read_list(response, Attempt, "attempts")

    async def reset_attempt(
        self, student: str, lesson: str, **options: Unpack[RequestOptions]
    ) -> ResetAttemptResult:
        """Reset the latest attempt: its responses, score and dates are cleared.

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            Whether it was reset, and the score now.

        Raises:
            NotFoundError: Unknown student or lesson.
        """
        ids = {"student": student, "lesson": lesson}
        return await self._post_for(ResetAttemptResult, self._base + "/resetAttempt", ids, options)

    async def questions(
        self,
        student: str,
        lesson: str,
        *,
        max_questions: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[Question]:
        """The lesson's questions, one at a time, until the attempt has none left.

        Each step asks for the next question (`next_question`); answer it with `answer` before
        the loop asks for the next one::

            async for question in client.powerpath.mastery.questions(student, lesson):
                result = await client.powerpath.mastery.answer(student, lesson, question.id, "B")

        Args:
            student: The student's ``sourcedId``.
            lesson: The lesson's component resource ``sourcedId``.
            max_questions: Stop after this many questions (None: until the lesson is done).
            **options: Per-call `RequestOptions`, for every request.

        Yields:
            The next question.

        Raises:
            InputValidationError: An id is empty, or a question was served again without
                having been answered (the loop would never end).
            NotFoundError: Unknown student or lesson.
        """
        require(student=student, lesson=lesson)
        served = 0
        previous: Question | None = None
        while max_questions is None or served < max_questions:
            step = await self.next_question(student, lesson, **options)
            question = step.question
            if question is None:
                return
            if (
                previous is not None
                and question.id == previous.id
                and question.index == previous.index
            ):
                raise input_error(
                    f"question {question.id!r} was served again without an answer: answer each "
                    "question (mastery.answer) before asking for the next"
                )
            previous = question
            served += 1
            yield question
