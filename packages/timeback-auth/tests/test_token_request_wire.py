"""What the token request looks like on the wire (wire contract 2.1)."""

from __future__ import annotations

import base64
from urllib.parse import quote_plus

import httpx
import pytest

from timeback_auth import ClientCredentialsAuth


def test_basic_credentials_go_in_the_authorization_header(server, credentials, auth, secret):
    # given the default auth method (client_secret_basic)
    with httpx.Client(auth=auth) as client:
        # when a first API call needs a token
        response = client.get(server.api_url)

    # then the token request carried Basic credentials and only the grant type in the body
    assert response.status_code == 200
    [sent] = server.state.token_requests
    expected = base64.b64encode(f"{credentials.client_id}:{secret}".encode()).decode()
    assert sent.headers["authorization"] == f"Basic {expected}"
    assert sent.form == {"grant_type": "client_credentials"}


def test_basic_credentials_are_form_encoded_before_base64(server, make_credentials, cache):
    # given an id and secret with characters that RFC 6749 form-encoding changes
    credentials = make_credentials(client_id="client id:1", client_secret="p@ss:w/rd+ü é")
    auth = ClientCredentialsAuth(credentials, cache=cache)

    with httpx.Client(auth=auth) as client:
        response = client.get(server.api_url)

    # then each part was form-encoded, and a server decoding per RFC accepts them
    assert response.status_code == 200
    [sent] = server.state.token_requests
    user_pass = f"{quote_plus('client id:1')}:{quote_plus('p@ss:w/rd+ü é')}"
    assert sent.headers["authorization"] == "Basic " + base64.b64encode(user_pass.encode()).decode()


def test_form_credentials_go_in_the_body_without_an_authorization_header(
    server, make_credentials, cache, secret
):
    # given client_secret_post
    credentials = make_credentials(auth_method="client_secret_post")
    auth = ClientCredentialsAuth(credentials, cache=cache)

    with httpx.Client(auth=auth) as client:
        response = client.get(server.api_url)

    assert response.status_code == 200
    [sent] = server.state.token_requests
    assert "authorization" not in sent.headers
    assert sent.form == {
        "grant_type": "client_credentials",
        "client_id": credentials.client_id,
        "client_secret": secret,
    }


def test_scope_is_sent_when_configured(server, make_credentials, cache):
    scope = "https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly admin"
    auth = ClientCredentialsAuth(make_credentials(scope=scope), cache=cache)

    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)

    [sent] = server.state.token_requests
    assert sent.form == {"grant_type": "client_credentials", "scope": scope}


def test_scope_is_not_sent_when_not_configured(server, auth):
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)

    [sent] = server.state.token_requests
    assert "scope" not in sent.form
    assert b"scope" not in sent.raw_body


def test_token_request_is_a_form_post_that_accepts_json(server, auth):
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)

    [sent] = server.state.token_requests
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.headers["accept"] == "application/json"


def test_token_request_carries_the_api_requests_user_agent_and_request_id(server, auth):
    # given a client with its own User-Agent and a request id on the operation
    with httpx.Client(auth=auth, headers={"User-Agent": "timeback-test/1.0"}) as client:
        client.get(server.api_url, headers={"X-Request-ID": "rid-123"})

    # then the token request identifies itself the same way
    [sent] = server.state.token_requests
    assert sent.headers["user-agent"] == "timeback-test/1.0"
    assert sent.headers["x-request-id"] == "rid-123"


def test_api_request_carries_the_issued_token_as_bearer(server, auth):
    with httpx.Client(auth=auth) as client:
        response = client.get(server.api_url)

    assert response.status_code == 200
    assert server.state.api_calls == server.state.issued


@pytest.mark.anyio
async def test_async_client_sends_the_same_token_request(server, credentials, auth, secret):
    async with httpx.AsyncClient(auth=auth) as client:
        response = await client.get(server.api_url)

    assert response.status_code == 200
    [sent] = server.state.token_requests
    expected = base64.b64encode(f"{credentials.client_id}:{secret}".encode()).decode()
    assert sent.headers["authorization"] == f"Basic {expected}"
    assert sent.form == {"grant_type": "client_credentials"}
