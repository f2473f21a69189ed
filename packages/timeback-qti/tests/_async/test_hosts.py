"""Where the QTI client connects, per platform and environment."""

from __future__ import annotations

import pytest

from timeback_common import ConfigurationError
from timeback_qti import QtiClient, QtiError

VARIABLES = (
    "TIMEBACK_ENV",
    "TIMEBACK_PLATFORM",
    "TIMEBACK_BASE_URL",
    "TIMEBACK_TOKEN_URL",
    "TIMEBACK_CLIENT_ID",
    "TIMEBACK_CLIENT_SECRET",
    "TIMEBACK_SCOPE",
    "TIMEBACK_QTI_URL",
)
CREDENTIALS = {"client_id": "id", "client_secret": "secret"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.anyio
async def test_production_uses_the_qti_host() -> None:
    async with QtiClient(env="production", **CREDENTIALS) as client:
        assert client.base_url == "https://qti.alpha-1edtech.ai/api"


def test_staging_without_a_qti_url_is_a_configuration_error_saying_how() -> None:
    with pytest.raises(ConfigurationError) as caught:
        QtiClient(env="staging", **CREDENTIALS)
    assert isinstance(caught.value, QtiError)
    assert 'services={"qti": ...}' in str(caught.value)
    assert "TIMEBACK_QTI_URL" in str(caught.value)


@pytest.mark.anyio
async def test_staging_with_timeback_qti_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMEBACK_QTI_URL", "https://qti-staging.example.com/api")
    async with QtiClient(env="staging", **CREDENTIALS) as client:
        assert client.base_url == "https://qti-staging.example.com/api"


@pytest.mark.anyio
async def test_staging_with_an_explicit_service_url() -> None:
    async with QtiClient(
        services={"qti": "https://qti-staging.example.com/api"},
        auth_url="https://auth.example.com/oauth2/token",
        **CREDENTIALS,
    ) as client:
        assert client.base_url == "https://qti-staging.example.com/api"


@pytest.mark.anyio
async def test_learnwith_ai_uses_the_platform_host() -> None:
    async with QtiClient(env="production", platform="learnwith-ai", **CREDENTIALS) as client:
        assert client.base_url == "https://platform.timeback.com"
        assert client.is_supported


@pytest.mark.anyio
async def test_base_url_mode_serves_qti_from_that_origin() -> None:
    async with QtiClient(
        base_url="http://localhost:8400",
        auth_url="http://localhost:8400/oauth2/token",
        **CREDENTIALS,
    ) as client:
        assert client.base_url == "http://localhost:8400"
        assert "secret" not in repr(client)
