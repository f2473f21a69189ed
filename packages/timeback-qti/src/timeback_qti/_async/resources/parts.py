"""Test parts: the top level of a test, holding sections."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup, Paging
from timeback_qti._models import TestPart
from timeback_qti._requests import json_form, json_replacement, part_modes

__all__ = ["AsyncTestParts"]


class AsyncTestParts(AsyncEndpointGroup):
    """``client.test_parts``: the parts of a test.

    What every method may raise and the arguments every ``list`` takes are described on
    `AsyncEndpointGroup`.
    """

    def list(
        self,
        test_identifier: str,
        *,
        query: str | None = None,
        filter: str | None = None,
        sort: str | None = None,
        order: str | None = None,
        navigation_mode: str | None = None,
        submission_mode: str | None = None,
        offset: int = 0,
        limit: int = 100,
        max_items: int | None = None,
        concurrency: int = 4,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[TestPart]:
        """The parts of a test, page by page.

        Args:
            test_identifier: The test.
            query: Free text matched against identifiers.
            filter: A filter expression.
            sort: The member to sort by.
            order: ``asc`` or ``desc``.
            navigation_mode: Only parts in this mode.
            submission_mode: Only parts in this mode.
            offset: Index of the first part wanted.
            limit: Parts per request.
            max_items: Stop after this many (None: all of them).
            concurrency: Page requests in flight once the total is known.
            **options: Per-call `RequestOptions`, for every page request.

        Returns:
            A paginator of parts.

        Raises:
            NotFoundError: No such test (when a page is fetched).
        """
        modes = part_modes(navigation_mode, submission_mode)
        search = {"query": query, "filter": filter, "sort": sort, "order": order, "extra": modes}
        paging = Paging(offset, limit, max_items, concurrency)
        path = self._base + "/assessment-tests/{}/test-parts"
        return self._paginate(
            TestPart, search, paging, options, path, {"test_identifier": test_identifier}
        )

    async def create(
        self,
        test_identifier: str,
        part: TestPart | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> TestPart:
        """Add a part to a test.

        Args:
            test_identifier: The test.
            part: The part (identifier, navigation and submission modes, sections).
            **options: Per-call `RequestOptions`.

        Returns:
            The stored part.

        Raises:
            InputValidationError: The part has no identifier; nothing was sent.
            NotFoundError: No such test.
            ConflictError: The test already has a part with this identifier.
        """
        path = self._base + "/assessment-tests/{}/test-parts"
        ids = {"test_identifier": test_identifier}
        return await self._read(
            TestPart, "POST", path, ids, options, partial(json_form, part, "part")
        )

    async def get(
        self, test_identifier: str, identifier: str, **options: Unpack[RequestOptions]
    ) -> TestPart:
        """One part of a test.

        Args:
            test_identifier: The test.
            identifier: The part.
            **options: Per-call `RequestOptions`.

        Returns:
            The part.

        Raises:
            NotFoundError: No such test or part.
        """
        path = self._base + "/assessment-tests/{}/test-parts/{}"
        ids = {"test_identifier": test_identifier, "identifier": identifier}
        return await self._read(TestPart, "GET", path, ids, options)

    async def update(
        self,
        test_identifier: str,
        identifier: str,
        part: TestPart | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> TestPart:
        """Replace a part of a test (its identifier stays the same).

        Args:
            test_identifier: The test.
            identifier: The part.
            part: The new part.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored part.

        Raises:
            InputValidationError: The part names another identifier; nothing was sent.
            NotFoundError: No such test or part.
        """
        path = self._base + "/assessment-tests/{}/test-parts/{}"
        ids = {"test_identifier": test_identifier, "identifier": identifier}
        body = partial(json_replacement, part, "part", identifier)
        return await self._read(TestPart, "PUT", path, ids, options, body)

    async def delete(
        self, test_identifier: str, identifier: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove a part from a test.

        Args:
            test_identifier: The test.
            identifier: The part.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such test or part.
        """
        path = self._base + "/assessment-tests/{}/test-parts/{}"
        await self._send(
            "DELETE", path, {"test_identifier": test_identifier, "identifier": identifier}, options
        )
