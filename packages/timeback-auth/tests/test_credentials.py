"""ClientCredentials and ClientCredentialsAuth validate their configuration (no I/O)."""

from __future__ import annotations

import dataclasses
import math

import pytest
from pydantic import SecretStr

from timeback_auth import ClientCredentials, ClientCredentialsAuth, TokenCache
from timeback_common import ConfigurationError

VALID = {
    "client_id": "client-1",
    "client_secret": "secret-1",
    "token_url": "https://idp.example.com/oauth2/token",
}


def test_defaults_are_basic_auth_and_no_scope():
    credentials = ClientCredentials(**VALID)

    assert credentials.auth_method == "client_secret_basic"
    assert credentials.scope is None
    assert credentials.cache_key[:3] == ("https://idp.example.com/oauth2/token", "client-1", None)


def test_secret_may_be_given_as_secret_str():
    credentials = ClientCredentials(**{**VALID, "client_secret": SecretStr("secret-1")})

    assert credentials == ClientCredentials(**VALID)
    assert hash(credentials) == hash(ClientCredentials(**VALID))


def test_credentials_are_frozen():
    credentials = ClientCredentials(**VALID)

    with pytest.raises(dataclasses.FrozenInstanceError):
        credentials.client_id = "other"  # type: ignore[misc]


def test_replace_revalidates():
    credentials = ClientCredentials(**VALID)

    assert dataclasses.replace(credentials, scope="a b").scope == "a b"
    with pytest.raises(ConfigurationError, match="scope"):
        dataclasses.replace(credentials, scope=" ")


def test_http_token_url_is_accepted_for_local_emulators():
    credentials = ClientCredentials(**{**VALID, "token_url": "http://127.0.0.1:8000/oauth2/token"})

    assert credentials.token_url == "http://127.0.0.1:8000/oauth2/token"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("client_id", ""),
        ("client_id", "   "),
        ("client_id", None),
        ("client_secret", ""),
        ("client_secret", SecretStr(" ")),
        ("client_secret", 12345),
        ("token_url", ""),
        ("token_url", "/oauth2/token"),
        ("token_url", "idp.example.com/oauth2/token"),
        ("token_url", "ftp://idp.example.com/oauth2/token"),
        ("token_url", "https:///oauth2/token"),
        ("token_url", "https://[::1/oauth2/token"),
        ("token_url", "https://user:pw@idp.example.com/oauth2/token"),
        ("token_url", "https://idp.example.com/oauth2/token#frag"),
        ("scope", ""),
        ("scope", ["a", "b"]),
        ("auth_method", "private_key_jwt"),
    ],
)
def test_invalid_values_raise_configuration_error_naming_the_field(field, value):
    with pytest.raises(ConfigurationError, match=field):
        ClientCredentials(**{**VALID, field: value})


def test_userinfo_in_the_token_url_is_not_echoed():
    with pytest.raises(ConfigurationError) as caught:
        ClientCredentials(**{**VALID, "token_url": "https://user:hunter2@idp.example.com/t"})

    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("margin", [-1, math.nan, math.inf, True, "60"])
def test_invalid_refresh_margin_raises_configuration_error(margin):
    with pytest.raises(ConfigurationError, match="refresh_margin"):
        ClientCredentialsAuth(ClientCredentials(**VALID), refresh_margin=margin)


def test_auth_rejects_a_cache_that_is_not_a_token_cache():
    with pytest.raises(ConfigurationError, match="cache"):
        ClientCredentialsAuth(ClientCredentials(**VALID), cache={})  # type: ignore[arg-type]


def test_auth_exposes_its_configuration():
    cache = TokenCache()
    credentials = ClientCredentials(**VALID)
    auth = ClientCredentialsAuth(credentials, refresh_margin=30, cache=cache)

    assert auth.credentials is credentials
    assert auth.refresh_margin == 30.0
    assert auth.cache is cache


@pytest.mark.parametrize("settings", [None, {"client_id": "client-1"}])
def test_auth_from_settings_that_are_not_client_settings_is_a_configuration_error(settings):
    expected = r"settings must be timeback_common\.ClientSettings"
    with pytest.raises(ConfigurationError, match=expected):
        ClientCredentialsAuth.from_settings(settings)
