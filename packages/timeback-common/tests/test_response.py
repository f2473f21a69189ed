"""Reading responses: status-to-error mapping for every body shape, JSON, models, envelopes."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from timeback_common import (
    APIResponse,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InputValidationError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TimebackError,
    TimebackModel,
    UnprocessableEntityError,
    build_status_error,
    extract_key,
    parse_model,
    parse_models,
    validate_input,
)

URL = "https://api.example/ims/oneroster/rostering/v1p2/users/u1"


class DemoError(TimebackError):
    """A service root, like OneRosterError."""


def respond(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    if body is None:
        content = b""
    elif isinstance(body, (bytes, str)):
        content = body.encode() if isinstance(body, str) else body
    else:
        content = json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers or {})


def error_for(
    status: int, body: Any = None, headers: dict[str, str] | None = None
) -> APIStatusError:
    return build_status_error(
        respond(status, body, headers),
        method="GET",
        url=URL,
        request_id="rid-1",
        service_error=DemoError,
    )


IMSX = {
    "imsx_codeMajor": "failure",
    "imsx_severity": "error",
    "imsx_description": "User not found.",
    "imsx_CodeMinor": {
        "imsx_codeMinorField": [
            {
                "imsx_codeMinorFieldName": "TargetEndSystem",
                "imsx_codeMinorFieldValue": "unknownobject",
            }
        ]
    },
}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
        (418, APIStatusError),
        (302, APIStatusError),
    ],
)
def test_each_status_maps_to_its_class_and_to_the_service_root(status: int, cls: type) -> None:
    error = error_for(status, IMSX)
    assert isinstance(error, cls)
    assert isinstance(error, DemoError)
    assert error.status_code == status


def test_errors_carry_method_url_request_id_and_headers() -> None:
    error = error_for(404, IMSX, {"x-request-id": "rid-1"})
    assert (error.method, error.url, error.request_id) == ("GET", URL, "rid-1")
    assert error.headers["x-request-id"] == "rid-1"
    assert "rid-1" in str(error)
    assert "HTTP 404" in str(error)


def test_the_combined_class_is_named_after_the_service() -> None:
    assert type(error_for(404)).__name__ == "DemoNotFoundError"


def test_an_imsx_body_is_parsed_into_ims_fields() -> None:
    error = error_for(404, IMSX)
    assert error.message == "User not found."
    assert error.ims is not None
    assert error.ims.code_major == "failure"
    assert error.code_minor == ("unknownobject",)


def test_an_edubridge_errors_list_with_issues_names_every_field() -> None:
    body = {
        "errors": [
            {
                "message": "Validation failed",
                "meta": {
                    "issues": [
                        {"path": "userId", "message": "Required"},
                        {"path": ["role", 0], "message": "Invalid"},
                    ]
                },
            }
        ]
    }
    error = error_for(422, body)
    assert isinstance(error, UnprocessableEntityError)
    assert error.message == "Validation failed - userId: Required - ['role', 0]: Invalid"
    assert [(i.path, i.message) for i in error.issues] == [
        ("userId", "Required"),
        ("role.0", "Invalid"),
    ]


def test_a_caliper_error_body_gives_its_message_and_errors() -> None:
    body = {"status": "error", "message": "Invalid envelope", "errors": ["sensor is required"]}
    error = error_for(400, body)
    assert error.message == "Invalid envelope"
    assert [i.message for i in error.issues] == ["sensor is required"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "Enrollment not found"}, "Enrollment not found"),
        ({"error": "invalid_request"}, "invalid_request"),
        ({"detail": "something"}, '{"detail": "something"}'),
        ([1, 2], "[1, 2]"),
    ],
)
def test_plain_json_bodies_give_their_message(body: Any, message: str) -> None:
    assert error_for(400, body).message == message


def test_a_502_with_an_html_page_is_a_server_error_with_the_page_as_body() -> None:
    html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    error = error_for(502, html, {"content-type": "text/html"})
    assert isinstance(error, InternalServerError)
    assert error.body == html
    assert error.message.startswith("<html>")


def test_an_empty_error_body_gives_the_status_as_message() -> None:
    error = error_for(503)
    assert error.body is None
    assert error.message == "HTTP 503"


def test_a_plain_text_body_is_kept_as_text() -> None:
    error = error_for(500, "upstream exploded")
    assert error.body == "upstream exploded"
    assert error.message == "upstream exploded"


def test_a_long_text_body_is_cut_in_the_message_only() -> None:
    text = "x" * 2000
    error = error_for(500, text)
    assert len(error.message) == 500
    assert error.body == text


def test_malformed_json_in_an_error_body_is_kept_as_text() -> None:
    error = error_for(400, '{"message": ')
    assert isinstance(error, BadRequestError)
    assert error.body == '{"message": '


def test_a_rate_limit_error_carries_retry_after_in_seconds() -> None:
    error = error_for(429, IMSX, {"retry-after": "7"})
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7.0


def test_a_rate_limit_error_without_retry_after_has_none() -> None:
    error = error_for(429)
    assert isinstance(error, RateLimitError)
    assert error.retry_after is None


def test_without_a_service_root_the_plain_class_is_used() -> None:
    error = build_status_error(respond(404), method="GET", url=URL, request_id=None)
    assert type(error) is NotFoundError


# --- APIResponse --------------------------------------------------------------------------------


def api_response(
    status: int = 200, body: Any = None, headers: dict[str, str] | None = None
) -> APIResponse:
    return APIResponse(
        respond(status, body, headers),
        method="GET",
        url=URL,
        request_id="rid-2",
        service_error=DemoError,
    )


def test_json_returns_the_parsed_body() -> None:
    response = api_response(200, {"user": {"sourcedId": "u1"}})
    assert response.json() == {"user": {"sourcedId": "u1"}}
    assert response.status_code == 200
    assert response.request_id == "rid-2"


@pytest.mark.parametrize("body", [None, "", "  \n"])
def test_json_of_an_empty_body_is_none(body: str | None) -> None:
    assert api_response(204, body).json() is None


@pytest.mark.parametrize("body", ["garbage", '{"a": ', "<html></html>", b"\xff\xfe\x00"])
def test_json_of_a_malformed_body_is_a_validation_error(body: str | bytes) -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        api_response(200, body).json()
    error = caught.value
    assert isinstance(error, DemoError)
    assert error.status_code == 200
    assert error.request_id == "rid-2"
    assert error.url == URL


def test_text_content_and_headers_are_exposed() -> None:
    response = api_response(200, "hi", {"x-total-count": "3"})
    assert response.text == "hi"
    assert response.content == b"hi"
    assert response.headers["X-Total-Count"] == "3"
    assert "200" in repr(response)


# --- models and envelopes -----------------------------------------------------------------------


class User(TimebackModel):
    sourced_id: str
    given_name: str
    enabled_user: bool = True


def test_parse_model_builds_the_model() -> None:
    user = parse_model(User, {"sourcedId": "u1", "givenName": "Ada", "extra": 1}, api_response())
    assert user.sourced_id == "u1"
    assert user.model_extra == {"extra": 1}


def test_parse_model_turns_pydantic_errors_into_a_response_validation_error() -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        parse_model(User, {"sourcedId": 5}, api_response())
    error = caught.value
    assert isinstance(error, DemoError)
    assert {issue.path for issue in error.issues} == {"sourcedId", "givenName"}
    assert error.request_id == "rid-2"
    assert error.__cause__ is None


def test_parse_model_without_a_response_still_raises_the_sdk_error() -> None:
    with pytest.raises(APIResponseValidationError):
        parse_model(User, "nope")


def test_parse_models_names_the_index_of_each_bad_item() -> None:
    items = [{"sourcedId": "u1", "givenName": "A"}, {"sourcedId": "u2"}, {"givenName": "C"}]
    with pytest.raises(APIResponseValidationError) as caught:
        parse_models(User, items, api_response())
    assert [issue.path for issue in caught.value.issues] == ["[1].givenName", "[2].sourcedId"]


class Role(TimebackModel):
    role: str


class UserWithRoles(TimebackModel):
    sourced_id: str
    roles: list[Role]


def test_issue_paths_name_the_list_and_every_index_in_one_syntax() -> None:
    items = [{"sourcedId": "u1", "roles": []}, {"sourcedId": "u2", "roles": [{"role": 5}]}]
    with pytest.raises(APIResponseValidationError) as caught:
        parse_models(UserWithRoles, items, api_response(), path="users")
    assert [issue.path for issue in caught.value.issues] == ["users[1].roles[0].role"]


def test_parse_models_builds_every_item() -> None:
    users = parse_models(User, [{"sourcedId": "u1", "givenName": "A"}], api_response())
    assert [u.sourced_id for u in users] == ["u1"]


def test_parse_models_rejects_a_non_list() -> None:
    with pytest.raises(APIResponseValidationError, match="list"):
        parse_models(User, {"users": []}, api_response())


def test_validate_input_accepts_a_model_as_is() -> None:
    user = User(sourced_id="u1", given_name="Ada")
    assert validate_input(User, user) is user


@pytest.mark.parametrize(
    "data", [{"sourcedId": "u1", "givenName": "Ada"}, {"sourced_id": "u1", "given_name": "Ada"}]
)
def test_validate_input_accepts_a_dict_by_alias_or_by_name(data: dict[str, str]) -> None:
    assert validate_input(User, data).given_name == "Ada"


def test_validate_input_names_the_bad_fields() -> None:
    with pytest.raises(InputValidationError) as caught:
        validate_input(User, {"sourcedId": "u1", "enabledUser": "maybe"}, service_error=DemoError)
    error = caught.value
    assert isinstance(error, DemoError)
    assert isinstance(error, ValueError)
    assert {issue.path for issue in error.issues} == {"givenName", "enabledUser"}


def test_validate_input_rejects_other_types() -> None:
    with pytest.raises(InputValidationError, match="User or a dict"):
        validate_input(User, ["u1"])  # type: ignore[arg-type]


def test_validate_input_works_with_plain_pydantic_models() -> None:
    class Point(BaseModel):
        x: int

    assert validate_input(Point, {"x": "3"}).x == 3


def test_extract_key_returns_the_first_present_envelope_key() -> None:
    body = {"users": [1], "user": {"a": 1}}
    assert extract_key(body, "user", "users", response=api_response()) == {"a": 1}
    assert extract_key(body, "missing", "users") == [1]


def test_extract_key_reports_a_missing_envelope_as_a_validation_error() -> None:
    with pytest.raises(APIResponseValidationError, match="'user'") as caught:
        extract_key({"other": 1}, "user", response=api_response())
    assert isinstance(caught.value, DemoError)
    assert not isinstance(caught.value, KeyError)


@pytest.mark.parametrize("body", [None, [1], "text"])
def test_extract_key_rejects_a_body_that_is_not_an_object(body: Any) -> None:
    with pytest.raises(APIResponseValidationError, match="JSON object"):
        extract_key(body, "user", response=api_response())


# --- robustness: no body shape makes error mapping itself fail ----------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "message",
                    "error",
                    "errors",
                    "imsx_description",
                    "imsx_codeMajor",
                    "imsx_CodeMinor",
                    "imsx_codeMinorField",
                    "imsx_error_details",
                    "meta",
                    "issues",
                    "path",
                    "detail",
                    "status",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(status=st.integers(min_value=300, max_value=599), body=JSON)
def test_any_json_error_body_maps_to_a_typed_error(status: int, body: Any) -> None:
    error = error_for(status, json.dumps(body))
    assert isinstance(error, APIStatusError)
    assert isinstance(error, DemoError)
    assert isinstance(error.message, str)
    assert error.message
    str(error)


@settings(max_examples=100, deadline=None)
@given(status=st.integers(min_value=400, max_value=599), raw=st.binary(max_size=200))
def test_any_bytes_as_error_body_map_to_a_typed_error(status: int, raw: bytes) -> None:
    error = error_for(status, raw)
    assert error.status_code == status
    assert isinstance(error.message, str)


@given(st.text(max_size=40))
def test_parse_retry_after_never_raises(value: str) -> None:
    from timeback_common import parse_retry_after

    result = parse_retry_after(value, now=0.0)
    assert result is None or result >= 0.0
