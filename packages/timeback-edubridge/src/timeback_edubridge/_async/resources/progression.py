"""Progression: placement flows, generated courses, the catalog.

The catalog is paged by 1-based ``page`` and ``limit`` (at most 500); `AsyncProgression.catalog`
maps the paginator's offsets onto pages (`timeback_common.page_number_request`), so it walks it
like any other list, concurrently once the body gives a ``totalCount``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import (
    APIResponse,
    AsyncPaginator,
    Page,
    QueryParams,
    RequestOptions,
    page_from_page_number_response,
    page_number_request,
)
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._models import (
    CreateCourseRequest,
    CreateCourseResult,
    ProgressionEnqueueRequest,
    ProgressionEnqueueResult,
)
from timeback_edubridge._params import catalog_query, create_course_body, enqueue_body
from timeback_edubridge._parsing import parse_body, parse_rows

__all__ = ["AsyncProgression"]

MAX_CATALOG_LIMIT = 500
"""The largest catalog page the platform serves."""


class AsyncProgression(AsyncEndpointGroup):
    """``client.progression``: placement flows, courses built from lessons, the catalog."""

    async def enqueue(
        self,
        request: ProgressionEnqueueRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ProgressionEnqueueResult:
        """Queue a progression (placement) flow for a student.

        Not retried after the request may have reached the server (it is a POST).

        Args:
            request: A `ProgressionEnqueueRequest` or a dict of the same shape
                (``assignmentId``, ``studentTimebackId``, ``studentEmail``, ``subject``,
                ``grade``, ``currentCourseSourcedId``, ``flowType``...).
            **options: Per-call `RequestOptions`.

        Returns:
            ``success`` and the queued message's id.

        Raises:
            InputValidationError: A required member is missing or invalid; nothing was sent.
            BadRequestError: The platform refused the body (``error.issues`` name the members).
        """
        body = enqueue_body(request)
        response = await self._api.request(
            "POST", self._base + "/progression/enqueue", json=body, options=options
        )
        return parse_body(response, ProgressionEnqueueResult)

    async def create_course(
        self,
        request: CreateCourseRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> CreateCourseResult:
        """Create a course from catalog lessons and enroll the learner (by e-mail) in it.

        Not retried after the request may have reached the server (it is a POST).

        Args:
            request: A `CreateCourseRequest` or a dict of the same shape (``subject``,
                ``grade``, ``app``, ``email``, ``lessonIds``, ``courseDetails``...).
            **options: Per-call `RequestOptions`.

        Returns:
            The course, how enrolling went, and how many resources were created.

        Raises:
            InputValidationError: A member has the wrong type; nothing was sent.
            BadRequestError: The platform refused the body.
            NotFoundError: No user with that e-mail.
        """
        body = create_course_body(request)
        response = await self._api.request(
            "POST", self._base + "/progression/create-course", json=body, options=options
        )
        return parse_body(response, CreateCourseResult)

    def catalog(
        self,
        *,
        subjects: str | Iterable[str] | None = None,
        grade_levels: str | int | Iterable[str | int] | None = None,
        offset: int = 0,
        limit: int = 100,
        max_items: int | None = None,
        concurrency: int = 4,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[dict[str, Any]]:
        """The lessons of the progression catalog, page by page (a paginator, like
        ``users.list``).

        The lesson shape is undocumented, so lessons are plain JSON objects.

        Args:
            subjects: Only these subjects (repeated ``subject``).
            grade_levels: Only these grades (repeated ``gradeLevel``).
            offset: Index of the first lesson wanted.
            limit: Lessons per request (1..500).
            max_items: Stop after this many lessons (None: all of them).
            concurrency: Page requests in flight once the total is known.
            **options: Per-call `RequestOptions`, applied to every page request.

        Returns:
            A paginator of lessons: ``to_list()`` for a list, iterate it to stream them.

        Raises:
            InputValidationError: An empty subject or grade, or paging options out of range;
                raised here, before anything is sent.
            UnsupportedOperationError: The platform has no Edubridge (when a page is fetched).
        """
        query = catalog_query(subjects, grade_levels)

        return self._api.paginate(
            self._base + "/progression/catalog",
            read_page=_read_catalog_page,
            params=query,
            page_query=_catalog_page_query,
            offset=offset,
            page_size=limit,
            max_items=max_items,
            concurrency=concurrency,
            max_page_size=MAX_CATALOG_LIMIT,
            options=options,
        )


def _catalog_page_query(offset: int, limit: int) -> QueryParams:
    # The catalog is paged by page number: the paginator's offsets are mapped onto pages.
    wanted = page_number_request(offset, limit, max_limit=MAX_CATALOG_LIMIT)
    return {"page": wanted.page, "limit": wanted.limit}


def _read_catalog_page(response: APIResponse, offset: int, limit: int) -> Page[dict[str, Any]]:
    return page_from_page_number_response(
        parse_rows(response, "data", "lessons"),
        offset=offset,
        limit=limit,
        request=page_number_request(offset, limit, max_limit=MAX_CATALOG_LIMIT),
        body=response.json(),
        headers=response.headers,
    )
