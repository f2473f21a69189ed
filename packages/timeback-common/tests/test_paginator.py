"""AsyncPaginator and SyncPaginator against in-memory page servers (pure logic: fakes are fine).

Most behaviours are specified once and checked on both paginators through a small harness; the
async-only (task cancellation) and sync-only (worker threads) behaviours follow at the end.
"""

from __future__ import annotations

import contextvars
import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_common._errors import InputValidationError, InternalServerError
from timeback_common._paginators import AsyncPaginator, SyncPaginator
from timeback_common._paging_rules import (
    Page,
    offset_page_from_response,
    page_from_page_number_response,
    page_number_request,
)

# --------------------------------------------------------------------------------------------
# An in-memory collection of the records 0, 1, 2, ... (each record equals its offset)


class FetchFailed(InternalServerError):
    """A page fetch that failed after the base client's retries."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"page at offset {offset} failed", status_code=503)
        self.offset = offset


TOTALS = ("body", "header", "caliper", "link", "none")


@dataclass
class FakeServer:
    """Answers ``(offset, limit)`` like the wire contract, with optional irregularities.

    Attributes:
        size: How many records the collection holds.
        totals: How the end is announced: ``body`` (``totalCount``), ``header``
            (``X-Total-Count``), ``caliper`` (``pagination.total``), ``link`` (``Link`` only) or
            ``none`` (nothing: a short page is the last one).
        cap: The server's own largest page; it answers larger requests with shorter pages.
        short_at: Offsets the server answers with one record fewer than it could.
        fail_once_at: Offsets whose first request fails with `FetchFailed`.
    """

    size: int
    totals: str = "body"
    cap: int | None = None
    short_at: frozenset[int] = frozenset()
    fail_once_at: set[int] = field(default_factory=set)
    calls: list[tuple[int, int]] = field(default_factory=list)
    served: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, offset: int, limit: int) -> Page[int]:
        with self.lock:
            self.calls.append((offset, limit))
            if offset in self.fail_once_at:
                self.fail_once_at.discard(offset)
                raise FetchFailed(offset)
        count = limit if self.cap is None else min(limit, self.cap)
        if offset in self.short_at and count > 1:
            count -= 1
        items = list(range(offset, min(offset + count, self.size)))
        with self.lock:
            self.served += len(items)
        # Misleading body members the client must ignore (pitfall 7).
        body: dict[str, Any] = {"records": items, "offset": offset + 999, "pageNumber": 42}
        headers: dict[str, str] = {}
        total_key: str | tuple[str, str] = "totalCount"
        if self.totals == "body":
            body["totalCount"] = self.size
        elif self.totals == "header":
            headers["X-Total-Count"] = str(self.size)
        elif self.totals == "caliper":
            body["pagination"] = {"total": self.size, "currentPage": 1, "limit": limit}
            total_key = ("pagination", "total")
        elif self.totals == "link":
            links = ['<https://h/records?offset=0>; rel="first"']
            if offset + len(items) < self.size:
                links.append(f'<https://h/records?offset={offset + len(items)}>; rel="next"')
            headers["Link"] = ", ".join(links)
        return offset_page_from_response(
            items, offset=offset, limit=limit, body=body, headers=headers, total_key=total_key
        )


def async_fetch(server: FakeServer) -> Callable[[int, int], Any]:
    async def fetch_page(offset: int, limit: int) -> Page[int]:
        # Let concurrent fetches finish out of order.
        for _ in range(offset * 7 % 4):
            await anyio.lowlevel.checkpoint()
        return server.answer(offset, limit)

    return fetch_page


# --------------------------------------------------------------------------------------------
# One harness per paginator, so that each behaviour is specified once


class AsyncHarness:
    """Drives an `AsyncPaginator`, each call in its own event loop."""

    name = "async"

    def paginator(self, server: FakeServer, **options: Any) -> AsyncPaginator[int]:
        return AsyncPaginator(async_fetch(server), **options)

    def iterate(
        self,
        paginator: Any,
        into: list[int] | None = None,
        stop_after: int | None = None,
        on_item: Callable[[int], None] | None = None,
    ) -> list[int]:
        out = [] if into is None else into

        async def run() -> None:
            if stop_after == 0:
                return
            seen = 0
            async for item in paginator:
                out.append(item)
                seen += 1
                if on_item is not None:
                    on_item(item)
                if stop_after is not None and seen >= stop_after:
                    break

        anyio.run(run)
        return out

    def pages(
        self, paginator: Any, into: list[Page[int]] | None = None, stop_after: int | None = None
    ) -> list[Page[int]]:
        out = [] if into is None else into

        async def run() -> None:
            if stop_after == 0:
                return
            async for page in paginator.pages():
                out.append(page)
                if stop_after is not None and len(out) >= stop_after:
                    break

        anyio.run(run)
        return out

    def to_list(self, paginator: Any) -> list[int]:
        async def run() -> list[int]:
            result: list[int] = await paginator
            return result

        return anyio.run(run)

    def first_page(self, paginator: Any) -> Page[int]:
        async def run() -> Page[int]:
            page: Page[int] = await paginator.first_page()
            return page

        return anyio.run(run)


class SyncHarness:
    """Drives a `SyncPaginator`."""

    name = "sync"

    def paginator(self, server: FakeServer, **options: Any) -> SyncPaginator[int]:
        return SyncPaginator(server.answer, **options)

    def iterate(
        self,
        paginator: Any,
        into: list[int] | None = None,
        stop_after: int | None = None,
        on_item: Callable[[int], None] | None = None,
    ) -> list[int]:
        out = [] if into is None else into
        if stop_after == 0:
            return out
        for seen, item in enumerate(paginator, start=1):
            out.append(item)
            if on_item is not None:
                on_item(item)
            if stop_after is not None and seen >= stop_after:
                break
        return out

    def pages(
        self, paginator: Any, into: list[Page[int]] | None = None, stop_after: int | None = None
    ) -> list[Page[int]]:
        out = [] if into is None else into
        if stop_after == 0:
            return out
        for page in paginator.pages():
            out.append(page)
            if stop_after is not None and len(out) >= stop_after:
                break
        return out

    def to_list(self, paginator: Any) -> list[int]:
        result: list[int] = paginator.to_list()
        return result

    def first_page(self, paginator: Any) -> Page[int]:
        page: Page[int] = paginator.first_page()
        return page


Harness = AsyncHarness | SyncHarness
HARNESSES = [pytest.param(AsyncHarness(), id="async"), pytest.param(SyncHarness(), id="sync")]


def expected_slice(size: int, offset: int, max_items: int | None) -> list[int]:
    end = size if max_items is None else min(size, offset + max_items)
    return list(range(offset, end))


def minimal_calls(
    size: int, offset: int, page_size: int, max_items: int | None
) -> list[tuple[int, int]]:
    """The requests a client that knows the total needs: no empty request at the end."""
    if max_items == 0:
        return []
    wanted = len(expected_slice(size, offset, max_items))
    left = max_items
    calls: list[tuple[int, int]] = []
    position = offset
    while position < offset + wanted or not calls:
        limit = page_size if left is None else min(page_size, left)
        calls.append((position, limit))
        position += limit
        if left is not None:
            left -= limit
    return calls


# --------------------------------------------------------------------------------------------
# Properties (hypothesis)


@dataclass(frozen=True)
class Scenario:
    size: int
    totals: str
    cap: int | None
    short_at: frozenset[int]
    offset: int
    page_size: int
    max_items: int | None
    concurrency: int

    def server(self, fail_once_at: set[int] | None = None) -> FakeServer:
        return FakeServer(
            self.size,
            totals=self.totals,
            cap=self.cap,
            short_at=self.short_at,
            fail_once_at=set(fail_once_at or ()),
        )

    def options(self) -> dict[str, Any]:
        return {
            "offset": self.offset,
            "page_size": self.page_size,
            "max_items": self.max_items,
            "concurrency": self.concurrency,
        }

    @property
    def expected(self) -> list[int]:
        return expected_slice(self.size, self.offset, self.max_items)


@st.composite
def scenarios(draw: st.DrawFn, regular: bool = False) -> Scenario:
    size = draw(st.integers(0, 120))
    totals = draw(st.sampled_from(TOTALS[:4] if regular else TOTALS))
    # Without a total or a Link header a short page is, by the stop rule, the last one: only a
    # server that announces its end may answer short pages.
    irregular = not regular and totals != "none"
    return Scenario(
        size=size,
        totals=totals,
        cap=draw(st.none() | st.integers(1, 25)) if irregular else None,
        short_at=draw(st.frozensets(st.integers(0, 130), max_size=8)) if irregular else frozenset(),
        offset=draw(st.integers(0, size + 5)),
        page_size=draw(st.integers(1, 25)),
        max_items=draw(st.none() | st.integers(0, 130)),
        concurrency=draw(st.integers(1, 5)),
    )


CONSUMERS = ("iterate", "pages", "to_list")


def consume(harness: Harness, paginator: Any, consumer: str) -> list[int]:
    if consumer == "iterate":
        return harness.iterate(paginator)
    if consumer == "pages":
        pages = harness.pages(paginator)
        for page in pages:
            assert page.items
            assert page.items == list(range(page.offset, page.offset + len(page.items)))
        return [item for page in pages for item in page.items]
    return harness.to_list(paginator)


@pytest.mark.parametrize("harness", HARNESSES)
@settings(max_examples=150, deadline=None)
@given(scenario=scenarios(), consumer=st.sampled_from(CONSUMERS))
def test_yields_exactly_the_requested_slice_in_order(
    harness: Harness, scenario: Scenario, consumer: str
) -> None:
    server = scenario.server()
    paginator = harness.paginator(server, **scenario.options())

    records = consume(harness, paginator, consumer)

    assert records == scenario.expected
    assert harness.iterate(paginator) == []  # a cursor: nothing is yielded twice


@pytest.mark.parametrize("harness", HARNESSES)
@settings(max_examples=100, deadline=None)
@given(scenario=scenarios(regular=True), consumer=st.sampled_from(CONSUMERS))
def test_sends_only_the_requests_needed_when_the_end_is_announced(
    harness: Harness, scenario: Scenario, consumer: str
) -> None:
    server = scenario.server()
    paginator = harness.paginator(server, **scenario.options())

    consume(harness, paginator, consumer)

    assert sorted(server.calls) == minimal_calls(
        scenario.size, scenario.offset, scenario.page_size, scenario.max_items
    )


@pytest.mark.parametrize("harness", HARNESSES)
@settings(max_examples=150, deadline=None)
@given(
    scenario=scenarios(),
    failing=st.frozensets(st.integers(0, 125), max_size=6),
    stops=st.lists(st.none() | st.integers(0, 30), max_size=4),
    consumer=st.sampled_from(CONSUMERS),
)
def test_resuming_after_failures_and_breaks_yields_each_record_exactly_once(
    harness: Harness,
    scenario: Scenario,
    failing: frozenset[int],
    stops: list[int | None],
    consumer: str,
) -> None:
    server = scenario.server(fail_once_at=set(failing))
    paginator = harness.paginator(server, **scenario.options())
    records: list[int] = []
    pages: list[Page[int]] = []
    result: list[int] | None = None

    for attempt in range(len(failing) + len(stops) + 2):
        stop = stops[attempt] if attempt < len(stops) else None
        try:
            if consumer == "iterate":
                harness.iterate(paginator, into=records, stop_after=stop)
            elif consumer == "pages":
                harness.pages(paginator, into=pages, stop_after=stop)
            else:
                result = harness.to_list(paginator)
        except FetchFailed as error:
            # The error surfaces once every record before it was delivered, and the paginator
            # stays at the failed page.
            failed_at = error.offset
            if consumer != "to_list":
                assert paginator.next_offset == failed_at
            continue
        if consumer == "to_list" or stop is None:
            break

    if consumer == "pages":
        records = [item for page in pages for item in page.items]
    elif consumer == "to_list":
        assert result is not None
        records = result
    assert records == scenario.expected


@pytest.mark.parametrize("harness", HARNESSES)
@settings(max_examples=60, deadline=None)
@given(scenario=scenarios(regular=True))
def test_streaming_keeps_at_most_about_concurrency_pages_ahead(
    harness: Harness, scenario: Scenario
) -> None:
    server = scenario.server()
    paginator = harness.paginator(server, **scenario.options())
    consumed = 0
    bound = (scenario.concurrency + 1) * scenario.page_size

    def check(_: int) -> None:
        nonlocal consumed
        consumed += 1
        assert server.served - consumed <= bound

    harness.iterate(paginator, on_item=check)


# --------------------------------------------------------------------------------------------
# Behaviours of both paginators


@pytest.mark.parametrize("harness", HARNESSES)
def test_starts_at_the_callers_offset(harness: Harness) -> None:
    server = FakeServer(500)
    paginator = harness.paginator(server, offset=37, page_size=10, max_items=5)

    records = harness.to_list(paginator)

    assert records == [37, 38, 39, 40, 41]
    assert server.calls == [(37, 5)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_returns_every_record_not_just_the_first_page(harness: Harness) -> None:
    server = FakeServer(1050)

    records = harness.to_list(harness.paginator(server, page_size=100))

    assert records == list(range(1050))
    assert len(server.calls) == 11


@pytest.mark.parametrize("harness", HARNESSES)
def test_a_whole_walk_left_to_the_paginator_asks_for_big_pages(harness: Harness) -> None:
    server = FakeServer(2500)

    records = harness.to_list(harness.paginator(server))

    assert records == list(range(2500))
    assert sorted(server.calls) == [(0, 1000), (1000, 1000), (2000, 1000)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_iteration_starts_with_a_small_page_then_goes_wide(harness: Harness) -> None:
    server = FakeServer(2500)

    records = harness.iterate(harness.paginator(server))

    assert records == list(range(2500))
    assert server.calls[0] == (0, 100)
    assert sorted(server.calls[1:]) == [(100, 1000), (1100, 1000), (2100, 1000)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_first_page_stays_one_small_request(harness: Harness) -> None:
    server = FakeServer(2500)

    page = harness.first_page(harness.paginator(server))

    assert list(page.items) == list(range(100))
    assert server.calls == [(0, 100)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_a_chosen_page_size_and_concurrency_are_kept_on_a_whole_walk(harness: Harness) -> None:
    server = FakeServer(700)

    records = harness.to_list(harness.paginator(server, page_size=200, concurrency=1))

    assert records == list(range(700))
    assert server.calls == [(0, 200), (200, 200), (400, 200), (600, 200)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_last_request_asks_only_for_what_max_items_leaves(harness: Harness) -> None:
    server = FakeServer(1000)
    paginator = harness.paginator(server, page_size=10, max_items=35)

    harness.to_list(paginator)

    assert sorted(server.calls) == [(0, 10), (10, 10), (20, 10), (30, 5)]
    assert paginator.next_offset == 35


@pytest.mark.parametrize("harness", HARNESSES)
def test_max_items_zero_sends_nothing(harness: Harness) -> None:
    server = FakeServer(10)

    assert harness.to_list(harness.paginator(server, max_items=0)) == []
    assert server.calls == []


@pytest.mark.parametrize("harness", HARNESSES)
def test_does_not_send_an_empty_request_after_a_full_last_page(harness: Harness) -> None:
    server = FakeServer(30)

    harness.to_list(harness.paginator(server, page_size=10))

    assert sorted(server.calls) == [(0, 10), (10, 10), (20, 10)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_follows_link_next_when_the_server_gives_no_total(harness: Harness) -> None:
    server = FakeServer(25, totals="link", cap=4)

    records = harness.to_list(harness.paginator(server, page_size=10))

    assert records == list(range(25))
    assert server.calls == [(o, 10) for o in range(0, 25, 4)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_without_total_or_link_stops_after_a_short_page(harness: Harness) -> None:
    server = FakeServer(25, totals="none")

    records = harness.to_list(harness.paginator(server, page_size=10))

    assert records == list(range(25))
    assert server.calls == [(0, 10), (10, 10), (20, 10)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_first_page_shows_total_has_more_and_next_offset(harness: Harness) -> None:
    server = FakeServer(250)
    paginator = harness.paginator(server, offset=20, page_size=100)

    page = harness.first_page(paginator)

    assert (page.offset, page.total, page.has_more, page.next_offset) == (20, 250, True, 120)
    assert page.items == list(range(20, 120))


@pytest.mark.parametrize("harness", HARNESSES)
def test_iterating_after_first_page_does_not_fetch_it_again(harness: Harness) -> None:
    server = FakeServer(250)
    paginator = harness.paginator(server, page_size=100)
    harness.first_page(paginator)

    records = harness.iterate(paginator)

    assert records == list(range(250))
    assert sorted(server.calls) == [(0, 100), (100, 100), (200, 100)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_first_page_of_a_finished_paginator_is_empty(harness: Harness) -> None:
    server = FakeServer(5)
    paginator = harness.paginator(server)
    harness.to_list(paginator)

    page = harness.first_page(paginator)

    assert (page.items, page.has_more, page.total, page.offset) == ([], False, 5, 5)


@pytest.mark.parametrize("harness", HARNESSES)
def test_iterating_again_after_a_break_continues_where_it_stopped(harness: Harness) -> None:
    server = FakeServer(100)
    paginator = harness.paginator(server, page_size=10)

    first = harness.iterate(paginator, stop_after=15)
    rest = harness.iterate(paginator)

    assert first == list(range(15))
    assert rest == list(range(15, 100))
    assert len(server.calls) == 10


@pytest.mark.parametrize("harness", HARNESSES)
def test_pages_yields_page_objects_and_resumes_mid_page(harness: Harness) -> None:
    server = FakeServer(25)
    paginator = harness.paginator(server, page_size=10)
    harness.iterate(paginator, stop_after=3)

    pages = harness.pages(paginator)

    assert [(p.offset, p.items[0], len(p)) for p in pages] == [(3, 3, 7), (10, 10, 10), (20, 20, 5)]
    assert [p.total for p in pages] == [25, 25, 25]


@pytest.mark.parametrize("harness", HARNESSES)
def test_pages_of_an_empty_collection_yields_no_page(harness: Harness) -> None:
    assert harness.pages(harness.paginator(FakeServer(0))) == []


@pytest.mark.parametrize("harness", HARNESSES)
def test_a_failed_fetch_raises_the_original_error_and_resumes_from_its_offset(
    harness: Harness,
) -> None:
    server = FakeServer(100, fail_once_at={30})
    paginator = harness.paginator(server, page_size=10, concurrency=3)
    records: list[int] = []

    with pytest.raises(FetchFailed) as caught:
        harness.iterate(paginator, into=records)
    assert isinstance(caught.value, InternalServerError)
    assert records == list(range(30))
    assert paginator.next_offset == 30
    harness.iterate(paginator, into=records)

    assert records == list(range(100))
    assert sorted(server.calls).count((30, 10)) == 2


@pytest.mark.parametrize("harness", HARNESSES)
def test_to_list_after_a_failure_returns_every_record_without_refetching(
    harness: Harness,
) -> None:
    server = FakeServer(100, fail_once_at={50})
    paginator = harness.paginator(server, page_size=10, concurrency=1)

    with pytest.raises(FetchFailed):
        harness.to_list(paginator)
    records = harness.to_list(paginator)

    assert records == list(range(100))
    assert server.calls == [(o, 10) for o in range(0, 60, 10)] + [
        (o, 10) for o in range(50, 100, 10)
    ]


@pytest.mark.parametrize("harness", HARNESSES)
def test_a_short_page_fetched_ahead_turns_the_walk_sequential_from_where_it_ended(
    harness: Harness,
) -> None:
    server = FakeServer(100, short_at=frozenset({30}))
    paginator = harness.paginator(server, page_size=10, concurrency=4)

    records = harness.to_list(paginator)

    assert records == list(range(100))
    sequential = [(o, 10) for o in range(39, 100, 10)]
    assert server.calls[-len(sequential) :] == sequential
    needed = 4 + len(sequential)  # 0, 10, 20, 30, then 39 onwards
    assert len(server.calls) <= needed + 4  # at most one window fetched ahead in vain


@pytest.mark.parametrize("harness", HARNESSES)
def test_a_server_capping_the_page_size_is_walked_by_records_received(
    harness: Harness,
) -> None:
    server = FakeServer(100, cap=7)
    paginator = harness.paginator(server, page_size=10, concurrency=4)

    records = harness.to_list(paginator)

    assert records == list(range(100))
    assert server.calls == [(o, 10) for o in range(0, 100, 7)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_concurrency_one_is_strictly_sequential(harness: Harness) -> None:
    server = FakeServer(95)

    harness.to_list(harness.paginator(server, page_size=10, concurrency=1))

    assert server.calls == [(o, 10) for o in range(0, 100, 10)]


@pytest.mark.parametrize("harness", HARNESSES)
def test_next_offset_reports_where_iteration_continues(harness: Harness) -> None:
    paginator = harness.paginator(FakeServer(30), offset=4, page_size=10)
    assert paginator.next_offset == 4

    harness.iterate(paginator, stop_after=3)
    assert paginator.next_offset == 7

    harness.iterate(paginator)
    assert paginator.next_offset is None


@pytest.mark.parametrize("paginator_class", [AsyncPaginator, SyncPaginator])
@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 3001}, "page_size"),
        ({"page_size": 600, "max_page_size": 500}, "page_size"),
        ({"offset": -5}, "offset"),
        ({"max_items": -1}, "max_items"),
        ({"concurrency": 0}, "concurrency"),
    ],
)
def test_rejects_options_out_of_range(
    paginator_class: type[Any], options: dict[str, Any], path: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        paginator_class(FakeServer(1).answer, **options)

    assert [issue.path for issue in caught.value.issues] == [path]


def test_repr_shows_the_cursor_not_the_fetch_function() -> None:
    paginator = SyncPaginator(FakeServer(1).answer, offset=3, page_size=7)

    assert repr(paginator) == (
        "SyncPaginator(next_offset=3, page_size=7, max_items=None, concurrency=4, total=None)"
    )


@pytest.mark.parametrize("harness", HARNESSES)
@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 150),
    offset=st.integers(0, 160),
    page_size=st.integers(1, 30),
    max_items=st.none() | st.integers(0, 160),
    body_kind=st.sampled_from(["totalCount", "pageCount", "nothing"]),
)
def test_walks_a_page_numbered_endpoint_through_offsets(
    harness: Harness,
    size: int,
    offset: int,
    page_size: int,
    max_items: int | None,
    body_kind: str,
) -> None:
    max_limit = 30
    data = list(range(size))

    def answer(offset: int, limit: int) -> Page[int]:
        request = page_number_request(offset, limit, max_limit=max_limit)
        start = (request.page - 1) * request.limit
        rows = data[start : start + request.limit]
        body: dict[str, Any] = {"pageNumber": request.page}
        if body_kind == "totalCount":
            body["totalCount"] = size
        elif body_kind == "pageCount":
            body["pageCount"] = -(-size // request.limit)
        return page_from_page_number_response(
            rows, offset=offset, limit=limit, request=request, body=body
        )

    server = FakeServer(size)
    server.answer = answer  # type: ignore[method-assign]
    paginator = harness.paginator(server, offset=offset, page_size=page_size, max_items=max_items)

    assert harness.to_list(paginator) == expected_slice(size, offset, max_items)


# --------------------------------------------------------------------------------------------
# AsyncPaginator: tasks and cancellation


@pytest.mark.anyio
async def test_async_to_list_keeps_concurrency_requests_in_flight() -> None:
    in_flight = highest = 0

    async def fetch_page(offset: int, limit: int) -> Page[int]:
        nonlocal in_flight, highest
        in_flight += 1
        highest = max(highest, in_flight)
        for _ in range(3):
            await anyio.lowlevel.checkpoint()
        in_flight -= 1
        return FakeServer(1000).answer(offset, limit)

    records = await AsyncPaginator(fetch_page, page_size=10, concurrency=3).to_list()

    assert records == list(range(1000))
    assert highest == 3


@pytest.mark.anyio
async def test_async_break_leaves_no_fetch_running() -> None:
    started: list[int] = []
    finished: list[int] = []

    async def fetch_page(offset: int, limit: int) -> Page[int]:
        started.append(offset)
        await anyio.lowlevel.checkpoint()
        finished.append(offset)
        return FakeServer(1000).answer(offset, limit)

    paginator = AsyncPaginator(fetch_page, page_size=10, concurrency=4)
    async for record in paginator:
        if record == 10:  # the first record of the second page
            break
    for _ in range(10):
        await anyio.lowlevel.checkpoint()
    gc.collect()

    assert started == finished
    assert sorted(started) == [0, 10, 20, 30, 40]
    assert paginator.next_offset == 11


@pytest.mark.anyio
async def test_async_cancelling_the_consumer_cancels_in_flight_fetches() -> None:
    all_started = anyio.Event()
    never = anyio.Event()
    started = cancelled = 0

    async def fetch_page(offset: int, limit: int) -> Page[int]:
        nonlocal started, cancelled
        if offset == 0:
            return FakeServer(1000).answer(offset, limit)
        started += 1
        if started == 4:
            all_started.set()
        try:
            await never.wait()
        except anyio.get_cancelled_exc_class():
            cancelled += 1
            raise
        raise AssertionError("unreachable")

    paginator = AsyncPaginator(fetch_page, page_size=10, concurrency=4)

    async def consume() -> None:
        async for _ in paginator:
            pass

    async with anyio.create_task_group() as task_group:
        task_group.start_soon(consume)
        await all_started.wait()
        task_group.cancel_scope.cancel()

    assert cancelled == 4
    assert paginator.next_offset == 10


@pytest.mark.anyio
async def test_async_a_failure_cancels_the_fetches_after_it() -> None:
    never = anyio.Event()
    cancelled: list[int] = []

    async def fetch_page(offset: int, limit: int) -> Page[int]:
        if offset in (0, 10):
            return FakeServer(1000).answer(offset, limit)
        if offset == 20:
            raise FetchFailed(offset)
        try:
            await never.wait()
        except anyio.get_cancelled_exc_class():
            cancelled.append(offset)
            raise
        raise AssertionError("unreachable")

    paginator = AsyncPaginator(fetch_page, page_size=10, concurrency=4)
    records: list[int] = []

    async def consume() -> None:
        async for record in paginator:
            records.append(record)

    with pytest.raises(FetchFailed):
        await consume()

    assert records == list(range(20))
    assert sorted(cancelled) == [30, 40]
    assert paginator.next_offset == 20


@pytest.mark.anyio
async def test_async_await_and_to_list_agree() -> None:
    first = await AsyncPaginator(async_fetch(FakeServer(42)), page_size=5)
    second = await AsyncPaginator(async_fetch(FakeServer(42)), page_size=5).to_list()

    assert first == second == list(range(42))


# --------------------------------------------------------------------------------------------
# SyncPaginator: worker threads


def paginator_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("timeback-paginator")]


def test_sync_fetches_ahead_while_the_consumer_works() -> None:
    server = FakeServer(60)
    third_page_started = threading.Event()

    def fetch_page(offset: int, limit: int) -> Page[int]:
        if offset == 20:
            third_page_started.set()
        return server.answer(offset, limit)

    for record in SyncPaginator(fetch_page, page_size=10, concurrency=2):
        if record == 10:
            # Still on the second page: the third is being fetched already.
            assert third_page_started.wait(timeout=10)
            break


def test_sync_keeps_at_most_concurrency_requests_in_flight() -> None:
    lock = threading.Lock()
    in_flight = highest = 0
    barrier = threading.Barrier(3)

    def fetch_page(offset: int, limit: int) -> Page[int]:
        nonlocal in_flight, highest
        with lock:
            in_flight += 1
            highest = max(highest, in_flight)
        if offset:
            barrier.wait(timeout=10)  # passes only with three requests in flight at once
        with lock:
            in_flight -= 1
        return FakeServer(70).answer(offset, limit)

    records = SyncPaginator(fetch_page, page_size=10, concurrency=3).to_list()

    assert records == list(range(70))
    assert highest == 3


def test_sync_break_stops_the_worker_threads() -> None:
    server = FakeServer(1000)

    for record in SyncPaginator(server.answer, page_size=10, concurrency=4):
        if record == 10:
            break
    calls_after_break = len(server.calls)

    assert paginator_threads() == []
    assert calls_after_break <= 1 + 4 + 1
    assert len(server.calls) == calls_after_break


def test_sync_fetches_ahead_with_the_callers_context_variables() -> None:
    tenant: contextvars.ContextVar[str] = contextvars.ContextVar("tenant", default="none")
    seen: set[str] = set()
    threads: set[str] = set()
    server = FakeServer(50)

    def fetch_page(offset: int, limit: int) -> Page[int]:
        seen.add(tenant.get())
        threads.add(threading.current_thread().name)
        return server.answer(offset, limit)

    tenant.set("district-7")
    records = SyncPaginator(fetch_page, page_size=10, concurrency=3).to_list()

    assert records == list(range(50))
    assert seen == {"district-7"}
    assert any(name.startswith("timeback-paginator") for name in threads)


def test_sync_concurrency_one_uses_no_thread() -> None:
    threads: set[str] = set()
    server = FakeServer(50)

    def fetch_page(offset: int, limit: int) -> Page[int]:
        threads.add(threading.current_thread().name)
        return server.answer(offset, limit)

    SyncPaginator(fetch_page, page_size=10, concurrency=1).to_list()

    assert threads == {threading.current_thread().name}


def test_sync_a_failure_fetched_ahead_surfaces_in_order_and_leaves_no_thread_running() -> None:
    server = FakeServer(100, fail_once_at={30})
    paginator = SyncPaginator(server.answer, page_size=10, concurrency=4)
    records: list[int] = []

    with pytest.raises(FetchFailed):
        records.extend(paginator)

    assert records == list(range(30))
    assert paginator_threads() == []
    assert paginator.next_offset == 30
    assert list(paginator) == list(range(30, 100))
