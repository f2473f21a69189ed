"""Every page of a list carries the response it came from: status, headers, request id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from timeback_common import APIResponse, Page
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator


def _query(response: APIResponse) -> dict[str, list[str]]:
    return parse_qs(urlsplit(response.url).query)


def _assert_answered(page: Page[Any]) -> APIResponse:
    """The page has the 200 answer of a request sent for its own offset."""
    response = page.response
    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert response.method == "GET"
    assert response.headers["content-type"].startswith("application/json")
    assert len(response.request_id) > 8
    return response


@pytest.mark.anyio
async def test_each_page_has_the_headers_and_request_id_of_its_own_request(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    # given a roster of more than four pages of 7 users
    client = connect(make_emulator(seed="tiny"))
    total = len(await client.oneroster.users.list().to_list())
    assert total > 4 * 7

    # when it is read page by page, with pages fetched ahead four at a time
    pages = [page async for page in client.oneroster.users.list(limit=7, concurrency=4).pages()]

    # then every page has the answer to the request sent for it: its offset, its total header
    assert sum(len(page) for page in pages) == total
    request_ids = set()
    for page in pages:
        response = _assert_answered(page)
        assert _query(response)["offset"] == [str(page.offset)]
        assert response.headers["x-total-count"] == str(total)
        request_ids.add(response.request_id)
    assert len(request_ids) == len(pages)  # one request each, never a shared answer


@pytest.mark.anyio
async def test_first_page_and_the_pages_after_it_keep_their_response(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    client = connect(make_emulator(seed="tiny"))
    paginator = client.oneroster.users.list(limit=5, max_items=12)

    first = await paginator.first_page()
    assert _query(_assert_answered(first))["offset"] == ["0"]

    # the page kept by first_page() comes again from pages() with the same response, and the
    # last page (cut to max_items) keeps the response of the request it came from
    pages = [page async for page in paginator.pages()]
    assert pages[0].response is first.response
    assert [len(page) for page in pages] == [5, 5, 2]
    assert _query(_assert_answered(pages[-1]))["offset"] == ["10"]

    # a finished paginator's empty page still shows the last answer
    end = await paginator.first_page()
    assert end.items == []
    assert end.response is pages[-1].response


@pytest.mark.anyio
async def test_every_service_that_lists_through_the_paginator_gives_page_responses(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    # given a district with content, and a client for every service
    client = connect(make_emulator(seed="tiny"))

    listings = {
        "/ims/oneroster/": client.oneroster.classes.list(limit=2),
        "/edubridge/": client.edubridge.users.list("student", limit=2),
        "/assessment-items": client.qti.items.list(limit=2),
        "caliper": client.caliper.events.list(page_size=2),
        "powerpath": client.powerpath.test_assignments.list_all(page_size=2),
    }
    for endpoint, paginator in listings.items():
        # then the first page of each has its answer, from that service's endpoint
        page = await paginator.first_page()
        response = _assert_answered(page)
        assert endpoint in response.url, (endpoint, response.url)
