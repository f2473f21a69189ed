"""Assessment tests: parts, sections and item references as one document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncContentGroup, Paging
from timeback_qti._models import AssessmentTest, TestQuestions
from timeback_qti._requests import metadata_mapping, part_modes

__all__ = ["AsyncAssessmentTests"]


class AsyncAssessmentTests(AsyncContentGroup[AssessmentTest]):
    """``client.tests``: search, create, read, replace and delete tests; their questions.

    What every method may raise and the arguments every ``list`` takes are described on
    `AsyncEndpointGroup` and `AsyncContentGroup`.
    """

    _kind = "test"
    _model = AssessmentTest

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
            QtiError: A page request failed (raised while the paginator is used).
        """
        modes = part_modes(navigation_mode, submission_mode)
        search = {"query": query, "filter": filter, "sort": sort, "order": order, "extra": modes}
        paging = Paging(offset, limit, max_items, concurrency)
        return self._paginate(
            AssessmentTest, search, paging, options, self._base + "/assessment-tests"
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
            ConflictError: The identifier is taken.
        """
        return await self._store(
            "POST", self._base + "/assessment-tests", None, test, xml, metadata, options
        )

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
        return await self._get(self._base + "/assessment-tests/{}", identifier, options)

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
            NotFoundError: No such test.
        """
        path = self._base + "/assessment-tests/{}"
        return await self._store("PUT", path, identifier, test, xml, metadata, options)

    async def delete(self, identifier: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a test.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such test.
        """
        await self._delete(self._base + "/assessment-tests/{}", identifier, options)

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
        path = self._base + "/assessment-tests/{}/questions"
        return await self._read(TestQuestions, "GET", path, {"identifier": identifier}, options)

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
        path = self._base + "/assessment-tests/{}/metadata"

        def body() -> object:
            return {"metadata": metadata_mapping(metadata)}

        ids = {"identifier": identifier}
        return await self._read(AssessmentTest, "PUT", path, ids, options, body)
