"""Reading answers (pure): pages, creates in every accepted shape, empty bodies, exports."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from timeback_common import APIResponse, APIResponseValidationError
from timeback_oneroster import OneRosterError, User
from timeback_oneroster._errors import OneRosterError as Root
from timeback_oneroster._models import WIRE_KEYS
from timeback_oneroster._responses import (
    filename_from_content_disposition,
    read_created,
    read_created_items,
    read_export,
    read_optional_single,
    read_page,
    read_single,
    read_string_member,
)


def answer(body: Any = None, status: int = 200, **headers: str) -> APIResponse:
    if isinstance(body, bytes):
        response = httpx.Response(status, content=body, headers=headers)
    elif body is None:
        response = httpx.Response(status, headers=headers)
    else:
        response = httpx.Response(status, json=body, headers=headers)
    return APIResponse(
        response, method="GET", url="https://x/users", request_id="rid-1", service_error=Root
    )


def test_a_page_reads_records_and_total() -> None:
    page = read_page(
        answer({"users": [{"sourcedId": "u1"}], "totalCount": 5}),
        WIRE_KEYS["users"],
        User,
        offset=2,
        limit=1,
    )

    assert [u.sourced_id for u in page] == ["u1"]
    assert (page.total, page.next_offset) == (5, 3)


def test_an_empty_list_body_is_an_empty_last_page() -> None:
    page = read_page(answer(), WIRE_KEYS["users"], User, offset=0, limit=10)

    assert (page.items, page.next_offset) == ([], None)


def test_a_list_alternative_key_is_accepted() -> None:
    body = {"users": [{"sourcedId": "u1"}]}

    page = read_page(answer(body), WIRE_KEYS["classStudents"], User, offset=0, limit=10)

    assert [u.sourced_id for u in page] == ["u1"]


def test_a_bad_record_is_a_validation_error_with_the_request_id() -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        read_single(answer({"user": {"roles": "teacher"}}), WIRE_KEYS["users"], User)

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.request_id == "rid-1"
    assert caught.value.issues[0].path == "roles"


def test_an_update_answer_without_a_record_reads_as_none() -> None:
    assert read_optional_single(answer(), WIRE_KEYS["users"], User) is None
    assert read_optional_single(answer({"ok": True}), WIRE_KEYS["users"], User) is None
    record = read_optional_single(answer({"user": {"sourcedId": "u"}}), WIRE_KEYS["users"], User)
    assert record is not None
    assert record.sourced_id == "u"


@pytest.mark.parametrize(
    "body",
    [
        {"sourcedIdPairs": {"suppliedSourcedId": "a", "allocatedSourcedId": "b"}},
        {"sourcedIdPairs": [{"suppliedSourcedId": "a", "allocatedSourcedId": "b"}]},
    ],
)
def test_created_ids_as_object_or_array(body: Any) -> None:
    pair = read_created(answer(body, 201), sent_id="a")

    assert (pair.supplied_sourced_id, pair.allocated_sourced_id) == ("a", "b")


def test_created_ids_from_the_created_record() -> None:
    body = {"academicSession": {"sourcedId": "gp-9", "title": "Q1"}}

    pair = read_created(answer(body, 201), sent_id=None, keys=WIRE_KEYS["termGradingPeriods"])

    assert (pair.supplied_sourced_id, pair.allocated_sourced_id) == ("gp-9", "gp-9")


def test_an_empty_create_answer_uses_the_id_sent() -> None:
    assert read_created(answer(None, 201), sent_id="mine").allocated_sourced_id == "mine"
    with pytest.raises(APIResponseValidationError) as caught:
        read_created(answer(None, 201), sent_id=None)
    assert isinstance(caught.value, OneRosterError)


def test_array_create_ids_keep_the_order() -> None:
    body = {"sourcedIdPairs": [{"allocatedSourcedId": "x"}, {"allocatedSourcedId": "y"}]}

    pairs = read_created_items(answer(body, 201), sent_ids=[None, None])

    assert [p.allocated_sourced_id for p in pairs] == ["x", "y"]
    empty = read_created_items(answer(None, 201), sent_ids=["a", "b"])
    assert [p.allocated_sourced_id for p in empty] == ["a", "b"]
    with pytest.raises(APIResponseValidationError):
        read_created_items(answer(None, 201), sent_ids=["a", None])


def test_a_missing_password_never_shows_the_body() -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        read_string_member(answer({"pass": "s3cret"}), "password")

    assert caught.value.body is None
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ('attachment; filename="course 1.imscc"', "course 1.imscc"),
        ("attachment; filename=plain.imscc", "plain.imscc"),
        ("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.imscc", "résumé.imscc"),
        ("attachment; filename=\"fallback.zip\"; filename*=UTF-8''real.zip", "real.zip"),
        ('attachment; filename="../../etc/passwd"', "passwd"),
        ('attachment; filename="a\\"b.zip"', 'a"b.zip'),
        ('attachment; filename=".."', None),
        ("attachment", None),
        (None, None),
    ],
)
def test_file_names_from_content_disposition(header: str | None, name: str | None) -> None:
    assert filename_from_content_disposition(header) == name


def test_an_export_keeps_the_bytes_and_the_media_type() -> None:
    response = answer(
        b"PK\x03\x04zip",
        200,
        **{
            "Content-Type": "application/zip; charset=binary",
            "Content-Disposition": 'attachment; filename="r.imscc"',
        },
    )

    export = read_export(response)

    assert (export.content, export.filename, export.content_type) == (
        b"PK\x03\x04zip",
        "r.imscc",
        "application/zip",
    )
