"""Assessment tests: parts, sections and item references as one document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup
from timeback_qti._errors import input_error, qti_errors
from timeback_qti._models import AssessmentTest, TestQuestions
from timeback_qti._parsing import page_query, parse_body, read_page_of
from timeback_qti._requests import (
    MAX_QTI_PAGE_SIZE,
    content_body,
    list_query,
    replacement_body,
    require_identifier,
)

__all__ = ["AsyncAssessmentTests"]


class AsyncAssessmentTests(AsyncEndpointGroup):
    """``client.tests``: search, create, read, replace and delete tests; their questions."""

    def list(
        self,
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
    ) -> AsyncPaginator[AssessmentTest]:
        """Every test (matching the arguments), page by page.

        Args:
            query: Free text matched against titles and identifiers.
            filter: A filter expression, e.g. ``"title~'algebra'"``.
            sort: ``title``, ``identifier``, ``createdAt`` or ``updatedAt``.
            order: ``asc`` or ``desc``.
            navigation_mode: Only tests with a part in this mode (``linear``, ``nonlinear``).
            submission_mode: Only tests with a part in this mode (``individual``,
                ``simultaneous``).
            offset: Index of the first test wanted.
            limit: Tests per request.
            max_items: Stop after this many (None: all of them).
            concurrency: Page requests in flight once the total is known.
            **options: Per-call `RequestOptions`, for every page request.

        Returns:
            A paginator: ``await ....to_list()`` for a list, ``async for`` to stream.

        Raises:
            InputValidationError: A parameter is invalid; nothing was sent.
        """
        with qti_errors():
            params = list_query(
                query=query,
                sort=sort,
                order=order,
                filter=filter,
                extra={"navigationMode": navigation_mode, "submissionMode": submission_mode},
            )
            return self._api.paginate(
                self._base + "/assessment-tests",
                read_page=read_page_of(AssessmentTest),
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
        test: AssessmentTest | Mapping[str, Any] | None = None,
        *,
        xml: str | bytes | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AssessmentTest:
        """Create a test from QTI XML (``xml=``) or the JSON form (an `AssessmentTest` with
        at least one `TestPart`).

        Args:
            test: The JSON form.
            xml: A ``qti-assessment-test`` document instead.
            metadata: Metadata to store with it.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored test.

        Raises:
            QtiXmlError: The XML is unsafe or malformed; nothing was sent.
            InputValidationError: Neither or both forms were given; nothing was sent.
            ConflictError: The identifier is taken.
        """
        with qti_errors():
            _, body = content_body("test", xml=xml, data=test, metadata=metadata)
        response = await self._api.request(
            "POST", self._base + "/assessment-tests", json=body, options=options
        )
        return parse_body(response, AssessmentTest)

    async def get(self, identifier: str, **options: Unpack[RequestOptions]) -> AssessmentTest:
        """One test.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Returns:
            The test with its parts, sections and item references.

        Raises:
            NotFoundError: No such test.
        """
        with qti_errors():
            require_identifier(identifier, "identifier")
        response = await self._api.request(
            "GET", self._base + "/assessment-tests/{}", identifier, options=options
        )
        return parse_body(response, AssessmentTest)

    async def update(
        self,
        identifier: str,
        test: AssessmentTest | Mapping[str, Any] | None = None,
        *,
        xml: str | bytes | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AssessmentTest:
        """Replace a test (same forms as `create`; the identifier stays the same).

        Args:
            identifier: The test to replace.
            test: The JSON form.
            xml: The XML form instead.
            metadata: Metadata to store with it.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored test.

        Raises:
            QtiXmlError: The XML is unsafe or malformed; nothing was sent.
            InputValidationError: The content names another identifier; nothing was sent.
            NotFoundError: No such test.
        """
        with qti_errors():
            body = replacement_body("test", identifier, xml=xml, data=test, metadata=metadata)
        response = await self._api.request(
            "PUT", self._base + "/assessment-tests/{}", identifier, json=body, options=options
        )
        return parse_body(response, AssessmentTest)

    async def delete(self, identifier: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a test.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such test.
        """
        with qti_errors():
            require_identifier(identifier, "identifier")
        await self._api.request(
            "DELETE", self._base + "/assessment-tests/{}", identifier, options=options
        )

    async def questions(self, identifier: str, **options: Unpack[RequestOptions]) -> TestQuestions:
        """Every question of a test, in order, with the part and section of each.

        Args:
            identifier: The test.
            **options: Per-call `RequestOptions`.

        Returns:
            The questions (items) and where each sits.

        Raises:
            NotFoundError: No such test.
        """
        with qti_errors():
            require_identifier(identifier, "identifier")
        response = await self._api.request(
            "GET", self._base + "/assessment-tests/{}/questions", identifier, options=options
        )
        return parse_body(response, TestQuestions)

    async def update_metadata(
        self,
        identifier: str,
        metadata: Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> AssessmentTest:
        """Update a test's metadata.

        Args:
            identifier: The test.
            metadata: Members to set.
            **options: Per-call `RequestOptions`.

        Returns:
            The test with its new metadata.

        Raises:
            InputValidationError: ``metadata`` is not a mapping; nothing was sent.
            NotFoundError: No such test.
        """
        with qti_errors():
            require_identifier(identifier, "identifier")
            if not isinstance(metadata, Mapping):
                raise input_error("metadata must be a mapping", "metadata")
        response = await self._api.request(
            "PUT",
            self._base + "/assessment-tests/{}/metadata",
            identifier,
            json={"metadata": dict(metadata)},
            options=options,
        )
        return parse_body(response, AssessmentTest)
