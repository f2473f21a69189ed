"""Assessment items: questions, their metadata and response processing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncContentGroup, Paging
from timeback_qti._errors import input_error
from timeback_qti._models import AssessmentItem, ProcessResponseResult
from timeback_qti._requests import metadata_mapping, require_identifier

__all__ = ["AsyncItems"]


def _response_value(response: object) -> str | list[str]:
    """One response value or a non-empty list of them, as sent to be scored."""
    if isinstance(response, str):
        return response
    values = (
        list(response)
        if isinstance(response, Iterable) and not isinstance(response, (bytes, Mapping))
        else []
    )
    if not values or not all(isinstance(v, str) for v in values):
        raise input_error("response must be a string or a non-empty list of strings", "response")
    return values


class AsyncItems(AsyncContentGroup[AssessmentItem]):
    """``client.items``: search, create, read, replace, delete and score assessment items.

    What every method may raise and the arguments every ``list`` takes are described on
    `AsyncEndpointGroup` and `AsyncContentGroup`.
    """

    _kind = "item"
    _model = AssessmentItem

    def list(
        self,
        *,
        query: str | None = None,
        filter: str | None = None,
        sort: str | None = None,
        order: str | None = None,
        offset: int = 0,
        limit: int = 100,
        max_items: int | None = None,
        concurrency: int = 4,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[AssessmentItem]:
        """Every item (matching ``query`` and ``filter``), page by page.

        Args:
            query: Free text matched against titles and identifiers.
            filter: A filter expression, e.g. ``"type='choice'"`` (``=``, ``!=``, ``>``,
                ``>=``, ``<``, ``<=``, ``~`` joined by ``AND`` / ``OR``).
            sort: ``title``, ``identifier``, ``type``, ``createdAt`` or ``updatedAt``.
            order: ``asc`` or ``desc``.
            offset: Index of the first item wanted.
            limit: Items per request.
            max_items: Stop after this many (None: all of them).
            concurrency: Page requests in flight once the total is known.
            **options: Per-call `RequestOptions`, for every page request.

        Returns:
            A paginator: ``await ....to_list()`` for a list, ``async for`` to stream.

        Raises:
            BadRequestError: The service refused the filter (when a page is fetched).
        """
        search = {"query": query, "filter": filter, "sort": sort, "order": order}
        paging = Paging(offset, limit, max_items, concurrency)
        return self._paginate(
            AssessmentItem, search, paging, options, self._base + "/assessment-items"
        )

    async def create(
        self,
        item: AssessmentItem | Mapping[str, Any] | None = None,
        *,
        xml: str | bytes | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AssessmentItem:
        """Create an item from QTI 3.0 XML (``xml=``, e.g. from `choice_item`) or the JSON form.

        Args:
            item: The JSON form (``identifier``, ``title``, ``type``, ``responseDeclarations``...).
            xml: A ``qti-assessment-item`` document instead.
            metadata: Metadata to store with it (subject, grade, difficulty...).
            **options: Per-call `RequestOptions`.

        Returns:
            The stored item.

        Raises:
            ConflictError: The identifier is taken.
            BadRequestError: The service refused the item.
        """
        return await self._store(
            "POST", self._base + "/assessment-items", None, item, xml, metadata, options
        )

    async def get(self, identifier: str, **options: Unpack[RequestOptions]) -> AssessmentItem:
        """One item.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Returns:
            The item, with its XML in ``raw_xml``.

        Raises:
            NotFoundError: No such item.
        """
        return await self._get(self._base + "/assessment-items/{}", identifier, options)

    async def update(
        self,
        identifier: str,
        item: AssessmentItem | Mapping[str, Any] | None = None,
        *,
        xml: str | bytes | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AssessmentItem:
        """Replace an item (same forms as `create`; the identifier stays the same).

        Args:
            identifier: The item to replace.
            item: The JSON form.
            xml: The XML form instead.
            metadata: Metadata to store with it.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored item.

        Raises:
            NotFoundError: No such item.
        """
        path = self._base + "/assessment-items/{}"
        return await self._store("PUT", path, identifier, item, xml, metadata, options)

    async def delete(self, identifier: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an item.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such item.
        """
        await self._delete(self._base + "/assessment-items/{}", identifier, options)

    async def update_metadata(
        self,
        identifier: str,
        metadata: Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> AssessmentItem:
        """Merge ``metadata`` into an item's metadata.

        Args:
            identifier: The item.
            metadata: Members to set (``subject``, ``grade``, ``difficulty``,
                ``learningObjectiveSet``...).
            **options: Per-call `RequestOptions`.

        Returns:
            The item with its new metadata.

        Raises:
            InputValidationError: ``metadata`` is not a mapping; nothing was sent.
            NotFoundError: No such item.
        """

        def body() -> object:
            named = require_identifier(identifier, "identifier")
            return {"identifier": named, "metadata": metadata_mapping(metadata)}

        path = self._base + "/assessment-items/metadata"
        return await self._read(AssessmentItem, "POST", path, {}, options, body)

    async def process_response(
        self,
        identifier: str,
        response: str | Iterable[str],
        *,
        response_identifier: str = "RESPONSE",
        **options: Unpack[RequestOptions],
    ) -> ProcessResponseResult:
        """Score a candidate's response to an item.

        Args:
            identifier: The item.
            response: One value (``"B"``, a typed answer) or several (choices of a multiple
                choice, an order, ``"source target"`` pairs of a match).
            response_identifier: The response variable scored (usually ``RESPONSE``).
            **options: Per-call `RequestOptions`.

        Returns:
            The score (1.0 correct, 0.0 incorrect, a mapped sum, or a graded fraction) and
            the feedback.

        Raises:
            InputValidationError: ``response`` is not a string or strings; nothing was sent.
            NotFoundError: No such item.
        """

        def body() -> object:
            variable = require_identifier(response_identifier, "response_identifier")
            return {"identifier": variable, "response": _response_value(response)}

        path = self._base + "/assessment-items/{}/process-response"
        ids = {"identifier": identifier}
        return await self._read(ProcessResponseResult, "POST", path, ids, options, body)
