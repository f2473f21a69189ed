"""What every QTI resource holds and the request helpers its methods call.

Each public method shows its path literally and calls one helper here, so the sending, the
identifier checks and the reading of answers are written once for every resource.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from timeback_common import (
    APIResponse,
    AsyncAPIClient,
    AsyncPaginator,
    RequestOptions,
    check_identifiers,
)
from timeback_qti._errors import QtiError, qti_errors
from timeback_qti._parsing import page_query, parse_body, read_page_of
from timeback_qti._requests import (
    MAX_QTI_PAGE_SIZE,
    content_body,
    list_query,
    replacement_body,
)

__all__ = ["AsyncContentGroup", "AsyncEndpointGroup", "Paging"]

M = TypeVar("M", bound=BaseModel)
Ids = Mapping[str, object]
"""The identifiers of a path's ``{}``, in order, by the name of their argument (for messages)."""
Body = Callable[[], object] | None
"""Builds a request body after the identifiers are checked and before anything is sent."""


class Paging(NamedTuple):
    """The paging arguments of a ``list`` method (see `AsyncEndpointGroup`)."""

    offset: int
    limit: int
    max_items: int | None
    concurrency: int


class AsyncEndpointGroup:
    """A group of endpoints, reached as an attribute of the client (``client.items``).

    Every method takes ``**options``: per-call `RequestOptions` (timeout, extra headers...),
    applied to each request it sends.

    A ``list`` method returns a paginator at once; nothing is sent until it is used
    (``await ....to_list()`` for a list, ``async for`` to stream). Besides its search
    arguments (``query``: free text matched against titles and identifiers; ``filter``: an
    expression such as ``"type='choice'"`` with ``=``, ``!=``, ``>``, ``>=``, ``<``, ``<=``,
    ``~`` joined by ``AND`` / ``OR``; ``sort``: the member to sort by; ``order``: ``asc`` or
    ``desc``) it takes the paging arguments ``offset`` (index of the first record wanted),
    ``limit`` (records per request), ``max_items`` (stop after this many; None: all of them)
    and ``concurrency`` (page requests in flight once the total is known).

    What every method may raise is said here once; a method's ``Raises`` lists what is
    specific to it.

    Args:
        api: The client's base API client (pool, auth, retries, typed errors).
        base: The QTI base path on the configured platform (``""``: the root of the QTI URL).

    Raises:
        InputValidationError: An argument was rejected; nothing was sent (a ``list`` method
            checks its arguments when called).
        QtiError: Any failure; every error raised is one, and also an instance of the shared
            class (`NotFoundError`, `ConflictError`, `BadRequestError`, `APITimeoutError`...).
    """

    def __init__(self, api: AsyncAPIClient, base: str) -> None:
        self._api = api
        self._base = base

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}{self._base}>"

    def _paginate(
        self,
        model: type[M],
        search: Mapping[str, Any],
        paging: Paging,
        options: RequestOptions,
        path: str,
        ids: Ids | None = None,
    ) -> AsyncPaginator[M]:
        """A paginator over ``path`` (its ``{}`` filled from ``ids``), ``search`` as the query."""
        with qti_errors():
            segments = check_identifiers(QtiError, **(ids or {}))
            return self._api.paginate(
                path,
                *segments,
                read_page=read_page_of(model),
                params=list_query(**search),
                page_query=page_query,
                offset=paging.offset,
                page_size=paging.limit,
                max_items=paging.max_items,
                concurrency=paging.concurrency,
                max_page_size=MAX_QTI_PAGE_SIZE,
                options=options,
            )

    async def _send(
        self, method: str, path: str, ids: Ids, options: RequestOptions, body: Body = None
    ) -> APIResponse:
        """Check the identifiers (named after their arguments), build the body, send.

        The body is built after the identifiers are checked and before anything is sent, so
        a bad argument is reported as a `QtiError` with nothing sent.
        """
        with qti_errors():
            segments = check_identifiers(QtiError, **ids)
            json = None if body is None else body()
        return await self._api.request(method, path, *segments, json=json, options=options)

    async def _read(
        self,
        model: type[M],
        method: str,
        path: str,
        ids: Ids,
        options: RequestOptions,
        body: Body = None,
    ) -> M:
        """`_send`, and the answer read as ``model``."""
        return parse_body(await self._send(method, path, ids, options, body), model)


class AsyncContentGroup(AsyncEndpointGroup, Generic[M]):
    """The endpoints of one kind of QTI content (items, stimuli, tests), written once.

    Content is created or replaced from QTI 3.0 XML (``xml=``, read through the safe parser
    first, so unsafe or malformed XML never leaves the client) or from the JSON form (a model
    of this package or a mapping), with optional ``metadata`` stored with it. Exactly one of
    the two forms is given, and a replacement keeps the identifier.

    Raises:
        QtiXmlError: The XML is unsafe or malformed; nothing was sent.
        InputValidationError: Neither or both forms were given, or a replacement names
            another identifier; nothing was sent.
        NotFoundError: No content has the identifier given.
    """

    _kind: str
    """``item``, ``stimulus`` or ``test``: the root element and the word in messages."""
    _model: type[M]

    async def _store(
        self,
        method: str,
        path: str,
        identifier: str | None,
        data: object,
        xml: str | bytes | None,
        metadata: Mapping[str, Any] | None,
        options: RequestOptions,
    ) -> M:
        """Create (``identifier`` None) or replace content from one of its two forms."""

        def body() -> object:
            if identifier is None:
                return content_body(self._kind, xml=xml, data=data, metadata=metadata)[1]
            return replacement_body(self._kind, identifier, xml=xml, data=data, metadata=metadata)

        ids = {} if identifier is None else {"identifier": identifier}
        return await self._read(self._model, method, path, ids, options, body)

    async def _get(self, path: str, identifier: str, options: RequestOptions) -> M:
        return await self._read(self._model, "GET", path, {"identifier": identifier}, options)

    async def _delete(self, path: str, identifier: str, options: RequestOptions) -> None:
        await self._send("DELETE", path, {"identifier": identifier}, options)
