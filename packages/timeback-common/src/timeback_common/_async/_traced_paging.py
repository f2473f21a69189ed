"""`AsyncTracedPaginator`: a paginator whose walk is one telemetry operation.

The base client returns one instead of a plain `AsyncPaginator` when OpenTelemetry records
(see `timeback_common._telemetry`): each walk (``to_list()``, ``async for``, ``pages()``,
``first_page()``) opens one ``list`` operation span, and every page request made during it
records its attempts under that span. The span of an ``async for`` left early ends when the
abandoned iterator is closed (by the garbage collector at the latest).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVar

from timeback_common._paginators import AsyncPaginator
from timeback_common._paging_rules import Page
from timeback_common._telemetry import Operation, begin_list

__all__ = ["AsyncTracedPaginator"]

T = TypeVar("T")


class AsyncTracedPaginator(AsyncPaginator[T]):
    """An `AsyncPaginator` recording each walk as one operation.

    Args:
        fetch_page: As for `AsyncPaginator`.
        service: The service name of the operation (``"oneroster"``).
        template: The collection's path template, e.g. ``"/ims/oneroster/rostering/v1p2/users"``.
        **paging: The paging options of `AsyncPaginator`.
    """

    def __init__(
        self,
        # Any: the awaitable of the async paginator is the page itself in the sync twin.
        fetch_page: Callable[[int, int], Any],
        *,
        service: str,
        template: str,
        **paging: Any,
    ) -> None:
        super().__init__(self._fetch_in_operation, **paging)
        self._fetch_untraced = fetch_page
        self._service = service
        self._template = template
        self._operation: Operation | None = None

    async def _fetch_in_operation(self, offset: int, limit: int) -> Page[T]:
        operation = self._operation
        with nullcontext() if operation is None else operation.joined():
            page: Page[T] = await self._fetch_untraced(offset, limit)
        return page

    @contextmanager
    def _walk_operation(self) -> Iterator[None]:
        """One operation around a walk (a walk inside another one, as ``await``, joins it)."""
        if self._operation is not None:
            yield
            return
        operation = self._operation = begin_list(self._service, self._template)
        try:
            # Not current: an iterating walk yields to its consumer in between.
            with nullcontext() if operation is None else operation.running("none"):
                yield
        finally:
            self._operation = None

    def __repr__(self) -> str:
        # Users see the paginator they asked for, whether or not telemetry records.
        return "AsyncPaginator" + super().__repr__().removeprefix(type(self).__name__)

    async def __aiter__(self) -> AsyncIterator[T]:
        with self._walk_operation():
            async for item in super().__aiter__():  # noqa: RUF100, UP028 (in the sync twin)
                yield item

    async def to_list(self) -> list[T]:
        with self._walk_operation():
            return await super().to_list()

    async def pages(self) -> AsyncIterator[Page[T]]:
        with self._walk_operation():
            async for page in super().pages():  # noqa: RUF100, UP028 (in the sync twin)
                yield page

    async def first_page(self) -> Page[T]:
        with self._walk_operation():
            return await super().first_page()
