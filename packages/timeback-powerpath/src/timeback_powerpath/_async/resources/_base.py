"""What every PowerPath resource holds: the base client and the PowerPath base path."""

from __future__ import annotations

from typing import TypeVar

from timeback_common import APIResponse, AsyncAPIClient, TimebackModel, parse_model

M = TypeVar("M", bound=TimebackModel)

__all__ = ["AsyncEndpointGroup", "read"]


class AsyncEndpointGroup:
    """A group of endpoints, reached as an attribute of the client (``client.mastery``).

    Args:
        api: The client's base API client (pool, auth, retries, typed errors).
        base: The PowerPath base path on the configured platform (``/powerpath``).
    """

    def __init__(self, api: AsyncAPIClient, base: str) -> None:
        self._api = api
        self._base = base

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}{self._base}>"


def read(response: APIResponse, model: type[M]) -> M:
    """The JSON answer of ``response`` as ``model`` (a typed error when it does not fit)."""
    return parse_model(model, response.json(), response)
