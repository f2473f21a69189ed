"""Token endpoint (§2.1-2.3) and bearer checks (§2.7)."""

from __future__ import annotations

import base64
from urllib.parse import quote_plus

import httpx
import pytest

from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PROTECTED = "/edubridge/subject-track/"


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


@pytest.mark.parametrize("path", ["/oauth2/token", "/auth/1.0/token"])
async def test_basic_credentials_get_a_bearer_token(
    anon: httpx.AsyncClient, emu: InProcessEmulator, path: str
) -> None:
    response = await anon.post(
        path, data={"grant_type": "client_credentials"}, auth=(emu.client_id, emu.client_secret)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert isinstance(body["access_token"], str)
    assert len(body["access_token"]) >= 32
    assert response.headers["cache-control"] == "no-store"


async def test_form_credentials_get_a_token(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    response = await anon.post(
        "/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": emu.client_id,
            "client_secret": emu.client_secret,
        },
    )
    assert response.status_code == 200


async def test_tokens_are_random(anon: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    tokens = set()
    for _ in range(3):
        response = await anon.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(emu.client_id, emu.client_secret),
        )
        tokens.add(response.json()["access_token"])
    assert len(tokens) == 3


@pytest.mark.timeback_emulator(client_id="id with space", client_secret="s&c:ret+")
async def test_basic_accepts_raw_and_form_encoded_credentials(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    raw = await anon.post(
        "/oauth2/token",
        content="grant_type=client_credentials",
        headers={**FORM, **basic("id with space", "s&c:ret+")},
    )
    encoded = await anon.post(
        "/oauth2/token",
        content="grant_type=client_credentials",
        headers={**FORM, **basic(quote_plus("id with space"), quote_plus("s&c:ret+"))},
    )
    assert raw.status_code == 200
    assert encoded.status_code == 200


async def test_scope_is_accepted_and_echoed(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    scope = "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write"
    response = await anon.post(
        "/auth/1.0/token",
        data={"grant_type": "client_credentials", "scope": scope},
        auth=(emu.client_id, emu.client_secret),
    )
    assert response.status_code == 200
    assert response.json()["scope"] == scope


@pytest.mark.timeback_emulator(allowed_scopes=frozenset({"a"}))
async def test_restricted_scopes_reject_others(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    response = await anon.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "scope": "a b"},
        auth=(emu.client_id, emu.client_secret),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


@pytest.mark.timeback_emulator(token_ttl=17)
async def test_expires_in_follows_the_configured_ttl(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    response = await anon.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(emu.client_id, emu.client_secret),
    )
    assert response.json()["expires_in"] == 17


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        pytest.param({}, "grant_type=client_credentials", id="no-credentials"),
        pytest.param(
            basic("emulator-client", "wrong"), "grant_type=client_credentials", id="wrong-secret"
        ),
        pytest.param(
            basic("someone", "emulator-secret"), "grant_type=client_credentials", id="unknown-id"
        ),
        pytest.param(
            {"Authorization": "Basic !!notbase64"}, "grant_type=client_credentials", id="malformed"
        ),
        pytest.param(
            {},
            "grant_type=client_credentials&client_id=emulator-client&client_secret=nope",
            id="wrong-form-secret",
        ),
        pytest.param(
            basic("emulator-client", "emulator-secret"),
            "grant_type=client_credentials&client_id=other&client_secret=emulator-secret",
            id="basic-and-form-disagree",
        ),
    ],
)
async def test_bad_credentials_are_invalid_client(
    anon: httpx.AsyncClient, headers: dict[str, str], body: str
) -> None:
    response = await anon.post("/oauth2/token", content=body, headers={**FORM, **headers})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_basic_and_form_that_agree_are_accepted(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    response = await anon.post(
        "/oauth2/token",
        content=f"grant_type=client_credentials&client_id={emu.client_id}&client_secret={emu.client_secret}",
        headers={**FORM, **basic(emu.client_id, emu.client_secret)},
    )
    assert response.status_code == 200


async def test_other_grant_is_unsupported(anon: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    response = await anon.post(
        "/oauth2/token", data={"grant_type": "password"}, auth=(emu.client_id, emu.client_secret)
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        pytest.param('{"grant_type": "client_credentials"}', "application/json", id="json-body"),
        pytest.param("scope=x", "application/x-www-form-urlencoded", id="missing-grant"),
    ],
)
async def test_malformed_token_request_is_invalid_request(
    anon: httpx.AsyncClient, emu: InProcessEmulator, content: str, content_type: str
) -> None:
    response = await anon.post(
        "/oauth2/token",
        content=content,
        headers={"Content-Type": content_type, **basic(emu.client_id, emu.client_secret)},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_missing_bearer_is_401_with_ims_body(anon: httpx.AsyncClient) -> None:
    response = await anon.get(PROTECTED)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    body = response.json()
    assert body["imsx_codeMajor"] == "failure"
    minor = body["imsx_CodeMinor"]["imsx_codeMinorField"][0]
    assert minor["imsx_codeMinorFieldValue"] == "unauthorisedrequest"


async def test_wrong_bearer_is_401(anon: httpx.AsyncClient) -> None:
    response = await anon.get(PROTECTED, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


async def test_valid_bearer_passes(api: httpx.AsyncClient) -> None:
    response = await api.get(PROTECTED)
    assert response.status_code != 401


async def test_expired_tokens_are_rejected(api: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    assert emu.expire_tokens() == 1
    response = await api.get(PROTECTED)
    assert response.status_code == 401


@pytest.mark.timeback_emulator(token_ttl=0)
async def test_token_past_its_ttl_is_rejected(api: httpx.AsyncClient) -> None:
    response = await api.get(PROTECTED)
    assert response.status_code == 401


async def test_admin_expire_over_http(api: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
    response = await anon.post("/_emulator/tokens/expire")
    assert response.json() == {"expired": 1}
    assert (await api.get(PROTECTED)).status_code == 401
