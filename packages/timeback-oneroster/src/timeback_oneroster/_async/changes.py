"""Incremental sync: every record changed since an instant, deletions included.

Reached as ``client.users.changes_since(since)`` (a one-line method of
`AsyncReadOnlyCollection`), which returns an `AsyncChangeFeed`::

    feed = client.users.changes_since(last_mark)
    async for user in feed:                 # ordered by dateLastModified, then sourcedId
        local[user.sourced_id] = user       # soft deletes arrive with status "tobedeleted"
    last_mark = feed.high_water_mark        # the start of the next sync

The walk (keyset paging on ``dateLastModified``, see `timeback_oneroster._changes`) is the
guarantee's basis:

* **Nothing is skipped.** Every record whose ``dateLastModified`` is at or after ``since`` when
  the walk reaches it is delivered at least once, including records changed while the walk
  runs (they come again, in their new version, later in the same walk). The next sync starts
  at the high-water mark with ``>=``, so a record written in the same millisecond as the newest
  one delivered is not lost either; this relies on the server stamping ``dateLastModified`` when
  the write becomes visible (true of the emulator; the platform does not document it).
* **Duplicates are possible, never stale data.** Records at exactly the high-water mark are
  delivered again by the next sync, and a record changed during the walk is delivered once per
  version seen. Apply changes idempotently: keep, per ``sourcedId``, the record with the newest
  ``dateLastModified`` (records come in that order, so "last one wins" does it).
* **Deletions are records.** A soft delete sets ``status`` to ``tobedeleted`` and bumps
  ``dateLastModified``, so deleted records arrive like any change; a
  caller's ``filter`` must not exclude them if the local copy should see deletions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from timeback_common import ErrorIssue, InputValidationError, RequestOptions
from timeback_oneroster._changes import DEFAULT_CHANGES_PAGE_SIZE, ChangeCursor
from timeback_oneroster._errors import oneroster_errors
from timeback_oneroster._filters import FilterLike, render_filter
from timeback_oneroster._params import MAX_PAGE_SIZE

if TYPE_CHECKING:
    from timeback_oneroster._async._collection import AsyncReadOnlyCollection

__all__ = ["DEFAULT_CHANGES_PAGE_SIZE", "AsyncChangeFeed"]

M = TypeVar("M", bound=BaseModel)


class AsyncChangeFeed(Generic[M]):
    """The records of a collection changed since an instant, walked lazily page by page.

    ``async for`` streams them (bounded memory: one page at a time), `to_list` collects them;
    `high_water_mark` is where the next sync starts. Like a paginator, a feed is a cursor: after
    an error, iterating again resumes where it stopped, without repeating what was delivered.

    Args:
        collection: The collection to walk.
        since: Records with ``dateLastModified`` at or after this instant (naive means UTC).
        filter: Also require this filter (ANDed in; see the module notes on deletions).
        page_size: Records per request (1 to 3000).
        options: Request options for every request.
        on_progress: Called as ``on_progress(done, total)`` after each delivered record:
            ``total`` is the number of changes the server counted at the first request (None
            when it does not say; records changed during the walk may take ``done`` past it,
            and then ``total`` follows ``done``).

    Raises:
        InputValidationError: ``since``, ``filter`` or ``page_size`` is invalid (raised here,
            nothing is sent).
    """

    def __init__(
        self,
        collection: AsyncReadOnlyCollection[M],
        since: datetime,
        *,
        filter: FilterLike | None = None,
        page_size: int = DEFAULT_CHANGES_PAGE_SIZE,
        options: RequestOptions | None = None,
        on_progress: Callable[[int, int | None], None] | None = None,
    ) -> None:
        with oneroster_errors():
            progress: object = on_progress
            if progress is not None and not callable(progress):
                message = f"on_progress must be a function, not {type(progress).__name__}"
                raise InputValidationError(
                    message, [ErrorIssue(message=message, path="on_progress")]
                )
            given: object = since
            if not isinstance(given, datetime):
                message = f"since must be a datetime, not {type(given).__name__}"
                raise InputValidationError(message, [ErrorIssue(message=message, path="since")])
            if isinstance(page_size, bool) or not isinstance(page_size, int):
                page_size = -1
            if not 1 <= page_size <= MAX_PAGE_SIZE:
                message = f"page_size must be an integer from 1 to {MAX_PAGE_SIZE}"
                raise InputValidationError(message, [ErrorIssue(message=message, path="page_size")])
            if filter is not None:
                render_filter(filter)  # refuse an inexpressible filter before sending
            self._cursor = ChangeCursor(since, filter, page_size)
            request = self._cursor.next_request()
            assert request is not None
            render_filter(request.filter)
        self._collection = collection
        self._options: RequestOptions = options or {}
        self._pending: deque[M] = deque()
        # The newest dateLastModified handed out. Counted at delivery, not at fetch, so that a
        # consumer that stops mid-page and syncs again from the mark misses nothing.
        self._mark = self._cursor.since
        self._on_progress = on_progress
        self._delivered = 0
        self._total: int | None = None

    @property
    def since(self) -> datetime:
        """The instant the feed started from (UTC)."""
        return self._cursor.since

    @property
    def high_water_mark(self) -> datetime:
        """The newest ``dateLastModified`` delivered so far (``since`` while none was).

        Pass it as ``since`` to the next sync once this one is over.
        """
        return self._mark

    @property
    def done(self) -> bool:
        """True once every change has been delivered."""
        return self._cursor.done and not self._pending

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(since={self.since.isoformat()}, "
            f"high_water_mark={self.high_water_mark.isoformat()}, done={self.done})"
        )

    def _deliver(self, record: M) -> M:
        stamp = getattr(record, "date_last_modified", None)
        if isinstance(stamp, datetime) and stamp > self._mark:
            self._mark = stamp
        self._delivered += 1
        if self._on_progress is not None:
            total = self._total
            if total is not None and total < self._delivered:  # records changed meanwhile
                total = self._delivered
            self._on_progress(self._delivered, total)
        return record

    async def _fetch(self) -> bool:
        """Fetch the next page into the buffer; False when the walk is over."""
        cursor = self._cursor
        request = cursor.next_request()
        if request is None:
            return False
        page = await self._collection.list(
            filter=request.filter,
            sort=request.sort,
            order_by="asc",
            limit=cursor.page_size,
            max_items=cursor.page_size,
            concurrency=1,
            **self._options,
        ).first_page()
        self._pending.extend(cursor.accept(page.items, page.total))
        if self._total is None and page.total is not None:
            self._total = page.total  # the first answer counts every change since `since`
        return True

    async def __aiter__(self) -> AsyncIterator[M]:
        """Yield the changed records in ``(dateLastModified, sourcedId)`` order.

        Raises:
            OneRosterError: A page request failed (after the client's retries); iterate again
                to resume from that page.
        """
        while True:
            while self._pending:
                yield self._deliver(self._pending.popleft())
            if not await self._fetch():
                return

    async def to_list(self) -> list[M]:
        """Every remaining change, as one list (ordered as iteration yields them).

        Returns:
            The records, oldest change first.

        Raises:
            OneRosterError: A page request failed; the records fetched before it are kept and
                returned by the next call with the rest.
        """
        while await self._fetch():
            pass
        records = [self._deliver(record) for record in self._pending]
        self._pending.clear()
        return records
