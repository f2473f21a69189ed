# This file is generated from packages/timeback-edubridge/src/timeback_edubridge/_async/resources/_base.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""What every Edubridge resource shares: a reference to its client."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeback_edubridge._sync.client import SyncEdubridgeClient

__all__ = ["SyncResource"]


class SyncResource:
    """A group of endpoints, reached as an attribute of the client (``client.enrollments``)."""

    def __init__(self, client: SyncEdubridgeClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
