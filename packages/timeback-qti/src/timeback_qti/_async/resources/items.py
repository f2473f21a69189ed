"""Assessment items: questions, their metadata and response processing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup
from timeback_qti._errors import input_error, qti_errors
from timeback_qti._models import AssessmentItem, ProcessResponseResult
from timeback_qti._parsing import page_query, parse_body, read_page_of
from timeback_qti._requests import (
    MAX_QTI_PAGE_SIZE,
    content_body,
    list_query,
    replacement_body,
    require_identifier,
)

__all__ = ["AsyncItems"]


class AsyncItems(AsyncEndpointGroup):
    """``client.items``: search, create, read, replace, delete and score assessment items."""

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
            InputValidationError: A parameter is invalid; nothing was sent.
            BadRequestError: The service refused the filter (when a page is fetched).
        """
        with qti_errors():
            params = list_query(query=query, sort=sort, order=order, filter=filter)
            return self._api.paginate(
                self._base + "/assessment-items",
                read_page=read_page_of(AssessmentItem),
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
        item: AssessmentItem | Mapping[str, Any] | None = None,
        *,
        xml: str | bytes | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AssessmentItem:
        """Create an item from QTI 3.0 XML (``xml=``, e.g. from `choice_item`) or the JSON form.

        Args:
            item: The JSON form (``identifier``, ``title``, ``type``, ``responseDeclarations``...).
            xml: A ``qti-assessment-item`` document instead; read through the safe parser first.
            metadata: Metadata to store with it (subject, grade, difficulty...).
            **options: Per-call `RequestOptions`.

        Returns:
            The stored item.

        Raises:
            QtiXmlError: The XML is unsafe or malformed; nothing was sent.
            InputValidationError: Neither or both forms were given; nothing was sent.
            ConflictError: The identifier is taken.
            BadRequestError: The service refused the item.
        """
        with qti_errors():
            _, body = content_body("item", xml=xml, data=item, metadata=metadata)
        response = await self._api.request(
            "POST", self._base + "/assessment-items", json=body, options=options
        )
        return parse_body(response, AssessmentItem)

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
        with qti_errors():
            require_identifier(identifier, "identifier")
        response = await self._api.request(
            "GET", self._base + "/assessment-items/{}", identifier, options=options
        )
        return parse_body(response, AssessmentItem)

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
            QtiXmlError: The XML is unsafe or malformed; nothing was sent.
            InputValidationError: The content names another identifier; nothing was sent.
            NotFoundError: No such item.
        """
        with qti_errors():
            body = replacement_body("item", identifier, xml=xml, data=item, metadata=metadata)
        response = await self._api.request(
            "PUT", self._base + "/assessment-items/{}", identifier, json=body, options=options
        )
        return parse_body(response, AssessmentItem)

    async def delete(self, identifier: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an item.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such item.
        """
        with qti_errors():
            require_identifier(identifier, "identifier")
        await self._api.request(
            "DELETE", self._base + "/assessment-items/{}", identifier, options=options
        )

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
        with qti_errors():
            require_identifier(identifier, "identifier")
            if not isinstance(metadata, Mapping):
                raise input_error("metadata must be a mapping", "metadata")
        body = {"identifier": identifier, "metadata": dict(metadata)}
        response = await self._api.request(
            "POST", self._base + "/assessment-items/metadata", json=body, options=options
        )
        return parse_body(response, AssessmentItem)

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
        with qti_errors():
            require_identifier(identifier, "identifier")
            require_identifier(response_identifier, "response_identifier")
            value: str | list[object]
            if isinstance(response, str):
                value = response
            else:
                raw: object = response
                value = (
                    list(response)
                    if isinstance(raw, Iterable) and not isinstance(raw, (bytes, Mapping))
                    else []
                )
                if not value or not all(isinstance(v, str) for v in value):
                    raise input_error(
                        "response must be a string or a non-empty list of strings", "response"
                    )
        body = {"identifier": response_identifier, "response": value}
        answer = await self._api.request(
            "POST",
            self._base + "/assessment-items/{}/process-response",
            identifier,
            json=body,
            options=options,
        )
        return parse_body(answer, ProcessResponseResult)
