"""Pagination decisions (pure): the stop rule, Link and total parsing, page numbers, the walk."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_common._errors import InputValidationError
from timeback_common._paging_rules import (
    MAX_PAGE_SIZE,
    Page,
    PageNumberRequest,
    PageWalk,
    check_paging_options,
    compute_next_offset,
    compute_next_page_number,
    offset_page_from_response,
    page_from_page_number_response,
    page_number_request,
    parse_link_header,
    read_count,
    read_total,
)

# --------------------------------------------------------------------------------------------
# compute_next_offset: wire contract 4.5 and pitfalls 5-8


@pytest.mark.parametrize(
    ("offset", "limit", "received", "total", "has_next_link", "expected"),
    [
        # a total is known: more while offset + received < total
        (0, 100, 100, 250, None, 100),
        (200, 100, 50, 250, None, None),
        (0, 100, 100, 100, None, None),  # full last page: no extra empty request (pitfall 8)
        (5, 10, 10, 15, None, None),  # the caller's offset counts
        (0, 100, 60, 250, None, 60),  # short page before the end: advance by received (7)
        (300, 100, 10, 250, None, None),  # past a total that shrank
        (0, 100, 100, 1000, False, 100),  # the total beats the Link header
        (0, 100, 100, 100, True, None),
        # no total, a Link header: rel="next" means more, its absence means the end
        (0, 100, 50, None, True, 50),
        (0, 100, 100, None, False, None),
        # neither: a short page is the last one
        (0, 100, 100, None, None, 100),
        (0, 100, 99, None, None, None),
        (40, 10, 25, None, None, 65),  # a server ignoring limit: still + received
        # an empty page always ends the walk
        (0, 100, 0, None, None, None),
        (0, 100, 0, 250, True, None),
    ],
)
def test_compute_next_offset_follows_the_stop_rule(
    offset: int,
    limit: int,
    received: int,
    total: int | None,
    has_next_link: bool | None,
    expected: int | None,
) -> None:
    assert (
        compute_next_offset(
            offset=offset,
            limit=limit,
            received=received,
            total=total,
            has_next_link=has_next_link,
        )
        == expected
    )


@given(
    offset=st.integers(0, 10_000),
    limit=st.integers(1, MAX_PAGE_SIZE),
    received=st.integers(0, MAX_PAGE_SIZE),
    total=st.none() | st.integers(0, 20_000),
    has_next_link=st.none() | st.booleans(),
)
def test_compute_next_offset_only_ever_advances_by_records_received(
    offset: int, limit: int, received: int, total: int | None, has_next_link: bool | None
) -> None:
    result = compute_next_offset(
        offset=offset, limit=limit, received=received, total=total, has_next_link=has_next_link
    )
    assert result is None or result == offset + received > offset
    if total is not None and result is not None:
        assert result < total


# --------------------------------------------------------------------------------------------
# parse_link_header (RFC 8288)

ONEROSTER_LINK = (
    '<https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=0>; rel="first", '
    '<https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=0>; rel="prev", '
    '<https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=4>; rel="next", '
    '<https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=8>; rel="last"'
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            ONEROSTER_LINK,
            {
                "first": "https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=0",
                "prev": "https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=0",
                "next": "https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=4",
                "last": "https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=8",
            },
        ),
        ('<https://h/a>; rel="prev first"', {"prev": "https://h/a", "first": "https://h/a"}),
        ("<https://h/a>; rel=next", {"next": "https://h/a"}),
        ('<https://h/a>; REL="Next"', {"next": "https://h/a"}),
        ("  <https://h/a> ;  rel = next  ", {"next": "https://h/a"}),
        (
            '<https://h/u?fields=a,b&offset=2>; rel="next"',
            {"next": "https://h/u?fields=a,b&offset=2"},
        ),
        (
            '<https://h/1>; title="a, b; c"; rel="next", <https://h/2>; rel="last"',
            {"next": "https://h/1", "last": "https://h/2"},
        ),
        ('<https://h/1>; title="say \\"hi\\", ok"; rel=next', {"next": "https://h/1"}),
        ('<https://h/1>; rel="next", <https://h/2>; rel="next"', {"next": "https://h/1"}),
        (
            '<https://h/1>; rel="next" <https://h/2>; rel="last"',
            {"next": "https://h/1", "last": "https://h/2"},
        ),
        ('<https://h/1>; rel="next"; rel="last"', {"next": "https://h/1"}),
        ("<https://h/1>", {}),
        ("<https://h/1>; rel", {}),
        ('<>; rel="next"', {}),
        ("<https://h/1; rel=next", {}),
        ("nonsense", {}),
        ("", {}),
        (None, {}),
        (42, {}),
        (b'<https://h/1>; rel="next"', {}),
    ],
)
def test_parse_link_header_reads_relations_and_tolerates_garbage(
    value: object, expected: dict[str, str]
) -> None:
    assert parse_link_header(value) == expected


@given(st.text())
def test_parse_link_header_never_raises(value: str) -> None:
    links = parse_link_header(value)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in links.items())


# --------------------------------------------------------------------------------------------
# read_total / read_count


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        ({"totalCount": 250}, {}, 250),
        ({"totalCount": 0}, {}, 0),
        ({"totalCount": "250"}, {}, 250),
        ({"totalCount": " 250 "}, {}, 250),
        ({"totalCount": 250.0}, {}, 250),
        ({"totalCount": 2.5}, {}, None),
        ({"totalCount": -1}, {}, None),
        ({"totalCount": True}, {}, None),
        ({"totalCount": "12abc"}, {}, None),
        ({"totalCount": "²"}, {}, None),
        ({"totalCount": "9" * 5000}, {}, None),
        ({"totalCount": float("nan")}, {}, None),
        ({"totalCount": [3]}, {}, None),
        ({"totalCount": 5}, {"X-Total-Count": "40"}, 5),  # the body comes first
        ({"totalCount": None}, {"X-Total-Count": "40"}, 40),
        ({"totalCount": "bad"}, {"X-Total-Count": "40"}, 40),
        ({}, {"x-total-count": "40"}, 40),  # a plain dict, other case
        ({}, httpx.Headers({"X-TOTAL-COUNT": "40"}), 40),
        ({}, {"X-Total-Count": "forty"}, None),
        ({}, {"X-Total-Count": "-3"}, None),
        ({}, None, None),
        ([1, 2], {"X-Total-Count": "2"}, 2),
        ("text", {}, None),
        (None, {}, None),
    ],
)
def test_read_total_takes_the_body_then_the_header_and_never_raises(
    body: object, headers: dict[str, str] | None, expected: int | None
) -> None:
    assert read_total(body, headers) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"events": [], "pagination": {"total": 7, "totalPages": 1, "currentPage": 1}}, 7),
        ({"pagination": {"total": "7"}}, 7),
        ({"pagination": "x"}, None),
        ({"pagination": None}, None),
        ({"totalCount": 7}, None),
        ({}, None),
    ],
)
def test_read_total_follows_a_nested_total_path(body: object, expected: int | None) -> None:
    assert read_total(body, {}, total_key=("pagination", "total")) == expected


def test_read_total_can_ignore_headers() -> None:
    assert read_total({}, {"X-Total-Count": "40"}, total_header=None) is None


@given(st.recursive(st.none() | st.booleans() | st.floats() | st.text(), st.lists, max_leaves=4))
def test_read_count_never_raises(value: object) -> None:
    result = read_count({"totalCount": value}, "totalCount")
    assert result is None or result >= 0


# --------------------------------------------------------------------------------------------
# offset_page_from_response


def test_offset_page_trusts_only_total_count_from_the_body() -> None:
    body = {"users": [], "totalCount": 250, "pageCount": 1, "pageNumber": 9, "offset": 999}

    page = offset_page_from_response(list(range(100)), offset=0, limit=100, body=body)

    assert (page.total, page.next_offset, page.has_more) == (250, 100, True)


def test_offset_page_reads_the_total_from_the_header() -> None:
    page = offset_page_from_response(
        [1, 2], offset=8, limit=2, body={"users": []}, headers={"X-Total-Count": "10"}
    )

    assert (page.total, page.next_offset) == (10, None)


def test_offset_page_follows_link_next_when_no_total_is_known() -> None:
    headers = {"Link": '<https://h/users?limit=2&offset=4>; rel="next"'}

    page = offset_page_from_response([1], offset=2, limit=2, body={}, headers=headers)

    assert page.next_offset == 3
    assert page.next_url == "https://h/users?limit=2&offset=4"


def test_offset_page_stops_at_a_link_header_without_next() -> None:
    headers = {"Link": '<https://h/users?limit=2&offset=0>; rel="first"'}

    page = offset_page_from_response([1, 2], offset=2, limit=2, body={}, headers=headers)

    assert (page.next_offset, page.next_url, page.has_more) == (None, None, False)


def test_offset_page_without_total_or_link_continues_after_a_full_page() -> None:
    page = offset_page_from_response([1, 2], offset=0, limit=2, body={})

    assert page.next_offset == 2
    assert page.total is None


def test_offset_page_reads_a_caliper_total() -> None:
    body = {"events": [], "pagination": {"total": 3, "totalPages": 2, "currentPage": 1}}

    page = offset_page_from_response(
        ["e1", "e2"], offset=0, limit=2, body=body, total_key=("pagination", "total")
    )

    assert (page.total, page.next_offset) == (3, 2)


def test_page_iterates_and_counts_its_items() -> None:
    page = Page(items=["a", "b"], offset=4, limit=2)

    assert (list(page), len(page), page.has_more) == (["a", "b"], 2, False)


# --------------------------------------------------------------------------------------------
# Page numbers (Edubridge, wire contract 5.1)


@pytest.mark.parametrize(
    ("page_number", "limit", "received", "page_count", "expected"),
    [
        (1, 100, 100, 3, 2),
        (2, 100, 100, 3, 3),
        (3, 100, 40, 3, None),
        (3, 100, 100, 3, None),  # full last page: pageCount says it is the last
        (1, 100, 50, 3, 2),  # pageCount beats a short page
        (1, 100, 100, None, 2),
        (1, 100, 99, None, None),
        (1, 100, 0, 3, None),
    ],
)
def test_compute_next_page_number_runs_while_page_number_is_below_page_count(
    page_number: int, limit: int, received: int, page_count: int | None, expected: int | None
) -> None:
    assert (
        compute_next_page_number(
            page_number=page_number, limit=limit, received=received, page_count=page_count
        )
        == expected
    )


@pytest.mark.parametrize(
    ("offset", "limit", "max_limit", "expected"),
    [
        (0, 100, 500, PageNumberRequest(page=1, limit=100, skip=0)),
        (200, 100, 500, PageNumberRequest(page=3, limit=100, skip=0)),
        (230, 30, 500, PageNumberRequest(page=7, limit=38, skip=2)),
        (7, 3, 3, PageNumberRequest(page=3, limit=3, skip=1)),  # no fitting size: partial
        (0, 900, 500, PageNumberRequest(page=1, limit=500, skip=0)),
    ],
)
def test_page_number_request_maps_an_offset_window_onto_one_page(
    offset: int, limit: int, max_limit: int, expected: PageNumberRequest
) -> None:
    assert page_number_request(offset, limit, max_limit=max_limit) == expected


@given(offset=st.integers(0, 5000), limit=st.integers(1, 100), extra=st.integers(0, 400))
def test_page_number_request_serves_a_prefix_of_the_window(
    offset: int, limit: int, extra: int
) -> None:
    max_limit = limit + extra
    request = page_number_request(offset, limit, max_limit=max_limit)
    first = (request.page - 1) * request.limit
    rows = list(range(first, first + request.limit))

    window = rows[request.skip : request.skip + limit]

    assert 1 <= request.limit <= max_limit
    assert window == list(range(offset, offset + len(window)))
    assert len(window) >= 1
    if offset % limit == 0:
        assert len(window) == limit


def test_page_from_page_number_response_cuts_the_window_and_continues() -> None:
    request = PageNumberRequest(page=7, limit=38, skip=2)
    rows = list(range(228, 266))

    page = page_from_page_number_response(
        rows, offset=230, limit=30, request=request, body={"pageCount": 10, "pageNumber": 7}
    )

    assert page.items == list(range(230, 260))
    assert (page.offset, page.next_offset) == (230, 260)


@pytest.mark.parametrize(
    ("body", "rows", "expected_next"),
    [
        ({"pageCount": 3, "pageNumber": 3}, list(range(200, 300)), None),
        ({"pageCount": 4, "pageNumber": 3}, list(range(200, 300)), 300),
        ({}, list(range(200, 300)), 300),  # full page, nothing known: more
        ({}, list(range(200, 250)), None),  # short page, nothing known: the end
        ({"totalCount": 300, "pageCount": 9}, list(range(200, 300)), None),  # total wins
        ({"pageCount": 3}, [], None),
    ],
)
def test_page_from_page_number_response_stops_by_page_count_or_total(
    body: dict[str, int], rows: list[int], expected_next: int | None
) -> None:
    request = PageNumberRequest(page=3, limit=100, skip=0)

    page = page_from_page_number_response(rows, offset=200, limit=100, request=request, body=body)

    assert page.next_offset == expected_next


# --------------------------------------------------------------------------------------------
# PageWalk


def full_page(offset: int, limit: int, total: int | None) -> Page[int]:
    end = offset + limit if total is None else min(offset + limit, total)
    items = list(range(offset, end))
    return offset_page_from_response(
        items, offset=offset, limit=limit, body={} if total is None else {"totalCount": total}
    )


def test_walk_starts_at_the_callers_offset() -> None:
    walk = PageWalk(offset=37, page_size=10)

    assert walk.next_request() == (37, 10)


def test_walk_plans_up_to_the_total_and_asks_the_last_request_only_for_what_is_left() -> None:
    walk = PageWalk(offset=5, page_size=10, max_items=27, total=100)

    assert list(walk.plan()) == [(5, 10), (15, 10), (25, 7)]


def test_walk_plans_no_request_at_or_past_the_total() -> None:
    walk = PageWalk(offset=5, page_size=10, total=30)

    assert list(walk.plan()) == [(5, 10), (15, 10), (25, 10)]


def test_walk_plans_nothing_without_a_total() -> None:
    assert list(PageWalk(offset=0, page_size=10).plan()) == []


def test_walk_accepts_a_page_and_moves_by_records_received() -> None:
    walk = PageWalk(offset=0, page_size=10)

    accepted = walk.accept((0, 10), full_page(0, 10, 95))

    assert accepted is not None
    assert (walk.offset, walk.total, walk.taken, walk.sequential) == (10, 95, 10, False)


def test_walk_rejects_a_page_that_does_not_start_where_it_stands() -> None:
    walk = PageWalk(offset=20, page_size=10)

    assert walk.accept((30, 10), full_page(30, 10, 95)) is None
    assert (walk.offset, walk.taken, walk.sequential) == (20, 0, True)


def test_walk_turns_sequential_after_a_short_page_before_the_end() -> None:
    walk = PageWalk(offset=0, page_size=10, total=95)
    short = offset_page_from_response(list(range(7)), offset=0, limit=10, body={"totalCount": 95})

    walk.accept((0, 10), short)

    assert (walk.offset, walk.sequential, walk.done) == (7, True, False)
    assert list(walk.plan()) == []
    assert walk.next_request() == (7, 10)


def test_walk_cuts_a_page_to_max_items_and_points_at_the_first_record_left_out() -> None:
    walk = PageWalk(offset=0, page_size=10, max_items=4)
    page = offset_page_from_response(list(range(10)), offset=0, limit=4, body={})

    accepted = walk.accept((0, 4), page)

    assert accepted is not None
    assert (accepted.items, accepted.next_offset) == ([0, 1, 2, 3], 4)
    assert (walk.next_request(), walk.next_offset, walk.remaining) == (None, 4, 0)


def test_walk_ends_on_an_empty_page_whatever_it_claims() -> None:
    walk = PageWalk(offset=10, page_size=10)

    walk.accept((10, 10), Page(items=[], offset=10, limit=10, next_offset=20))

    assert (walk.done, walk.next_offset, walk.next_request()) == (True, None, None)


def test_walk_ends_on_a_page_that_would_not_advance() -> None:
    walk = PageWalk(offset=10, page_size=10)

    walk.accept((10, 10), Page(items=[1], offset=10, limit=10, next_offset=10))

    assert (walk.done, walk.offset) == (True, 11)


def test_walk_ends_after_the_last_page() -> None:
    walk = PageWalk(offset=90, page_size=10)

    walk.accept((90, 10), full_page(90, 10, 95))

    assert (walk.done, walk.offset, walk.next_offset) == (True, 95, None)


# --------------------------------------------------------------------------------------------
# check_paging_options


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": MAX_PAGE_SIZE + 1}, "page_size"),
        ({"page_size": 501, "max_page_size": 500}, "page_size"),
        ({"page_size": True}, "page_size"),
        ({"page_size": "10"}, "page_size"),
        ({"offset": -1}, "offset"),
        ({"max_items": -1}, "max_items"),
        ({"concurrency": 0}, "concurrency"),
        ({"max_page_size": 0}, "max_page_size"),
    ],
)
def test_check_paging_options_rejects_out_of_range_values(
    options: dict[str, object], path: str
) -> None:
    arguments: dict[str, object] = {
        "offset": 0,
        "page_size": 100,
        "max_items": None,
        "concurrency": 4,
    }
    arguments.update(options)

    with pytest.raises(InputValidationError) as caught:
        check_paging_options(**arguments)  # type: ignore[arg-type]

    assert [issue.path for issue in caught.value.issues] == [path]


def test_check_paging_options_accepts_the_edges() -> None:
    check_paging_options(offset=0, page_size=MAX_PAGE_SIZE, max_items=0, concurrency=1)
    check_paging_options(offset=10**9, page_size=1, max_items=None, concurrency=64)
