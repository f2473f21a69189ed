"""Building requests: path encoding, URL joining, query encoding, identifying headers."""

from __future__ import annotations

import re
import uuid
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_common import (
    ConfigurationError,
    InputValidationError,
    encode_path,
    encode_segment,
    join_url,
    new_request_id,
    user_agent,
)
from timeback_common._request import build_query, normalize_base_url

UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]")


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("abc-DEF_1.2~3", "abc-DEF_1.2~3"),
        ("a/b", "a%2Fb"),
        ("a?x=1", "a%3Fx%3D1"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("a+b", "a%2Bb"),
        ("a&b=c;d", "a%26b%3Dc%3Bd"),
        ("user:1@host", "user%3A1%40host"),
        ("a b", "a%20b"),
        ('it\'s "q"', "it%27s%20%22q%22"),
        ("é", "%C3%A9"),
        ("学生", "%E5%AD%A6%E7%94%9F"),
        ("..a", "..a"),
        ("%2F", "%252F"),
    ],
)
def test_segments_keep_only_unreserved_characters_literal(value: str, encoded: str) -> None:
    assert encode_segment(value) == encoded


@given(
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
    ).filter(lambda s: s not in (".", ".."))
)
def test_encoding_round_trips_and_leaves_no_reserved_character(value: str) -> None:
    encoded = encode_segment(value)
    assert unquote(encoded, errors="strict") == value
    # Only unreserved characters and well-formed %XX escapes remain.
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*", encoded)


@pytest.mark.parametrize("value", ["usr\x00", "\x00", "usr\udcff", "\ud800x"])
def test_identifiers_with_nul_or_an_unpaired_surrogate_are_rejected(value: str) -> None:
    with pytest.raises(InputValidationError, match=r"NUL|surrogate"):
        encode_segment(value)


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_empty_and_dot_identifiers_are_rejected(value: str) -> None:
    with pytest.raises(InputValidationError):
        encode_segment(value)


def test_non_string_identifiers_are_rejected() -> None:
    with pytest.raises(InputValidationError, match="string"):
        encode_segment(42)  # type: ignore[arg-type]


def test_encode_path_fills_each_placeholder_with_one_segment() -> None:
    path = encode_path("/ims/oneroster/rostering/v1p2/classes/{}/students/{}", "c/1", "s 2")
    assert path == "/ims/oneroster/rostering/v1p2/classes/c%2F1/students/s%202"


def test_encode_path_without_placeholders_returns_the_template() -> None:
    assert (
        encode_path("/ims/oneroster/rostering/v1p2/users/")
        == "/ims/oneroster/rostering/v1p2/users/"
    )


@pytest.mark.parametrize(
    ("template", "segments"), [("/a/{}", ()), ("/a/{}", ("x", "y")), ("/a", ("x",))]
)
def test_encode_path_rejects_a_segment_count_mismatch(
    template: str, segments: tuple[str, ...]
) -> None:
    with pytest.raises(InputValidationError, match="segment"):
        encode_path(template, *segments)


def test_encode_path_names_the_empty_identifier() -> None:
    with pytest.raises(InputValidationError, match="empty") as caught:
        encode_path("/users/{}", "")
    assert caught.value.issues


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/users",
        "http://api.example/x",
        "HTTPS://evil.example",
        "//evil.example/users",
        "\\\\evil.example/users",
        "javascript:alert(1)",
        "mailto:a@b",
        "/users/../admin",
        "../users",
        "/users/./x",
        "/users/..",
        "/users?x=1",
        "/users#frag",
    ],
)
def test_absolute_urls_traversal_query_and_fragment_are_rejected(path: str) -> None:
    with pytest.raises(InputValidationError):
        join_url("https://api.example", path)
    with pytest.raises(InputValidationError):
        encode_path(path)


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("https://api.example", "/users", "https://api.example/users"),
        ("https://api.example", "users", "https://api.example/users"),
        ("https://api.example/prefix", "/users/", "https://api.example/prefix/users/"),
        ("https://api.example", "", "https://api.example"),
        ("https://api.example", "/v1.2/users", "https://api.example/v1.2/users"),
    ],
)
def test_join_url_appends_the_path_to_the_base(base: str, path: str, url: str) -> None:
    assert join_url(base, path) == url


@pytest.mark.parametrize(
    ("base", "normalized"),
    [
        ("https://api.example/", "https://api.example"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://api.example/prefix/", "https://api.example/prefix"),
    ],
)
def test_base_urls_lose_their_trailing_slash(base: str, normalized: str) -> None:
    assert normalize_base_url(base) == normalized


@pytest.mark.parametrize(
    "base",
    [
        "",
        "api.example",
        "ftp://api.example",
        "https://user:secret@api.example",
        "https://api.example/?q=1",
        "https://api.example/#x",
        "https://",
    ],
)
def test_unusable_base_urls_are_configuration_errors(base: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        normalize_base_url(base)
    assert "secret" not in str(caught.value)


def test_build_query_drops_none_and_lets_extra_query_win() -> None:
    merged = build_query({"limit": 10, "filter": None, "sort": "a"}, {"sort": "b", "x": "1"})
    assert merged == {"limit": 10, "sort": "b", "x": "1"}


def test_build_query_returns_none_when_nothing_is_left() -> None:
    assert build_query(None) is None
    assert build_query({"a": None}) is None


@pytest.mark.parametrize(
    ("params", "query"),
    [
        ({"search": "a+b"}, "search=a%2Bb"),
        ({"filter": "name='O''Brien' AND x>=1"}, "filter=name%3D%27O%27%27Brien%27+AND+x%3E%3D1"),
        ({"q": "a&b=c#d"}, "q=a%26b%3Dc%23d"),
        ({"q": "100%"}, "q=100%25"),
        ({"roles": ["student", "teacher"]}, "roles=student&roles=teacher"),
        ({"flag": True}, "flag=true"),
        ({"name": "é"}, "name=%C3%A9"),
    ],
)
def test_httpx_encodes_query_values_as_the_wire_contract_asks(
    params: dict[str, object], query: str
) -> None:
    # The client leaves query encoding to httpx; this pins the behaviour it relies on
    # (wire contract 3.5: a literal "+" goes out as %2B, everything reserved is escaped).
    request = httpx.Request("GET", "https://api.example/x", params=build_query(params))
    assert request.url.query.decode("ascii") == query


def test_user_agent_identifies_sdk_service_http_library_and_python() -> None:
    agent = user_agent("oneroster", "1.2.3")
    assert re.fullmatch(
        r"timeback-python/\S+ oneroster/1\.2\.3 httpx/\S+ python/\d+\.\d+\.\d+\S*", agent
    )


def test_user_agent_without_a_service_version() -> None:
    assert " caliper httpx/" in user_agent("caliper")


def test_request_ids_are_full_uuid4s() -> None:
    first, second = new_request_id(), new_request_id()
    assert uuid.UUID(first).version == 4
    assert len(first) == 36
    assert first != second
