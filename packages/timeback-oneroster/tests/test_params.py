"""`build_list_request` and `fields_value`: list parameters checked and split, no I/O."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import InputValidationError
from timeback_oneroster import F
from timeback_oneroster._params import (
    MAX_PAGE_SIZE,
    build_list_request,
    fields_value,
)


def test_nothing_given_means_the_platform_defaults() -> None:
    request = build_list_request({})

    assert request.query == {}
    assert (request.offset, request.page_size, request.max_items) == (0, None, None)
    assert request.concurrency is None
    assert request.options == {}


def test_none_values_mean_not_given() -> None:
    request = build_list_request(dict.fromkeys(("filter", "sort", "fields", "limit", "offset")))

    assert request.query == {}
    assert (request.offset, request.page_size) == (0, None)


def test_query_members_use_the_wire_names() -> None:
    request = build_list_request(
        {
            "filter": F("status") == "active",
            "sort": " familyName ",
            "order_by": "DESC",
            "fields": ["givenName", "familyName"],
            "search": "ada",
        }
    )

    assert request.query == {
        "filter": "status='active'",
        "sort": "familyName",
        "orderBy": "desc",
        "fields": "givenName,familyName",
        "search": "ada",
    }


def test_paging_numbers_and_request_options_are_split_off() -> None:
    request = build_list_request(
        {"offset": 10, "limit": 50, "max_items": 70, "concurrency": 2, "timeout": 5.0}
    )

    assert (request.offset, request.page_size, request.max_items) == (10, 50, 70)
    assert request.concurrency == 2
    assert request.options == {"timeout": 5.0}


def test_limit_is_capped_at_3000() -> None:
    assert build_list_request({"limit": 10_000}).page_size == MAX_PAGE_SIZE


def test_strict_filters_enforce_the_learnwith_limits() -> None:
    three = {"a": "1", "b": "2", "c": "3"}

    assert build_list_request({"filter": three}).query["filter"] == "a='1' AND b='2' AND c='3'"
    with pytest.raises(InputValidationError):
        build_list_request({"filter": three}, strict_filters=True)


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"limt": 5}, "limt"),
        ({"order_by": "up"}, "order_by"),
        ({"sort": ""}, "sort"),
        ({"sort": 3}, "sort"),
        ({"search": 3}, "search"),
        ({"limit": "5"}, "limit"),
        ({"offset": True}, "offset"),
        ({"fields": 3}, "fields"),
        ({"fields": ["a,b"]}, "fields[0]"),
        ({"fields": ["a", ""]}, "fields[1]"),
    ],
)
def test_bad_parameters_name_themselves(params: dict[str, Any], path: str) -> None:
    with pytest.raises(InputValidationError) as caught:
        build_list_request(params)

    assert caught.value.issues[0].path == path


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (None, None),
        ("", None),
        ([], None),
        ("a, b ,,c", "a,b,c"),
        (("a", "b"), "a,b"),
    ],
)
def test_fields_value(fields: Any, expected: str | None) -> None:
    assert fields_value(fields) == expected
