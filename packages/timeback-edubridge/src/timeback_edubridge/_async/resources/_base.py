"""What every Edubridge resource shares: a reference to its client."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeback_edubridge._async.client import EdubridgeClient

__all__ = ["AsyncResource"]


class AsyncResource:
    """A group of endpoints, reached as an attribute of the client (``client.enrollments``)."""

    def __init__(self, client: EdubridgeClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
