"""Feedback users leave on questions and lessons."""

from __future__ import annotations

import builtins
from functools import partial

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup
from timeback_qti._models import LessonFeedback
from timeback_qti._parsing import parse_list
from timeback_qti._requests import feedback_body

__all__ = ["AsyncFeedback"]


class AsyncFeedback(AsyncEndpointGroup):
    """``client.feedback``: question and lesson feedback."""

    async def create_for_question(
        self,
        *,
        question_id: str,
        user_id: str,
        lesson_id: str,
        feedback: str,
        human_approved: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> LessonFeedback:
        """Record a user's feedback on a question (a typo, an unclear prompt...).

        Args:
            question_id: The question (item identifier).
            user_id: Who gives the feedback.
            lesson_id: The lesson the question belongs to.
            feedback: The text.
            human_approved: Whether a person approved it.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored feedback.

        Raises:
            InputValidationError: A required argument is empty; nothing was sent.
        """
        body = partial(
            feedback_body,
            user_id=user_id,
            lesson_id=lesson_id,
            feedback=feedback,
            question_id=question_id,
            human_approved=human_approved,
        )
        return await self._read(LessonFeedback, "POST", self._base + "/question", {}, options, body)

    async def create_for_lesson(
        self,
        *,
        user_id: str,
        lesson_id: str,
        feedback: str,
        human_approved: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> LessonFeedback:
        """Record a user's feedback on a lesson.

        Args:
            user_id: Who gives the feedback.
            lesson_id: The lesson.
            feedback: The text.
            human_approved: Whether a person approved it.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored feedback.

        Raises:
            InputValidationError: A required argument is empty; nothing was sent.
        """
        body = partial(
            feedback_body,
            user_id=user_id,
            lesson_id=lesson_id,
            feedback=feedback,
            human_approved=human_approved,
        )
        return await self._read(LessonFeedback, "POST", self._base + "/lesson", {}, options, body)

    async def list_for_lesson(
        self, lesson_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[LessonFeedback]:
        """Every feedback record of a lesson (question and lesson feedback).

        Args:
            lesson_id: The lesson.
            **options: Per-call `RequestOptions`.

        Returns:
            The feedback, oldest first.

        Raises:
            QtiError: The request failed.
        """
        ids = {"lesson_id": lesson_id}
        response = await self._send("GET", self._base + "/lesson/{}", ids, options)
        return parse_list(response, LessonFeedback)

    async def delete(self, feedback_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a feedback record.

        Args:
            feedback_id: Its id.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such feedback.
        """
        await self._send("DELETE", self._base + "/{}", {"feedback_id": feedback_id}, options)
