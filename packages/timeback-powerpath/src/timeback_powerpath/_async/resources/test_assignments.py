"""Test assignments: unlisted test-outs assigned to students, one by one, in bulk or imported."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import (
    APIResponse,
    AsyncPaginator,
    Outcome,
    Page,
    RequestOptions,
    async_run_each,
    offset_page_from_response,
)
from timeback_powerpath._async.resources._base import AsyncEndpointGroup, read_list
from timeback_powerpath._errors import powerpath_errors
from timeback_powerpath._models import (
    BulkTestAssignmentResult,
    CreatedTestAssignment,
    TestAssignment,
    TestAssignmentRequest,
)
from timeback_powerpath._requests import (
    DEFAULT_CONCURRENCY,
    assignment_rows,
    body,
    check_concurrency,
    require,
)

__all__ = ["AsyncTestAssignments"]


def _read_page(response: APIResponse, offset: int, limit: int) -> Page[TestAssignment]:
    records = read_list(response, TestAssignment, "testAssignments")
    return offset_page_from_response(
        records, offset=offset, limit=limit, body=response.json(), headers=response.headers
    )


def _filters(**members: str | None) -> dict[str, Any]:
    return {name: value for name, value in members.items() if value is not None}


class AsyncTestAssignments(AsyncEndpointGroup):
    """``client.powerpath.test_assignments``: assign tests to students and follow them."""

    def list(
        self,
        student: str,
        *,
        status: str | None = None,
        subject: str | None = None,
        grade: str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[TestAssignment]:
        """A student's test assignments, page by page (nothing is sent until iterated).

        Args:
            student: The student's ``sourcedId``.
            status: Only assignments in this status.
            subject: Only this subject.
            grade: Only this grade.
            page_size: Records per request.
            max_items: Stop after this many records.
            **options: Per-call `RequestOptions`, for every page.

        Returns:
            A paginator (``async for``, ``.pages()``, ``.to_list()``...).

        Raises:
            InputValidationError: ``student`` is empty or a paging option is invalid.
        """
        require(student=student)
        filters = _filters(student=student, status=status, subject=subject, grade=grade)
        return self._pages(self._base + "/test-assignments", filters, page_size, max_items, options)

    def list_all(
        self,
        *,
        student: str | None = None,
        status: str | None = None,
        subject: str | None = None,
        grade: str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[TestAssignment]:
        """Every test assignment (administrators), page by page.

        Args:
            student: Only this student's.
            status: Only assignments in this status.
            subject: Only this subject.
            grade: Only this grade.
            page_size: Records per request.
            max_items: Stop after this many records.
            **options: Per-call `RequestOptions`, for every page.

        Returns:
            A paginator.

        Raises:
            InputValidationError: A paging option is invalid.
        """
        filters = _filters(student=student, status=status, subject=subject, grade=grade)
        path = self._base + "/test-assignments/admin"
        return self._pages(path, filters, page_size, max_items, options)

    def _pages(
        self,
        path: str,
        filters: dict[str, Any],
        page_size: int | None,
        max_items: int | None,
        options: RequestOptions,
    ) -> AsyncPaginator[TestAssignment]:
        """A paginator over the test assignments at ``path`` matching ``filters``."""
        with powerpath_errors():
            return self._api.paginate(
                path,
                read_page=_read_page,
                params=filters,
                page_size=page_size,
                max_items=max_items,
                options=options,
            )

    async def create(
        self,
        student: str,
        subject: str,
        grade: str,
        test_name: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CreatedTestAssignment:
        """Assign a test of a subject and grade to a student (an unlisted test-out).

        Args:
            student: The student's ``sourcedId``.
            subject: The subject (``Math``, ``Reading``...).
            grade: The grade, ``"-1"`` (pre-K) to ``"13"``.
            test_name: A display name.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignment, its lesson and resource.

        Raises:
            NotFoundError: Unknown student.
        """
        require(student=student, subject=subject, grade=grade)
        return await self._post(
            CreatedTestAssignment,
            self._base + "/test-assignments",
            json=body(student=student, subject=subject, grade=grade, testName=test_name),
            options=options,
        )

    async def get(self, assignment_id: str, **options: Unpack[RequestOptions]) -> TestAssignment:
        """One test assignment.

        Args:
            assignment_id: The assignment's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignment.

        Raises:
            NotFoundError: Unknown assignment.
        """
        return await self._get(
            TestAssignment, self._base + "/test-assignments/{}", assignment_id, options=options
        )

    async def update(
        self, assignment_id: str, test_name: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Rename a test assignment.

        Args:
            assignment_id: The assignment's ``sourcedId``.
            test_name: The new display name.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: Unknown assignment.
        """
        require(test_name=test_name)
        await self._api.put(
            self._base + "/test-assignments/{}",
            assignment_id,
            json=body(testName=test_name),
            options=options,
        )

    async def delete(self, assignment_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a test assignment.

        Args:
            assignment_id: The assignment's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: Unknown assignment.
        """
        await self._api.delete(self._base + "/test-assignments/{}", assignment_id, options=options)

    async def create_bulk(
        self,
        items: Iterable[TestAssignmentRequest | Mapping[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> BulkTestAssignmentResult:
        """Assign many tests in one request; refused rows come back in ``errors``.

        Args:
            items: `TestAssignmentRequest` s or mappings with ``student``, ``subject``,
                ``grade`` and optionally ``testName``.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignments created and the refused rows.

        Raises:
            InputValidationError: A row lacks a member; nothing sent.
        """
        rows = assignment_rows(items)
        return await self._post(
            BulkTestAssignmentResult,
            self._base + "/test-assignments/bulk",
            json={"items": [row.to_wire() for row in rows]},
            options=options,
        )

    async def import_sheet(
        self, spreadsheet_url: str, sheet: str, **options: Unpack[RequestOptions]
    ) -> BulkTestAssignmentResult:
        """Assign the tests listed in a Google Sheet (one row per assignment).

        Args:
            spreadsheet_url: The sheet's URL.
            sheet: The tab's name.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignments created and the refused rows.
        """
        require(spreadsheet_url=spreadsheet_url, sheet=sheet)
        return await self._post(
            BulkTestAssignmentResult,
            self._base + "/test-assignments/import",
            json=body(spreadsheetUrl=spreadsheet_url, sheet=sheet),
            options=options,
        )

    async def create_each(
        self,
        items: Iterable[TestAssignmentRequest | Mapping[str, Any]],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Outcome[CreatedTestAssignment]]:
        """Assign many tests with one request each, at most ``concurrency`` in flight.

        Unlike `create_bulk`, each assignment succeeds or fails on its own, and a failure
        names its own error. The platform answers 429 from about ten concurrent PowerPath
        requests: keep ``concurrency`` below that (429s are retried as every request's are).

        Args:
            items: `TestAssignmentRequest` s or mappings.
            concurrency: Requests in flight at most (default 5).
            **options: Per-call `RequestOptions`, for every request.

        Returns:
            One `Outcome` per item, in order: ``value`` the created assignment, or ``error``
            a `PowerPathError`.

        Raises:
            InputValidationError: A row lacks a member or ``concurrency`` is not a positive
                integer; nothing sent.
        """
        limit = check_concurrency(concurrency)
        rows = assignment_rows(items)

        async def assign(row: TestAssignmentRequest) -> CreatedTestAssignment:
            return await self.create(row.student, row.subject, row.grade, row.test_name, **options)

        return await async_run_each(assign, rows, limit=limit)
