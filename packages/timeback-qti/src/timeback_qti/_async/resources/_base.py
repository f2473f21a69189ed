"""What every QTI resource holds: the base client and the QTI base path."""

from __future__ import annotations

from timeback_common import AsyncAPIClient

__all__ = ["AsyncEndpointGroup"]


class AsyncEndpointGroup:
    """A group of endpoints, reached as an attribute of the client (``client.items``).

    Args:
        api: The client's base API client (pool, auth, retries, typed errors).
        base: The QTI base path on the configured platform (``""``: the root of the QTI URL).
    """

    def __init__(self, api: AsyncAPIClient, base: str) -> None:
        self._api = api
        self._base = base

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}{self._base}>"
