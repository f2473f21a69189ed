# This file is generated from tests/security/_async/test_hostile_responses.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Oversized, deeply nested and mistyped responses end in clear, typed errors.

The emulator cannot produce these bodies, so a canned transport (``httpx.MockTransport``, which
serves both clients) answers them: each ends in `APIResponseValidationError` (a 2xx whose body is
not what was documented) or the status error, always also a `OneRosterError`, never a raw
``RecursionError``, ``JSONDecodeError`` or pydantic error.
"""

from __future__ import annotations

from collections.abc import Iterator, Callable

import httpx
import pytest

from timeback_common import APIResponseValidationError, InternalServerError, TimebackError
from timeback_oneroster import SyncOneRosterClient, OneRosterError

JSON = {"content-type": "application/json"}
DEPTH = 100_000

BODIES: dict[str, Callable[[], httpx.Response]] = {
    "deeply-nested": lambda: httpx.Response(
        200, content=b'{"user":' + b"[" * DEPTH + b"]" * DEPTH + b"}", headers=JSON
    ),
    "deeply-nested-objects": lambda: httpx.Response(
        200, content=b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, headers=JSON
    ),
    "html-as-200": lambda: httpx.Response(
        200, text="<html><body>Sign in</body></html>", headers={"content-type": "text/html"}
    ),
    "plain-text-as-200": lambda: httpx.Response(
        200, text="OK", headers={"content-type": "text/plain"}
    ),
    "binary-as-200": lambda: httpx.Response(
        200, content=bytes(range(256)) * 64, headers={"content-type": "application/octet-stream"}
    ),
    "oversized-garbage": lambda: httpx.Response(
        200, content=b"{" * (16 * 1024 * 1024), headers=JSON
    ),
    "json-array-not-object": lambda: httpx.Response(200, content=b"[1, 2, 3]", headers=JSON),
    "wrong-member-type": lambda: httpx.Response(200, json={"user": "not-an-object"}),
    "invalid-utf8": lambda: httpx.Response(200, content=b'{"user": "\xff\xfe"}', headers=JSON),
}


def handler_for(body: Callable[[], httpx.Response]) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 3600}
            )
        return body()

    return handle


@pytest.fixture
def connect() -> Iterator[Callable[[httpx.MockTransport], SyncOneRosterClient]]:
    made: list[SyncOneRosterClient] = []

    def build(transport: httpx.MockTransport) -> SyncOneRosterClient:
        client = SyncOneRosterClient(
            base_url="https://canned.example",
            auth_url="https://canned.example/oauth2/token",
            client_id="canned",
            client_secret="canned-secret",
            transport=transport,
            max_retries=0,
        )
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


@pytest.mark.parametrize("kind", list(BODIES))
def test_a_hostile_2xx_body_ends_in_a_response_validation_error(
    kind: str, connect: Callable[[httpx.MockTransport], SyncOneRosterClient]
) -> None:
    client = connect(httpx.MockTransport(handler_for(BODIES[kind])))

    with pytest.raises(TimebackError) as caught:
        client.users.get("u1")

    error = caught.value
    assert isinstance(error, APIResponseValidationError), repr(error)
    assert isinstance(error, OneRosterError)
    assert error.request_id
    assert len(str(error)) < 2_000  # a clear message, not the body


@pytest.mark.parametrize("kind", ["deeply-nested", "oversized-garbage", "binary-as-200"])
def test_a_hostile_error_body_still_ends_in_the_status_error(
    kind: str, connect: Callable[[httpx.MockTransport], SyncOneRosterClient]
) -> None:
    def as_500() -> httpx.Response:
        canned = BODIES[kind]()
        return httpx.Response(500, content=canned.content, headers=canned.headers)

    client = connect(httpx.MockTransport(handler_for(as_500)))

    with pytest.raises(InternalServerError) as caught:
        client.users.get("u1")

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.status_code == 500
    assert len(str(caught.value)) < 2_000


def test_a_list_page_longer_than_asked_neither_loses_nor_repeats_records(
    connect: Callable[[httpx.MockTransport], SyncOneRosterClient],
) -> None:
    # A server answering 5 records to limit=2 must not make the client skip or repeat any.
    records = [{"sourcedId": f"u{i}", "status": "active"} for i in range(5)]

    def page(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        return httpx.Response(200, json={"users": records[offset:]})

    client = connect(httpx.MockTransport(_with_token(page)))

    users = client.users.list(limit=2).to_list()

    assert [user.sourced_id for user in users] == [r["sourcedId"] for r in records]


def _with_token(
    handle: Callable[[httpx.Request], httpx.Response],
) -> Callable[[httpx.Request], httpx.Response]:
    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 3600}
            )
        return handle(request)

    return serve
