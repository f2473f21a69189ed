"""Stimuli: shared passages, images and tables that items refer to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncContentGroup, Paging
from timeback_qti._models import Stimulus

__all__ = ["AsyncStimuli"]


class AsyncStimuli(AsyncContentGroup[Stimulus]):
    """``client.stimuli``: search, create, read, replace and delete stimuli.

    What every method may raise and the arguments every ``list`` takes are described on
    `AsyncEndpointGroup` and `AsyncContentGroup`.
    """

    _kind = "stimulus"
    _model = Stimulus

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
            QtiError: A page request failed (raised while the paginator is used).
        """
        search = {"query": query, "sort": sort, "order": order}
        paging = Paging(offset, limit, max_items, concurrency)
        return self._paginate(Stimulus, search, paging, options, self._base + "/stimuli")

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
            ConflictError: The identifier is taken.
        """
        return await self._store(
            "POST", self._base + "/stimuli", None, stimulus, xml, metadata, options
        )

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
        return await self._get(self._base + "/stimuli/{}", identifier, options)

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
            NotFoundError: No such stimulus.
        """
        return await self._store(
            "PUT", self._base + "/stimuli/{}", identifier, stimulus, xml, metadata, options
        )

    async def delete(self, identifier: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a stimulus.

        Args:
            identifier: Its identifier.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such stimulus.
        """
        await self._delete(self._base + "/stimuli/{}", identifier, options)
