"""`resolve_client_parts` and `resolve_host_controls`: what every client is built from (pure)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from timeback_common import (
    CircuitBreaker,
    ClientSettings,
    ConfigurationError,
    HostControls,
    resolve_client_parts,
    resolve_host_controls,
    resolve_settings,
)

CONFIG: dict[str, Any] = {
    "base_url": "http://127.0.0.1:9",
    "auth_url": "http://127.0.0.1:9/oauth2/token",
    "client_id": "parts-client",
    "client_secret": "parts-secret",
}


class RecordingAuth(httpx.Auth):
    """The auth a `default_auth` below returns, with what it was given."""

    def __init__(self, settings: ClientSettings, **given: object) -> None:
        self.settings = settings
        self.given = given


def test_the_default_auth_gets_the_token_store_only_when_one_is_given() -> None:
    store = object()

    plain = resolve_client_parts(None, default_auth=RecordingAuth, **CONFIG)
    stored = resolve_client_parts(None, default_auth=RecordingAuth, token_store=store, **CONFIG)

    assert isinstance(plain.auth, RecordingAuth)
    assert plain.auth.given == {}
    assert isinstance(stored.auth, RecordingAuth)
    assert stored.auth.given == {"token_store": store}
    assert stored.settings.client_id == "parts-client"


def test_a_given_auth_is_kept_and_refused_with_a_token_store() -> None:
    auth = httpx.BasicAuth("a", "b")
    settings = resolve_settings(**CONFIG)

    assert resolve_client_parts(settings, default_auth=RecordingAuth, auth=auth).auth is auth
    with pytest.raises(ConfigurationError, match="token_store="):
        resolve_client_parts(settings, default_auth=RecordingAuth, auth=auth, token_store=object())


def test_settings_must_be_client_settings() -> None:
    with pytest.raises(ConfigurationError, match="settings must be"):
        resolve_client_parts({"base_url": "x"}, default_auth=RecordingAuth)  # type: ignore[arg-type]


def test_host_controls_come_from_one_form_or_the_other() -> None:
    shared = HostControls(max_concurrency=2)

    assert resolve_host_controls(None, None, None, None) is None
    assert resolve_host_controls(shared, None, None, None) is shared
    built = resolve_host_controls(None, 5.0, None, CircuitBreaker())
    assert isinstance(built, HostControls)
    assert built.configured
    with pytest.raises(ConfigurationError, match="not both"):
        resolve_host_controls(shared, 5.0, None, None)
    with pytest.raises(ConfigurationError, match="HostControls"):
        resolve_host_controls({"max_concurrency": 2}, None, None, None)  # type: ignore[arg-type]
