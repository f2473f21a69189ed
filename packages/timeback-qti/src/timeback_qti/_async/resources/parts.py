"""Test parts: the top level of a test, holding sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup
from timeback_qti._errors import input_error, qti_errors
from timeback_qti._models import TestPart
from timeback_qti._parsing import page_query, parse_body, read_page_of
from timeback_qti._requests import MAX_QTI_PAGE_SIZE, json_form, list_query, require_identifier

__all__ = ["AsyncTestParts"]


class AsyncTestParts(AsyncEndpointGroup):
    """``client.test_parts``: the parts of a test."""

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
            InputValidationError: A parameter is invalid; nothing was sent.
            NotFoundError: No such test (when a page is fetched).
        """
        with qti_errors():
            require_identifier(test_identifier, "test_identifier")
            params = list_query(
                query=query,
                sort=sort,
                order=order,
                filter=filter,
                extra={"navigationMode": navigation_mode, "submissionMode": submission_mode},
            )
            return self._api.paginate(
                self._base + "/assessment-tests/{}/test-parts",
                test_identifier,
                read_page=read_page_of(TestPart),
                params=params,
                page_query=page_query,
                offset=offset,
                page_size=limit,
                max_items=max_items,
                concurrency=concurrency,
                max_page_size=MAX_QTI_PAGE_SIZE,
                options=options,
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
        with qti_errors():
            require_identifier(test_identifier, "test_identifier")
            body = json_form(part, "part")
        response = await self._api.request(
            "POST",
            self._base + "/assessment-tests/{}/test-parts",
            test_identifier,
            json=body,
            options=options,
        )
        return parse_body(response, TestPart)

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
        with qti_errors():
            require_identifier(test_identifier, "test_identifier")
            require_identifier(identifier, "identifier")
        response = await self._api.request(
            "GET",
            self._base + "/assessment-tests/{}/test-parts/{}",
            test_identifier,
            identifier,
            options=options,
        )
        return parse_body(response, TestPart)

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
        with qti_errors():
            require_identifier(test_identifier, "test_identifier")
            body = json_form(part, "part")
            if body["identifier"] != identifier:
                raise input_error(
                    f"the part's identifier {body['identifier']!r} differs from {identifier!r}",
                    "identifier",
                )
        response = await self._api.request(
            "PUT",
            self._base + "/assessment-tests/{}/test-parts/{}",
            test_identifier,
            identifier,
            json=body,
            options=options,
        )
        return parse_body(response, TestPart)

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
        with qti_errors():
            require_identifier(test_identifier, "test_identifier")
            require_identifier(identifier, "identifier")
        await self._api.request(
            "DELETE",
            self._base + "/assessment-tests/{}/test-parts/{}",
            test_identifier,
            identifier,
            options=options,
        )
