"""Token endpoint failures surface as TokenError with status, error code and body text."""

from __future__ import annotations

import socket

import httpx
import pytest

from timeback_auth import ClientCredentials, ClientCredentialsAuth
from timeback_common import TokenError


def _fail(auth, url, **kwargs) -> TokenError:
    with httpx.Client(auth=auth) as client, pytest.raises(TokenError) as caught:
        client.get(url, **kwargs)
    return caught.value


def assert_no_secrets(error: TokenError, secret: str) -> None:
    for text in (str(error), repr(error), error.message, error.body or ""):
        assert secret not in text
        assert "TOKEN-" not in text


def test_wrong_secret_gives_401_invalid_client(server, make_credentials, cache, secret):
    # given credentials whose secret the server does not know
    credentials = make_credentials()
    server.state.clients[credentials.client_id] = "another-secret"

    error = _fail(ClientCredentialsAuth(credentials, cache=cache), server.api_url)

    assert error.status_code == 401
    assert error.error_code == "invalid_client"
    assert "invalid_client" in (error.body or "")
    assert "invalid_client" in str(error)
    assert error.method == "POST"
    assert error.url == server.token_url
    assert_no_secrets(error, secret)


def test_400_carries_the_oauth_error_code_and_description(server, auth, secret):
    server.state.respond_next(
        400, {"error": "invalid_scope", "error_description": "scope is not allowed"}
    )

    error = _fail(auth, server.api_url)

    assert error.status_code == 400
    assert error.error_code == "invalid_scope"
    assert "scope is not allowed" in str(error)
    assert '"invalid_scope"' in (error.body or "")
    assert_no_secrets(error, secret)


def test_500_with_a_plain_text_body(server, auth, secret):
    server.state.respond_next(500, "upstream exploded", content_type="text/plain")

    error = _fail(auth, server.api_url)

    assert error.status_code == 500
    assert error.error_code is None
    assert error.body == "upstream exploded"
    assert "HTTP 500" in str(error)
    assert_no_secrets(error, secret)


def test_200_with_a_body_that_is_not_json(server, auth, secret):
    server.state.respond_next(200, "<html>gateway login</html>", content_type="text/html")

    error = _fail(auth, server.api_url)

    assert error.status_code == 200
    assert error.body == "<html>gateway login</html>"
    assert "not JSON" in str(error)
    assert_no_secrets(error, secret)


@pytest.mark.parametrize(
    "body",
    [
        {"token_type": "Bearer", "expires_in": 3600},
        {"access_token": "", "token_type": "Bearer"},
        {"access_token": 42, "token_type": "Bearer"},
    ],
    ids=["absent", "empty", "not-a-string"],
)
def test_200_without_a_usable_access_token(server, auth, secret, body):
    server.state.respond_next(200, body)

    error = _fail(auth, server.api_url)

    assert error.status_code == 200
    assert "access_token" in str(error)
    assert "token_type" in (error.body or "")
    assert_no_secrets(error, secret)


def test_200_with_json_that_is_not_an_object(server, auth, secret):
    server.state.respond_next(200, ["TOKEN-in-a-list"])

    error = _fail(auth, server.api_url)

    assert error.status_code == 200
    assert "not an object" in str(error)
    assert_no_secrets(error, secret)


def test_200_with_a_token_under_an_unexpected_name_does_not_leak_it(server, auth, secret):
    server.state.respond_next(200, {"accessToken": "TOKEN-camel-case", "token_type": "Bearer"})

    error = _fail(auth, server.api_url)

    assert error.body == '{"accessToken": "***", "token_type": "Bearer"}'
    assert_no_secrets(error, secret)


def test_200_with_a_form_encoded_token_does_not_leak_it(server, auth, secret):
    server.state.respond_next(
        200, "access_token=TOKEN-form&token_type=bearer", "application/x-www-form-urlencoded"
    )

    error = _fail(auth, server.api_url)

    assert error.body == "access_token=***&token_type=bearer"
    assert_no_secrets(error, secret)


def test_unsupported_token_type(server, auth, secret):
    server.state.respond_next(200, {"access_token": "TOKEN-mac", "token_type": "mac"})

    error = _fail(auth, server.api_url)

    assert "unsupported type 'mac'" in str(error)
    assert_no_secrets(error, secret)


def test_secret_echoed_by_the_server_is_masked(server, auth, secret):
    server.state.respond_next(
        400, {"error": "invalid_request", "error_description": f"bad secret {secret}"}
    )

    error = _fail(auth, server.api_url)

    assert "bad secret ***" in str(error)
    assert_no_secrets(error, secret)


def test_long_body_is_truncated(server, auth):
    server.state.respond_next(502, "x" * 5000, content_type="text/plain")

    error = _fail(auth, server.api_url)

    assert error.status_code == 502
    assert error.body == "x" * 500


def test_error_carries_the_operations_request_id(server, auth):
    server.state.respond_next(503, {"error": "temporarily_unavailable"})

    error = _fail(auth, server.api_url, headers={"X-Request-ID": "rid-42"})

    assert error.request_id == "rid-42"
    assert "rid-42" in str(error)


def test_next_call_after_a_failure_tries_again(server, auth):
    # given one failed token request
    server.state.respond_next(500, {"error": "server_error"})
    _fail(auth, server.api_url)

    # when the caller (or its retry policy) calls again
    with httpx.Client(auth=auth) as client:
        response = client.get(server.api_url)

    # then a new token request is made and succeeds
    assert response.status_code == 200
    assert len(server.state.token_requests) == 2


@pytest.mark.anyio
async def test_async_client_raises_token_error(server, make_credentials, cache, secret):
    credentials = make_credentials()
    server.state.clients[credentials.client_id] = "another-secret"
    auth = ClientCredentialsAuth(credentials, cache=cache)

    async with httpx.AsyncClient(auth=auth) as client:
        with pytest.raises(TokenError) as caught:
            await client.get(server.api_url)

    assert caught.value.status_code == 401
    assert caught.value.error_code == "invalid_client"
    assert_no_secrets(caught.value, secret)


def test_transport_errors_of_the_token_request_propagate_unchanged(cache, secret):
    # given a token URL on which nothing listens (the caller's retry policy maps httpx errors)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    credentials = ClientCredentials(
        client_id="c", client_secret=secret, token_url=f"http://127.0.0.1:{port}/oauth2/token"
    )
    auth = ClientCredentialsAuth(credentials, cache=cache)

    with httpx.Client(auth=auth) as client, pytest.raises(httpx.ConnectError):
        client.get(f"http://127.0.0.1:{port}/api")
