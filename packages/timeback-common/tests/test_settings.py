"""Configuration modes and environment variables resolve to the right URLs, or say what's wrong."""

from __future__ import annotations

import pytest

from timeback_common import ConfigurationError
from timeback_common._settings import resolve_settings

CREDS = {"client_id": "id-1", "client_secret": "s3cret-value"}


def test_environment_mode_derives_every_url_from_the_table() -> None:
    settings = resolve_settings(env="staging", environ={}, **CREDS)
    assert settings.url("oneroster") == "https://api.staging.alpha-1edtech.ai"
    assert settings.url("edubridge") == "https://api.staging.alpha-1edtech.ai"
    assert settings.url("caliper") == "https://caliper.staging.alpha-1edtech.ai"
    assert settings.token_url.endswith("us-east-1.amazoncognito.com/oauth2/token")
    assert settings.token_url.startswith("https://staging-")
    assert settings.scope is None


def test_production_uses_production_hosts() -> None:
    settings = resolve_settings(env="production", environ={}, **CREDS)
    assert settings.url("oneroster") == "https://api.alpha-1edtech.ai"
    assert settings.token_url.startswith("https://prod-")


def test_base_url_mode_shares_one_origin_for_every_service() -> None:
    settings = resolve_settings(
        base_url="http://127.0.0.1:8400/",
        auth_url="http://127.0.0.1:8400/oauth2/token",
        environ={},
        **CREDS,
    )
    assert {settings.url(s) for s in ("oneroster", "edubridge", "caliper")} == {
        "http://127.0.0.1:8400"
    }
    assert settings.environment is None


def test_services_mode_keeps_each_url_and_names_a_missing_one() -> None:
    settings = resolve_settings(
        services={"oneroster": "https://roster.example.com"},
        auth_url="https://auth.example.com/oauth/token",
        environ={},
        **CREDS,
    )
    assert settings.url("oneroster") == "https://roster.example.com"
    with pytest.raises(ConfigurationError, match="caliper"):
        settings.url("caliper")


def test_learnwith_platform_requests_the_caliper_scope() -> None:
    settings = resolve_settings(env="production", platform="learnwith-ai", environ={}, **CREDS)
    assert settings.url("oneroster") == "https://platform.timeback.com"
    assert settings.token_url == "https://platform.timeback.com/auth/1.0/token"
    assert settings.scope is not None
    assert settings.scope.endswith("events.write")


def test_environment_variables_fill_what_arguments_leave_out() -> None:
    environ = {
        "TIMEBACK_ENV": "staging",
        "TIMEBACK_CLIENT_ID": "env-id",
        "TIMEBACK_CLIENT_SECRET": "env-secret",
        "TIMEBACK_TOKEN_URL": "https://auth.example.com/token",
    }
    settings = resolve_settings(environ=environ)
    assert settings.client_id == "env-id"
    assert settings.token_url == "https://auth.example.com/token"
    assert resolve_settings(environ=environ, client_id="arg-id").client_id == "arg-id"


def test_base_url_variable_selects_base_url_mode() -> None:
    environ = {
        "TIMEBACK_BASE_URL": "http://localhost:9000",
        "TIMEBACK_TOKEN_URL": "http://localhost:9000/oauth2/token",
    }
    settings = resolve_settings(environ=environ, **CREDS)
    assert settings.url("caliper") == "http://localhost:9000"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "no platform configured"),
        ({"env": "qa"}, "unknown env 'qa'"),
        ({"env": "staging", "platform": "moon"}, "unknown platform"),
        ({"base_url": "http://x"}, "auth_url is required with base_url"),
        ({"services": {"oneroster": "http://x"}}, "auth_url is required with services"),
        ({"base_url": "ftp://x", "auth_url": "http://x/t"}, "base_url must be an absolute"),
        ({"base_url": "http://u:p@x", "auth_url": "http://x/t"}, "must not contain credentials"),
        ({"env": "staging", "auth_url": "a", "token_url": "b"}, "same setting"),
        ({"env": "staging", "base_url": "http://x", "auth_url": "http://x/t"}, "pass only one"),
        (
            {"base_url": "http://x", "services": {"caliper": "http://y"}, "auth_url": "http://x/t"},
            "pass only one",
        ),
    ],
)
def test_bad_configuration_names_what_is_wrong(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        resolve_settings(environ={}, **CREDS, **kwargs)  # type: ignore[arg-type]


def test_missing_credentials_name_both_argument_and_variable() -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(env="staging", environ={})
    assert "client_id (or TIMEBACK_CLIENT_ID)" in str(caught.value)
    assert "client_secret (or TIMEBACK_CLIENT_SECRET)" in str(caught.value)


def test_secret_never_appears_in_repr() -> None:
    settings = resolve_settings(env="staging", environ={}, **CREDS)
    assert "s3cret-value" not in repr(settings)


def test_an_explicit_env_wins_over_a_base_url_variable() -> None:
    environ = {"TIMEBACK_BASE_URL": "http://localhost:9000"}
    settings = resolve_settings(env="production", environ=environ, **CREDS)
    assert settings.url("oneroster") == "https://api.alpha-1edtech.ai"


def test_qti_has_its_own_host_in_production_and_none_on_staging() -> None:
    production = resolve_settings(env="production", environ={}, **CREDS)
    assert production.url("qti") == "https://qti.alpha-1edtech.ai/api"
    staging = resolve_settings(env="staging", environ={}, **CREDS)
    assert staging.url("oneroster") == "https://api.staging.alpha-1edtech.ai"
    with pytest.raises(ConfigurationError) as caught:
        staging.url("qti")
    assert 'services={"qti": ...}' in str(caught.value)
    assert "TIMEBACK_QTI_URL" in str(caught.value)


def test_timeback_qti_url_names_the_qti_host_in_environment_mode() -> None:
    environ = {"TIMEBACK_QTI_URL": "https://qti-staging.example.com/api/"}
    settings = resolve_settings(env="staging", environ=environ, **CREDS)
    assert settings.url("qti") == "https://qti-staging.example.com/api"
    with pytest.raises(ConfigurationError, match="TIMEBACK_QTI_URL"):
        resolve_settings(env="staging", environ={"TIMEBACK_QTI_URL": "qti.example"}, **CREDS)


def test_qti_on_learnwith_ai_and_in_base_url_mode() -> None:
    learnwith = resolve_settings(env="staging", platform="learnwith-ai", environ={}, **CREDS)
    assert learnwith.url("qti") == "https://platform.dev.timeback.com"
    local = resolve_settings(
        base_url="http://127.0.0.1:8400",
        auth_url="http://127.0.0.1:8400/oauth2/token",
        environ={},
        **CREDS,
    )
    assert local.url("qti") == "http://127.0.0.1:8400"
