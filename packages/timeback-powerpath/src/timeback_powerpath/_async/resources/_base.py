"""What every PowerPath resource holds, the request helpers its methods call, answer readers.

Each public method shows its path literally and calls one helper here, so sending a request and
reading its answer as a model are written once for every resource.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from timeback_common import (
    APIResponse,
    AsyncAPIClient,
    QueryParams,
    RequestOptions,
    TimebackModel,
    parse_model,
    parse_models,
)
from timeback_powerpath._models import CreatedTest
from timeback_powerpath._requests import definition_body, require

M = TypeVar("M", bound=TimebackModel)

__all__ = ["AsyncEndpointGroup", "read", "read_list", "read_object"]


class AsyncEndpointGroup:
    """A group of endpoints, reached as an attribute of the client (``client.mastery``).

    Every method takes ``**options``: per-call `RequestOptions` (timeout, extra headers...),
    applied to each request it sends. Identifiers are ``sourcedId`` s of OneRoster records
    (students, courses, component resources for lessons) unless a method says otherwise.

    What every method may raise is said here once; a method's ``Raises`` lists what is
    specific to it.

    Args:
        api: The client's base API client (pool, auth, retries, typed errors).
        base: The PowerPath base path on the configured platform (``/powerpath``).

    Raises:
        InputValidationError: An argument is empty or invalid; nothing was sent.
        UnsupportedOperationError: The platform has no PowerPath; nothing was sent.
        PowerPathError: Any failure; every error raised is one, and also an instance of the
            shared class (`NotFoundError`, `BadRequestError`, `APITimeoutError`...).
    """

    def __init__(self, api: AsyncAPIClient, base: str) -> None:
        self._api = api
        self._base = base

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}{self._base}>"

    async def _get(
        self,
        model: type[M],
        path: str,
        *segments: str,
        params: QueryParams | None = None,
        options: RequestOptions,
    ) -> M:
        """``GET path`` (its ``{}`` filled by ``segments``), the answer read as ``model``."""
        response = await self._api.get(path, *segments, params=params, options=options)
        return read(response, model)

    async def _post(
        self, model: type[M], path: str, *segments: str, json: Any = None, options: RequestOptions
    ) -> M:
        """``POST path`` with a JSON body, the answer read as ``model``."""
        return read(await self._api.post(path, *segments, json=json, options=options), model)

    async def _get_for(
        self, model: type[M], path: str, ids: Mapping[str, str], options: RequestOptions
    ) -> M:
        """``GET path`` with the required identifiers ``ids`` as its query."""
        require(**ids)
        return await self._get(model, path, params=ids, options=options)

    async def _post_for(
        self, model: type[M], path: str, ids: Mapping[str, str], options: RequestOptions
    ) -> M:
        """``POST path`` with the required identifiers ``ids`` as its JSON body."""
        require(**ids)
        return await self._post(model, path, json=dict(ids), options=options)

    async def _create_test(
        self, path: str, request: object, required: tuple[str, ...], options: RequestOptions
    ) -> CreatedTest:
        """Create a test from its camelCase ``request`` holding the ``required`` members."""
        payload = definition_body(request, required, "request")
        return await self._post(CreatedTest, path, json=payload, options=options)


def read(response: APIResponse, model: type[M]) -> M:
    """The JSON answer of ``response`` as ``model`` (a typed error when it does not fit)."""
    return parse_model(model, response.json(), response)


def read_list(response: APIResponse, model: type[M], key: str) -> list[M]:
    """The records of an answer that is a list, or an object holding it under ``key``."""
    data = response.json()
    items = data.get(key) if isinstance(data, dict) else data
    return parse_models(model, items, response, path=key)


def read_object(response: APIResponse) -> dict[str, Any]:
    """An answer kept as the platform sends it: its JSON object (empty when it is not one)."""
    data = response.json()
    return dict(data) if isinstance(data, dict) else {}
