"""`AsyncClosingContext`: "``async with`` closes it", written once for every client and sender.

Its own module, importing nothing heavy: ``TimebackClient`` and the Caliper sender build on it
without loading the base API client.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType

from typing_extensions import Self

__all__ = ["AsyncClosingContext"]


class AsyncClosingContext(ABC):
    """Something that is its own context manager and is closed on leaving ``async with``.

    The base of every client and sender: ``async with X(...) as x:`` returns ``x`` and calls
    ``await x.close()`` on the way out, whether the block raised or not.
    """

    @abstractmethod
    async def close(self) -> object:
        """Release what this object holds (subclasses say what, and what they return)."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
