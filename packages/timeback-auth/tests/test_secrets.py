"""The client secret and access tokens never appear in reprs, strings or logs."""

from __future__ import annotations

import logging

import httpx
import pytest

from timeback_auth import ClientCredentialsAuth
from timeback_common import TokenError


def test_credentials_repr_and_str_hide_the_secret(credentials, secret):
    for text in (repr(credentials), str(credentials), f"{credentials.client_secret}"):
        assert secret not in text
    assert "**********" in repr(credentials)
    assert credentials.client_secret.get_secret_value() == secret


def test_auth_and_cache_reprs_hide_the_secret_and_the_token(server, auth, cache, secret):
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)
    [token] = server.state.issued
    entry_token = auth._entry.token

    for text in (repr(auth), str(auth), repr(cache), repr(entry_token), repr(vars(cache))):
        assert secret not in text
        assert token not in text


def test_debug_logs_never_contain_the_secret_or_tokens(server, auth, secret, caplog):
    # given DEBUG logging for everything (timeback.auth, httpx, httpcore)
    caplog.set_level(logging.DEBUG)

    # when a token is fetched, renewed after a 401, and a token request fails
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)
        server.state.revoke_issued()
        client.get(server.api_url)
        server.state.revoke_issued()
        server.state.respond_next(401, {"error": "invalid_client", "error_description": secret})
        with pytest.raises(TokenError):
            client.get(server.api_url)

    # then the auth logged what it did, and no log line holds a secret or a token
    auth_messages = [r.getMessage() for r in caplog.records if r.name == "timeback.auth"]
    assert any("requesting an access token" in m for m in auth_messages)
    assert any("answered 401" in m for m in auth_messages)
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == "timeback.auth")
    assert server.state.issued
    for token in server.state.issued:
        assert token not in caplog.text
    assert secret not in caplog.text


@pytest.mark.anyio
async def test_async_debug_logs_never_contain_the_secret_or_tokens(server, auth, secret, caplog):
    caplog.set_level(logging.DEBUG)

    async with httpx.AsyncClient(auth=auth) as client:
        await client.get(server.api_url)
        server.state.revoke_issued()
        await client.get(server.api_url)

    assert len(server.state.issued) == 2
    for token in server.state.issued:
        assert token not in caplog.text
    assert secret not in caplog.text


def test_configuration_errors_never_contain_the_secret(server, secret):
    from timeback_auth import ClientCredentials
    from timeback_common import ConfigurationError

    with pytest.raises(ConfigurationError) as caught:
        ClientCredentials(client_id="", client_secret=secret, token_url=server.token_url)
    assert secret not in str(caught.value)

    with pytest.raises(ConfigurationError) as caught:
        ClientCredentials(
            client_id="c", client_secret=secret, token_url=f"https://c:{secret}@idp.example.com/t"
        )
    assert secret not in str(caught.value)

    with pytest.raises(ConfigurationError) as caught:
        ClientCredentialsAuth("not credentials")  # type: ignore[arg-type]
    assert secret not in str(caught.value)
