"""`AsyncPaginator` and `SyncPaginator`: walk an offset-paged collection lazily, fast, in order.

A paginator is given ``fetch_page(offset, limit) -> Page[T]`` and knows nothing of HTTP. A
service's ``list()`` writes that function with its base client and returns a paginator::

    users = await client.oneroster.users.list()            # every record, as a list
    async for user in client.oneroster.users.list():       # streamed page by page
        ...
    page = await client.oneroster.users.list().first_page()  # one page: total, has_more, ...

Why this is a hand-written pair, the one exception to "write async, generate the sync twin":
the two differ in structure, not in keywords. Fetching ahead runs in an anyio task group in the
async paginator and in a thread pool in the sync one, and the two have opposite constraints:

- async: no task may outlive a ``yield`` to the consumer. Python does not close an abandoned
  async generator when the consumer ``break``s (only when it is garbage-collected, from another
  task), and anyio forbids leaving a task group from another task. So the async paginator fetches
  ahead in rounds: when the consumer needs records, up to ``concurrency`` pages are fetched at
  once and the task group is closed before anything is yielded. A ``break`` therefore leaves
  nothing running, and a cancelled consumer cancels the fetches of its round. ``await
  paginator`` (`AsyncPaginator.to_list`) yields nothing, so it keeps ``concurrency`` requests in
  flight for the whole walk (a sliding window).
- sync: threads cannot be cancelled but can run while the consumer works, so `SyncPaginator`
  keeps a sliding window of ``concurrency`` futures across yields. A ``break`` closes the
  generator at once (reference counting), which cancels what has not started and waits for what
  has (keeping the pages that arrived), so no request is still running once the loop is over.

Every `Page` a paginator gives (``pages()``, ``first_page()``) carries in ``page.response`` the
`APIResponse` it was read from (status, headers, request id), set by the base client's
``paginate``; the paginator only passes it along.

Shared behaviour (the decisions live in `timeback_common._paging_rules.PageWalk`):

- A paginator is a cursor over the collection, like a generator: a record it has delivered is
  never delivered again. Iterating it a second time continues where the first iteration stopped
  (after a ``break``, an error, or ``max_items``); a finished paginator yields nothing more.
- The walk starts at the caller's ``offset`` and advances by the records received (wire contract
  section 4.5); the stop rule is `compute_next_offset`'s.
- The first page is fetched alone. Once a total is known and ``concurrency > 1``, the pages up to
  the total are fetched concurrently and delivered in order, with at most ``concurrency`` requests
  in flight and at most about ``concurrency`` pages held in memory. No request starts at or after
  the total (no empty request after a full last page), and the last one asks only for what
  ``max_items`` still allows. A page that comes back shorter (or longer) than requested before the
  end means the plan was wrong: pages fetched ahead are dropped and the walk goes on
  sequentially from where that page really ended, so nothing is skipped or repeated.
- Errors: when ``fetch_page`` raises (after the base client's own retries), the error propagates
  unchanged once every record before it has been delivered, and the paginator stays at the failed
  offset (`next_offset`): iterating it again retries that page and goes on, never restarting
  from the caller's offset and never repeating a record. After a failed ``to_list()`` the
  records already fetched are kept, and the next call returns them with the rest.
- A paginator is not meant to be iterated by two consumers at the same time.

Services build on this from ``_async`` code, and ``scripts/unasync.py`` turns ``AsyncPaginator``
into ``SyncPaginator`` and ``async def fetch_page`` into ``def fetch_page``. The two share every
method name for that reason. Inside ``_async`` code, write ``await paginator.to_list()`` rather
than ``await paginator``: the generated twin of the latter is the paginator itself, not a list.
"""

from __future__ import annotations

