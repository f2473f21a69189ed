"""The emulator refuses wrong credentials, expired and forged tokens (wire contract 2.3, 2.7).

Plain ``httpx`` over real HTTP, so that nothing of the SDK stands between the request and the
answer: a wrong or unknown credential gets ``401 invalid_client``; a missing, malformed,
forged, expired or revoked bearer gets ``401`` with an imsx body and
``WWW-Authenticate: Bearer error="invalid_token"``, on every service.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from timeback_emulator import EmulatorServer

ROUTES = [
    "/ims/oneroster/rostering/v1p2/users",
    "/edubridge/enrollments/facets",
    "/caliper/events",
]


@pytest.fixture
def http(timeback_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=timeback_emulator.base_url, timeout=10) as client:
        yield client


def token(http: httpx.Client, emulator: EmulatorServer) -> str:
    response = http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(emulator.client_id, emulator.client_secret),
    )
    assert response.status_code == 200
    value: str = response.json()["access_token"]
    return value


def assert_invalid_token(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert response.json()["imsx_codeMajor"] == "failure"


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [
        ("emulator-client", "wrong-secret"),
        ("unknown-client", "emulator-secret"),
        ("emulator-client", ""),
        ("emulator-client", "emulator-secret "),
        ("EMULATOR-CLIENT", "emulator-secret"),
    ],
)
def test_wrong_credentials_get_invalid_client_by_basic_and_by_form(
    http: httpx.Client, client_id: str, secret: str
) -> None:
    basic = http.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    form = http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    for response in (basic, form):
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_client"
        assert "access_token" not in response.json()


def test_basic_and_form_credentials_that_disagree_are_refused(
    http: httpx.Client, timeback_emulator: EmulatorServer
) -> None:
    response = http.post(
        "/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": timeback_emulator.client_id,
            "client_secret": "something-else",
        },
        auth=(timeback_emulator.client_id, timeback_emulator.client_secret),
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer two tokens",
        "Basic " + base64.b64encode(b"emulator-client:emulator-secret").decode(),
        "Bearer forged-token",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
    ],
    ids=["missing", "empty", "no-token", "two-tokens", "basic-credentials", "random", "alg-none"],
)
def test_a_missing_malformed_or_forged_bearer_is_refused(
    http: httpx.Client, route: str, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    assert_invalid_token(http.get(route, headers=headers))


@pytest.mark.parametrize("route", ROUTES)
def test_a_tampered_token_is_refused(
    http: httpx.Client, timeback_emulator: EmulatorServer, route: str
) -> None:
    real = token(http, timeback_emulator)
    tampered = real[:-1] + ("A" if real[-1] != "A" else "B")
    assert http.get(route, headers={"Authorization": f"Bearer {real}"}).status_code != 401
    assert_invalid_token(http.get(route, headers={"Authorization": f"Bearer {tampered}"}))


@pytest.mark.parametrize("route", ROUTES)
def test_a_revoked_token_is_refused(
    http: httpx.Client, timeback_emulator: EmulatorServer, route: str
) -> None:
    real = token(http, timeback_emulator)
    timeback_emulator.expire_tokens()
    assert_invalid_token(http.get(route, headers={"Authorization": f"Bearer {real}"}))


@pytest.mark.timeback_emulator(token_ttl=1)
def test_an_expired_token_is_refused(http: httpx.Client, timeback_emulator: EmulatorServer) -> None:
    import time

    real = token(http, timeback_emulator)
    deadline = time.monotonic() + 10
    while True:  # wait for the 1 s lifetime to pass (bounded; not a timed assertion)
        response = http.get(ROUTES[0], headers={"Authorization": f"Bearer {real}"})
        if response.status_code == 401 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert_invalid_token(response)


def test_a_token_of_another_emulator_is_refused(
    http: httpx.Client, timeback_emulator: EmulatorServer
) -> None:
    with EmulatorServer(seed=None) as other, httpx.Client(base_url=other.base_url) as other_http:
        foreign = token(other_http, other)
    assert_invalid_token(http.get(ROUTES[0], headers={"Authorization": f"Bearer {foreign}"}))
