"""The syllabus of a course."""

from __future__ import annotations

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_powerpath._async.resources._base import AsyncEndpointGroup
from timeback_powerpath._models import Syllabus

__all__ = ["AsyncSyllabus"]


class AsyncSyllabus(AsyncEndpointGroup):
    """``client.powerpath.syllabus``: a course's syllabus."""

    async def get(self, course_id: str, **options: Unpack[RequestOptions]) -> Syllabus:
        """A course's syllabus: its units, lessons and resources (with QTI references).

        Args:
            course_id: The course's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The syllabus.

        Raises:
            NotFoundError: Unknown course.
        """
        return await self._get(Syllabus, self._base + "/syllabus/{}", course_id, options=options)
