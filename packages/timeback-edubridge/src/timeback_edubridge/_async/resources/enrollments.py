"""Enrollments: enroll a user in a course with one call.

Enrolling maintains the OneRoster records (school-year session, term, one class per course and
term, the enrollment) on the platform's side (section 5.4); the caller never creates them.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._models import (
    DefaultClass,
    Enrollment,
    EnrollmentMetadata,
    EnrollOptions,
    ResetGoalsResult,
)
from timeback_edubridge._params import enroll_body
from timeback_edubridge._parsing import parse_keyed, parse_keyed_list

__all__ = ["AsyncEnrollments"]


def _school(template: str, school_id: str | None) -> tuple[str, tuple[str, ...]]:
    """The path with the optional trailing ``{schoolId}`` segment, and its ids."""
    return (template + "/{}", (school_id,)) if school_id is not None else (template, ())


class AsyncEnrollments(AsyncEndpointGroup):
    """``client.enrollments``: a user's course enrollments."""

    async def list(
        self, user_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[Enrollment]:
        """Every active enrollment of a user (one request; the endpoint does not page).

        Args:
            user_id: The user's ``sourcedId`` (any characters; it is percent-encoded).
            **options: Per-call `RequestOptions` (``timeout``, ``extra_headers``...).

        Returns:
            The enrollments, with course, school and periods filled in.

        Raises:
            InputValidationError: ``user_id`` is empty.
        """
        response = await self._api.request(
            "GET", self._base + "/enrollments/user/{}", user_id, options=options
        )
        return parse_keyed_list(response, Enrollment)

    async def enroll(
        self,
        user_id: str,
        course_id: str,
        school_id: str | None = None,
        *,
        role: str | None = None,
        begin_date: dt.date | str | None = None,
        sourced_id: str | None = None,
        metadata: EnrollmentMetadata | Mapping[str, Any] | None = None,
        enroll_options: EnrollOptions | Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Enrollment:
        """Enroll a user in a course; the platform creates session, term and class as needed.

        Enrolling again updates the existing enrollment. Not retried after the request may
        have reached the server (it is a POST); pass ``idempotent=True`` to allow that.

        Args:
            user_id: The user's ``sourcedId``.
            course_id: The course's ``sourcedId``.
            school_id: The school; by default the user's primary org.
            role: ``student`` (the platform's default), ``teacher``, ``administrator`` or
                ``proctor``.
            begin_date: First day (``date`` or ``YYYY-MM-DD``).
            sourced_id: The enrollment's id; allocated by the platform when omitted.
            metadata: Goals and metrics, e.g. ``{"goals": {"daily_xp": 50}}``.
            enroll_options: All of the above as one `EnrollOptions` or dict (instead of the
                keywords), e.g. ``{"role": "teacher", "beginDate": "2026-08-15"}``.
            **options: Per-call `RequestOptions`.

        Returns:
            The enrollment.

        Raises:
            InputValidationError: Invalid options, or options given both ways; nothing sent.
            NotFoundError: Unknown user, course or school.
            BadRequestError: The platform refused the body (``error.issues`` name the members).
        """
        body = enroll_body(
            enroll_options,
            sourced_id=sourced_id,
            role=role,
            begin_date=begin_date,
            metadata=metadata,
        )
        path, ids = _school("/enrollments/enroll/{}/{}", school_id)
        response = await self._api.request(
            "POST", self._base + path, user_id, course_id, *ids, json=body, options=options
        )
        return parse_keyed(response, Enrollment)

    async def unenroll(
        self,
        user_id: str,
        course_id: str,
        school_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """End a user's enrollment in a course (it becomes ``tobedeleted``).

        Args:
            user_id: The user's ``sourcedId``.
            course_id: The course's ``sourcedId``.
            school_id: Only the enrollment at this school; by default any.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: Unknown user or course, or no such enrollment.
        """
        path, ids = _school("/enrollments/unenroll/{}/{}", school_id)
        await self._api.request(
            "DELETE", self._base + path, user_id, course_id, *ids, options=options
        )

    async def reset_goals(
        self, course_id: str, **options: Unpack[RequestOptions]
    ) -> ResetGoalsResult:
        """Clear the daily goals (``metadata.goals``) of every enrollment in a course.

        Safe to repeat, so it is retried like a GET (pass ``idempotent=False`` to stop that).

        Args:
            course_id: The course's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            How many enrollments were updated, and any per-enrollment errors.
        """
        response = await self._api.request(
            "POST",
            self._base + "/enrollments/resetGoals/{}",
            course_id,
            json={},
            options={"idempotent": True, **options},
        )
        return parse_keyed(response, ResetGoalsResult)

    async def reset_progress(
        self, user_id: str, course_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Discard a user's assessment results in a course (they become ``tobedeleted``).

        Args:
            user_id: The user's ``sourcedId``.
            course_id: The course's ``sourcedId``.
            **options: Per-call `RequestOptions`.
        """
        await self._api.request(
            "DELETE",
            self._base + "/enrollments/resetProgress/{}/{}",
            user_id,
            course_id,
            options=options,
        )

    async def default_class(
        self, course_id: str, school_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> DefaultClass:
        """The class a course's enrollments go into for the current school year.

        Args:
            course_id: The course's ``sourcedId``.
            school_id: The school; by default the course's org.
            **options: Per-call `RequestOptions`.

        Returns:
            The class.
        """
        path, ids = _school("/enrollments/defaultClass/{}", school_id)
        response = await self._api.request(
            "GET", self._base + path, course_id, *ids, options=options
        )
        return parse_keyed(response, DefaultClass)
