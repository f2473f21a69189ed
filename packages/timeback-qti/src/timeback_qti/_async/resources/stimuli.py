"""Stimuli: shared passages, images and tables that items refer to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup
from timeback_qti._errors import qti_errors
from timeback_qti._models import Stimulus
from timeback_qti._parsing import page_query, parse_body, read_page_of
from timeback_qti._requests import (
    MAX_QTI_PAGE_SIZE,
    content_body,
    list_query,
    replacement_body,
    require_identifier,
)

__all__ = ["AsyncStimuli"]


class AsyncStimuli(AsyncEndpointGroup):
    """``client.stimuli``: search, create, read, replace and delete stimuli."""

    def list(
        self,
        *,
        query: str | None = None,
        sort: str | None = None,
        order: str | None = None,
        offset: int = 0,
        limit: int = 100,
        max_items: int | None = None,
        concurrency: int = 4,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[Stimulus]:
        """Every stimulus (matching ``query``), page by page.

        Args:
            query: Free text matched against titles and identifiers.
            sort: The member to sort by (``title``, ``identifier``, ``createdAt``...).
            order: ``asc`` or ``desc``.
            offset: Index of the first stimulus wanted.
            limit: Stimuli per request.
            max_items: Stop after this many (None: all of them).
            concurrency: Page requests in flight once the total is known.
            **options: Per-call `RequestOptions`, for every page request.

        Returns:
            A paginator: ``await ....to_list()`` for a list, ``async for`` to stream.

        Raises:
            InputValidationError: A parameter is invalid; nothing was sent.
            APIError: A page request failed; every error is also a `QtiError`.
        """
        with qti_errors():
            params = list_query(query=query, sort=sort, order=order)
            return self._api.paginate(
                self._base + "/stimuli",
                read_page=read_page_of(Stimulus),
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
        stimulus: Stimulus | Mapping[str, Any] | None = None,
        *,
        xml: str | bytes | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Stimulus:
        """Create a stimulus from QTI XML (``xml=``) or the JSON form (``identifier``,
        ``title``, ``content`` HTML...).

        Args:
            stimulus: The JSON form, as a `Stimulus` or a mapping.
            xml: A ``qti-assessment-stimulus`` document instead.
            metadata: Metadata to store with it.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored stimulus.

        Raises:
            QtiXmlError: The XML is unsafe or malformed; nothing was sent.
            InputValidationError: Neither or both forms were given.
            ConflictError: The identifier is taken.
        """
        with qti_errors():
            _, body = content_body("stimulus", xml=xml, data=stimulus, metadata=metadata)
        response = await self._api.request(
            "POST", self._base + "/stimuli", json=body, options=options
        )
        return parse_body(response, Stimulus)

    async def get(self, identifier: str, **options: Unpack[RequestOptions]) -> Stimulus:
        """One stimulus.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Returns:
            The stimulus, with its XML in ``raw_xml``.

        Raises:
            NotFoundError: No such stimulus.
        """
        with qti_errors():
            require_identifier(identifier, "identifier")
        response = await self._api.request(
            "GET", self._base + "/stimuli/{}", identifier, options=options
        )
        return parse_body(response, Stimulus)

    async def update(
        self,
        identifier: str,
        stimulus: Stimulus | Mapping[str, Any] | None = None,
        *,
        xml: str | bytes | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Stimulus:
        """Replace a stimulus (same forms as `create`; the identifier must stay the same).

        Args:
            identifier: The stimulus to replace.
            stimulus: The JSON form.
            xml: The XML form instead.
            metadata: Metadata to store with it.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored stimulus.

        Raises:
            QtiXmlError: The XML is unsafe or malformed; nothing was sent.
            InputValidationError: The content names another identifier; nothing was sent.
            NotFoundError: No such stimulus.
        """
        with qti_errors():
            body = replacement_body(
                "stimulus", identifier, xml=xml, data=stimulus, metadata=metadata
            )
        response = await self._api.request(
            "PUT", self._base + "/stimuli/{}", identifier, json=body, options=options
        )
        return parse_body(response, Stimulus)

    async def delete(self, identifier: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a stimulus.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such stimulus.
        """
        with qti_errors():
            require_identifier(identifier, "identifier")
        await self._api.request("DELETE", self._base + "/stimuli/{}", identifier, options=options)