import contextvars
import itertools
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._paging_rules import (
    DEFAULT_CONCURRENCY,
    DEFAULT_PAGE_SIZE,
    FULL_WALK_CONCURRENCY,
    FULL_WALK_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Page,
    PageWalk,
    check_paging_options,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    import anyio

    from ._response import APIResponse

__all__ = ["AsyncPaginator", "SyncPaginator"]

T = TypeVar("T")


class _Paginator(Generic[T]):
    """State and buffer handling shared by the async and the sync paginator (no I/O here)."""

    def __init__(
        self,
        *,
        offset: int,
        page_size: int | None,
        max_items: int | None,
        concurrency: int | None,
        max_page_size: int,
    ) -> None:
        # None: the caller did not choose; a walk over more than one page then goes wide.
        self._page_size_chosen = page_size is not None
        self._concurrency_chosen = concurrency is not None
        self._max_page_size = max_page_size
        page_size = DEFAULT_PAGE_SIZE if page_size is None else page_size
        concurrency = DEFAULT_CONCURRENCY if concurrency is None else concurrency
        check_paging_options(
            offset=offset,
            page_size=page_size,
            max_items=max_items,
            concurrency=concurrency,
            max_page_size=max_page_size,
        )
        self._walk = PageWalk(offset=offset, page_size=page_size, max_items=max_items)
        self._concurrency = concurrency
        # Pages taken from the server and not yet delivered, in order; the first one may be
        # partly delivered already (up to _head_index). Never holds an empty page.
        self._pages: deque[Page[T]] = deque()
        self._head_index = 0
        # The answer of the last page taken, for the empty page `first_page` gives at the end.
        self._last_response: APIResponse | None = None

    def _go_wide(self, *, now: bool = False) -> None:
        """The caller wants the rest of the walk: bigger pages, more requests in flight.

        Only what the caller left to the paginator changes. The first page of an iteration
        stays small (the first records arrive fast, and ``first_page()`` is one small request);
        ``now`` widens before the first page (``to_list``, which delivers nothing early).
        """
        if not now and self._walk.taken == 0:
            return
        if not self._page_size_chosen:
            self._walk.page_size = max(
                self._walk.page_size, min(FULL_WALK_PAGE_SIZE, self._max_page_size)
            )
        if not self._concurrency_chosen:
            self._concurrency = max(self._concurrency, FULL_WALK_CONCURRENCY)

    @property
    def next_offset(self) -> int | None:
        """Offset of the next record iteration would yield; None when none is left.

        Starts at the caller's ``offset``. After an error it is the offset of the failed page;
        after ``max_items`` was reached it is where a new paginator would continue.
        """
        if self._pages:
            return self._pages[0].offset + self._head_index
        return self._walk.next_offset

    @property
    def total(self) -> int | None:
        """The total the server last reported (None until a page said, or when it never does)."""
        return self._walk.total

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(next_offset={self.next_offset}, "
            f"page_size={self._walk.page_size}, max_items={self._walk.max_items}, "
            f"concurrency={self._concurrency}, total={self.total})"
        )

    def _take(self, request: tuple[int, int], page: Page[T]) -> bool:
        """Buffer the page fetched for ``request`` if it continues the walk."""
        accepted = self._walk.accept(request, page)
        if accepted is None:
            return False
        self._last_response = accepted.response
        if accepted.items:
            self._pages.append(accepted)
        return True

    def _pop_item(self) -> T:
        page = self._pages[0]
        item = page.items[self._head_index]
        self._head_index += 1
        if self._head_index == len(page.items):
            self._pages.popleft()
            self._head_index = 0
        return item

    def _head_page(self) -> Page[T]:
        """The first buffered page without what was already delivered of it."""
        page, done = self._pages[0], self._head_index
        if not done:
            return page
        return replace(
            page, items=page.items[done:], offset=page.offset + done, limit=page.limit - done
        )

    def _pop_page(self) -> Page[T]:
        page = self._head_page()
        self._pages.popleft()
        self._head_index = 0
        return page

    def _drain(self) -> list[T]:
        items: list[T] = []
        while self._pages:
            items.extend(self._pop_page().items)
        return items

    def _first_page(self) -> Page[T]:
        if self._pages:
            return self._head_page()
        walk = self._walk
        return Page(
            items=[],
            offset=walk.offset,
            limit=0,
            total=walk.total,
            next_offset=walk.next_offset,
            response=self._last_response,
        )


@dataclass(eq=False)
class _AsyncFetch(Generic[T]):
    """One page request of a round, and its outcome once ``done`` is set."""

    request: tuple[int, int]
    done: anyio.Event
    outcome: Page[T] | Exception | None = None


class AsyncPaginator(_Paginator[T]):
    """Lazily walks an offset-paged collection: ``async for``, ``await``, pages, one page.

    Args:
        fetch_page: ``await fetch_page(offset, limit)`` returns the `Page` requested at
            ``offset`` with that ``limit`` (``1 <= limit <= page_size``), built with
            `offset_page_from_response` so that ``next_offset`` follows the stop rule. It may be
            called ``concurrency`` times at once. Whatever it raises propagates unchanged.
        offset: Where to start (the caller's ``offset``; it is never reset to 0).
        page_size: The ``limit`` of each request.
        max_items: Stop after this many records (None: all of them).
        concurrency: Page requests in flight at most once the total is known; 1 is strictly
            sequential.
        max_page_size: The largest ``limit`` the endpoint accepts.

    Raises:
        InputValidationError: An option is out of range (``page_size`` outside
            ``1..max_page_size``, a negative ``offset`` or ``max_items``, ``concurrency < 1``).

    Example:
        >>> from timeback_common._paging_rules import offset_page_from_response
        >>> async def fetch_page(offset: int, limit: int) -> Page[int]:
        ...     items = list(range(offset, min(offset + limit, 250)))
        ...     return offset_page_from_response(
        ...         items, offset=offset, limit=limit, body={"totalCount": 250}
        ...     )
        >>> numbers = await AsyncPaginator(fetch_page, offset=10, max_items=100)  # doctest: +SKIP
        >>> numbers[0], len(numbers)  # doctest: +SKIP
        (10, 100)
    """

    def __init__(
        self,
        fetch_page: Callable[[int, int], Awaitable[Page[T]]],
        *,
        offset: int = 0,
        page_size: int | None = None,
        max_items: int | None = None,
        concurrency: int | None = None,
        max_page_size: int = MAX_PAGE_SIZE,
    ) -> None:
        super().__init__(
            offset=offset,
            page_size=page_size,
            max_items=max_items,
            concurrency=concurrency,
            max_page_size=max_page_size,
        )
        self._fetch_page = fetch_page
        # An error met while fetching ahead, raised once the pages before it are delivered.
        self._deferred_error: Exception | None = None

    async def __aiter__(self) -> AsyncIterator[T]:
        """Yield the records one by one, fetching page by page in bounded memory.

        Raises:
            TimebackError: Whatever ``fetch_page`` raised, once the records before the failed
                page have been yielded; iterate again to resume from that page.
        """
        while True:
            while self._pages:
                yield self._pop_item()
            self._go_wide()
            if not await self._step(budget=self._concurrency):
                return

    def __await__(self) -> Generator[Any, None, list[T]]:
        """``await paginator`` is ``await paginator.to_list()``."""
        return self.to_list().__await__()

    async def to_list(self) -> list[T]:
        """Every remaining record (up to ``max_items``), as one list.

        Returns:
            The records in server order, from `next_offset` on.

        Raises:
            TimebackError: Whatever ``fetch_page`` raised. The records fetched before the
                failure are kept: calling ``to_list()`` again returns them with the rest.
        """
        self._go_wide(now=True)
        while await self._step(budget=None):
            pass
        return self._drain()

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield the remaining records page by page, as `Page` objects (no empty pages).

        Each page's ``response`` is the answer it came from: ``page.response.headers``,
        ``.status_code`` and ``.request_id``.

        Raises:
            TimebackError: As for ``async for``; iterate again to resume from the failed page.
        """
        while True:
            while self._pages:
                yield self._pop_page()
            self._go_wide()
            if not await self._step(budget=self._concurrency):
                return

    async def first_page(self) -> Page[T]:
        """The next page iteration would yield, with ``total``, ``has_more`` and ``next_offset``.

        On a new paginator this is one request at the caller's offset. The page is kept, so
        iterating afterwards starts with it without fetching it again. A paginator with nothing
        left gives an empty page.

        Raises:
            TimebackError: Whatever ``fetch_page`` raised.
        """
        if not self._pages:
            await self._step(budget=1)
        return self._first_page()

    async def _step(self, *, budget: int | None) -> bool:
        """Fetch and buffer the next page(s); False when the walk is over.

        ``budget`` bounds the requests of this step (None: fetch ahead up to the end).
        """
        if self._deferred_error is not None:
            error, self._deferred_error = self._deferred_error, None
            raise error
        walk = self._walk
        request = walk.next_request()
        if request is None:
            return False
        if budget == 1 or self._concurrency == 1 or walk.total is None or walk.sequential:
            self._take(request, await self._fetch_page(*request))
            return True
        plan = walk.plan()
        first = next(plan, None)
        if first is None:  # the server's total and next offset disagree: just follow the pages
            self._take(request, await self._fetch_page(*request))
        else:
            await self._fetch_ahead(itertools.chain([first], plan), budget)
        return True

    async def _fetch_ahead(self, plan: Iterator[tuple[int, int]], budget: int | None) -> None:
        """Fetch planned pages with at most ``concurrency`` in flight, buffering them in order."""
        import anyio  # only fetching ahead needs it; sequential walks stay import-light

        window: deque[_AsyncFetch[T]] = deque()
        launched = taken = 0
        error: Exception | None = None
        async with anyio.create_task_group() as task_group:

            def launch() -> None:
                nonlocal launched
                if budget is not None and launched >= budget:
                    return
                request = next(plan, None)
                if request is not None:
                    fetch = _AsyncFetch[T](request, anyio.Event())
                    window.append(fetch)
                    launched += 1
                    task_group.start_soon(self._run_fetch, fetch)

            for _ in range(self._concurrency):
                launch()
            while window:
                fetch = window.popleft()
                await fetch.done.wait()
                outcome = fetch.outcome
                if isinstance(outcome, Exception):
                    error = outcome
                    break
                if outcome is None or not self._take(fetch.request, outcome):
                    break
                taken += 1
                if self._walk.sequential or self._walk.done:
                    break
                launch()
            # Whatever is still in flight was fetched on a plan that no longer holds, or sits
            # after a failure: drop it.
            task_group.cancel_scope.cancel()
        if error is not None:
            if not taken:
                raise error
            self._deferred_error = error

    async def _run_fetch(self, fetch: _AsyncFetch[T]) -> None:
        try:
            fetch.outcome = await self._fetch_page(*fetch.request)
        except Exception as exc:  # handed to the consumer in order, see _fetch_ahead
            fetch.outcome = exc
        fetch.done.set()


class SyncPaginator(_Paginator[T]):
    """Lazily walks an offset-paged collection: ``for``, `to_list`, pages, one page.

    Args:
        fetch_page: ``fetch_page(offset, limit)`` returns the `Page` requested at ``offset``
            with that ``limit`` (``1 <= limit <= page_size``), built with
            `offset_page_from_response`. Once the total is known it is called from up to
            ``concurrency`` worker threads at once (each with a copy of the caller's context
            variables), so it must be thread-safe. Whatever it raises propagates unchanged.
        offset: Where to start (the caller's ``offset``; it is never reset to 0).
        page_size: The ``limit`` of each request.
        max_items: Stop after this many records (None: all of them).
        concurrency: Page requests in flight at most once the total is known; 1 is strictly
            sequential and uses no thread.
        max_page_size: The largest ``limit`` the endpoint accepts.

    Raises:
        InputValidationError: An option is out of range (``page_size`` outside
            ``1..max_page_size``, a negative ``offset`` or ``max_items``, ``concurrency < 1``).

    Example:
        >>> from timeback_common._paging_rules import offset_page_from_response
        >>> def fetch_page(offset: int, limit: int) -> Page[int]:
        ...     items = list(range(offset, min(offset + limit, 250)))
        ...     return offset_page_from_response(
        ...         items, offset=offset, limit=limit, body={"totalCount": 250}
        ...     )
        >>> numbers = SyncPaginator(fetch_page, offset=10, max_items=100).to_list()
        >>> numbers[0], len(numbers)
        (10, 100)
    """

    def __init__(
        self,
        fetch_page: Callable[[int, int], Page[T]],
        *,
        offset: int = 0,
        page_size: int | None = None,
        max_items: int | None = None,
        concurrency: int | None = None,
        max_page_size: int = MAX_PAGE_SIZE,
    ) -> None:
        super().__init__(
            offset=offset,
            page_size=page_size,
            max_items=max_items,
            concurrency=concurrency,
            max_page_size=max_page_size,
        )
        self._fetch_page = fetch_page
        self._executor: ThreadPoolExecutor | None = None
        # Requests fetched ahead, in plan order: the first one is always at the walk's offset.
        self._ahead: deque[tuple[tuple[int, int], Future[Page[T]]]] = deque()
        self._plan: Iterator[tuple[int, int]] | None = None

    def __iter__(self) -> Iterator[T]:
        """Yield the records one by one, fetching page by page in bounded memory.

        Leaving the loop early (``break``, an exception) cancels the requests fetched ahead that
        have not started and waits for the ones running (at most ``concurrency``); the pages that
        arrived are kept for the next iteration.

        Raises:
            TimebackError: Whatever ``fetch_page`` raised, once the records before the failed
                page have been yielded; iterate again to resume from that page.
        """
        try:
            while True:
                while self._pages:
                    yield self._pop_item()
                self._go_wide()
                if not self._step(window=self._concurrency):
                    return
        finally:
            self._stop_fetching_ahead()

    def to_list(self) -> list[T]:
        """Every remaining record (up to ``max_items``), as one list.

        Returns:
            The records in server order, from `next_offset` on.

        Raises:
            TimebackError: Whatever ``fetch_page`` raised. The records fetched before the
                failure are kept: calling ``to_list()`` again returns them with the rest.
        """
        self._go_wide(now=True)
        try:
            while self._step(window=self._concurrency):
                pass
        finally:
            self._stop_fetching_ahead()
        return self._drain()

    def pages(self) -> Iterator[Page[T]]:
        """Yield the remaining records page by page, as `Page` objects (no empty pages).

        Each page's ``response`` is the answer it came from: ``page.response.headers``,
        ``.status_code`` and ``.request_id``.

        Raises:
            TimebackError: As for ``for``; iterate again to resume from the failed page.
        """
        try:
            while True:
                while self._pages:
                    yield self._pop_page()
                self._go_wide()
                if not self._step(window=self._concurrency):
                    return
        finally:
            self._stop_fetching_ahead()

    def first_page(self) -> Page[T]:
        """The next page iteration would yield, with ``total``, ``has_more`` and ``next_offset``.

        On a new paginator this is one request at the caller's offset. The page is kept, so
        iterating afterwards starts with it without fetching it again. A paginator with nothing
        left gives an empty page.

        Raises:
            TimebackError: Whatever ``fetch_page`` raised.
        """
        if not self._pages:
            self._step(window=1)
        return self._first_page()

    def _step(self, *, window: int) -> bool:
        """Fetch and buffer the next page, keeping ``window`` requests in flight ahead of it.

        Returns False when the walk is over.
        """
        walk = self._walk
        request = walk.next_request()
        if request is None:
            return False
        if window == 1 or self._concurrency == 1 or walk.total is None or walk.sequential:
            self._stop_fetching_ahead(wait=False)
            self._take(request, self._fetch_page(*request))
            return True
        if self._ahead and self._ahead[0][0][0] != request[0]:
            self._stop_fetching_ahead(wait=False)  # a stale plan; start a new one
        if not self._ahead:
            self._plan = walk.plan()
        self._fill(window)
        if not self._ahead:  # nothing planned after all (the plan ended at the total)
            self._take(request, self._fetch_page(*request))
            return True
        ahead_request, future = self._ahead.popleft()
        try:
            page = future.result()
        except BaseException:
            self._stop_fetching_ahead()  # nothing runs on once the error surfaces
            raise
        self._take(ahead_request, page)
        if walk.sequential or walk.done:
            # The plan no longer holds: what is in flight would only be thrown away.
            self._stop_fetching_ahead(wait=False)
        else:
            self._fill(window)
        return True

    def _fill(self, window: int) -> None:
        while self._plan is not None and len(self._ahead) < window:
            request = next(self._plan, None)
            if request is None:
                self._plan = None
                return
            if self._executor is None:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(
                    max_workers=self._concurrency, thread_name_prefix="timeback-paginator"
                )
            # A fresh copy per request: one context cannot be entered by two threads at once.
            context = contextvars.copy_context()
            offset, limit = request
            future = self._executor.submit(context.run, self._fetch_page, offset, limit)
            self._ahead.append((request, future))

    def _stop_fetching_ahead(self, *, wait: bool = True) -> None:
        """Cancel requests fetched ahead and shut the pool down.

        With ``wait``, also wait for the requests already running and keep the pages that
        arrived (in order, up to the first failure), so that iterating again does not fetch them
        a second time; without it, what is in flight is abandoned (the plan no longer holds).
        """
        ahead, self._ahead = self._ahead, deque()
        self._plan = None
        for _, future in ahead:
            future.cancel()
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)
        if not wait:
            return
        for request, future in ahead:
            if request[0] != self._walk.offset or self._walk.sequential:
                break  # after a failed page: everything behind it is fetched again later
            if future.cancelled() or not future.done() or future.exception() is not None:
                break  # a failed page is fetched again, and reported, when iteration gets there
            self._take(request, future.result())
