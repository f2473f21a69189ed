"""What both webhook resources hold and the request helpers their methods call.

Each public method shows its path literally and calls one helper here, so checking the ids,
sending and unwrapping the answer's envelope (``{"webhook": {...}}``, ``{"filters": [...]}``)
are written once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from pydantic import BaseModel

from timeback_common import AsyncAPIClient, QueryParams, RequestOptions, check_identifiers
from timeback_webhooks._errors import WebhooksError
from timeback_webhooks._parsing import parse_keyed, parse_keyed_list

__all__ = ["AsyncEndpointGroup"]

M = TypeVar("M", bound=BaseModel)
Body = Callable[[], object] | None
"""Builds a request body after the ids are checked and before anything is sent."""


class AsyncEndpointGroup(Generic[M]):
    """A group of endpoints managing one kind of record (webhooks, or their filters).

    Every method takes ``**options``: per-call `RequestOptions` (timeout, extra headers...).
    What every method may raise is said here once; a method's ``Raises`` lists what is
    specific to it.

    Args:
        api: The client's base API client (pool, auth, retries, typed errors).
        base: The base path of these records on the configured platform.

    Raises:
        InputValidationError: An id is empty or an argument invalid; nothing was sent.
        UnsupportedOperationError: The platform has no webhooks; nothing was sent.
        WebhooksError: Any failure; every error raised is one, and also an instance of the
            shared class (`NotFoundError`, `BadRequestError`, `APITimeoutError`...).
    """

    _model: type[M]
    _key: str
    """The envelope member holding one record (``webhook``); its plural holds a list."""

    def __init__(self, api: AsyncAPIClient, base: str) -> None:
        self._api = api
        self._base = base

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}{self._base}>"

    async def _one(
        self, method: str, path: str, options: RequestOptions, body: Body = None, **ids: object
    ) -> M:
        """Check ``ids`` (named after their arguments), build the body, send, read one record."""
        segments = check_identifiers(WebhooksError, **ids)
        json = None if body is None else body()
        response = await self._api.request(method, path, *segments, json=json, options=options)
        return parse_keyed(response, self._model, self._key)

    async def _all(
        self, path: str, options: RequestOptions, params: QueryParams | None = None, **ids: object
    ) -> list[M]:
        """``GET path`` (its ``{}`` filled from the checked ``ids``): the list of records."""
        response = await self._api.get(
            path, *check_identifiers(WebhooksError, **ids), params=params, options=options
        )
        return parse_keyed_list(response, self._model, self._key + "s")

    async def _delete(self, path: str, options: RequestOptions, **ids: object) -> None:
        await self._api.delete(path, *check_identifiers(WebhooksError, **ids), options=options)
