"""TimebackClient: configuration modes, one token and one pool for all services, lifecycle.

Written once against the async client; ``scripts/unasync.py`` generates the sync twin in
``tests/_sync/``. Calls go to in-process emulators (``make_emulator`` in conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from timeback_common import resolve_settings
from timeback_common.testing import AsyncASGITransport
from timeback_core import (
    CaliperError,
    ConfigurationError,
    EdubridgeError,
    NotFoundError,
    OneRosterError,
    TimebackClient,
    UnsupportedOperationError,
    WebhooksError,
)
from timeback_emulator import InProcessEmulator

MakeEmulator = Callable[..., InProcessEmulator]
Connect = Callable[..., dict[str, Any]]

STAGING_TOKEN = (
    "https://staging-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token"
)
PRODUCTION_TOKEN = (
    "https://prod-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token"
)


# No TIMEBACK_* variable of the machine running the tests leaks into them.
pytestmark = pytest.mark.usefixtures("clean_environment")


def student_id(emulator: InProcessEmulator) -> str:
    summary: str = emulator.seed_summary()["summary"]["student_id"]
    return summary


# -- configuration modes ----------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("env", "api", "caliper", "token"),
    [
        (
            "staging",
            "https://api.staging.alpha-1edtech.ai",
            "https://caliper.staging.alpha-1edtech.ai",
            STAGING_TOKEN,
        ),
        (
            "production",
            "https://api.alpha-1edtech.ai",
            "https://caliper.alpha-1edtech.ai",
            PRODUCTION_TOKEN,
        ),
    ],
)
async def test_environment_mode_derives_every_url(
    env: str, api: str, caliper: str, token: str
) -> None:
    async with TimebackClient(env=env, client_id="id", client_secret="secret") as client:
        settings = client.settings
        assert settings.environment == env
        assert settings.platform == "beyond-ai"
        assert settings.url("oneroster") == api
        assert settings.url("edubridge") == api
        assert settings.url("caliper") == caliper
        assert settings.url("webhooks") == caliper
        assert settings.token_url == token


@pytest.mark.anyio
async def test_base_url_mode_serves_every_service_from_one_origin() -> None:
    async with TimebackClient(
        base_url="https://timeback.myschool.edu/",
        auth_url="https://timeback.myschool.edu/oauth/token",
        client_id="id",
        client_secret="secret",
    ) as client:
        assert {client.settings.url(s) for s in ("oneroster", "edubridge", "caliper")} == {
            "https://timeback.myschool.edu"
        }
        assert client.settings.token_url == "https://timeback.myschool.edu/oauth/token"


@pytest.mark.anyio
async def test_explicit_services_mode_uses_each_url() -> None:
    async with TimebackClient(
        services={
            "oneroster": "https://roster.example.com",
            "caliper": "https://analytics.example.com",
            "edubridge": "https://api.example.com",
        },
        auth_url="https://auth.example.com/oauth/token",
        client_id="id",
        client_secret="secret",
    ) as client:
        assert client.settings.url("oneroster") == "https://roster.example.com"
        assert client.settings.url("caliper") == "https://analytics.example.com"
        assert client.settings.url("edubridge") == "https://api.example.com"


@pytest.mark.anyio
async def test_a_service_left_out_of_services_fails_with_its_own_error() -> None:
    async with TimebackClient(
        services={"oneroster": "https://roster.example.com"},
        auth_url="https://auth.example.com/oauth/token",
        client_id="id",
        client_secret="secret",
    ) as client:
        with pytest.raises(EdubridgeError) as caught:
            client.edubridge  # noqa: B018 - the property raises
        assert isinstance(caught.value, ConfigurationError)
        assert "no URL configured for the edubridge service" in str(caught.value)


@pytest.mark.anyio
async def test_environment_variables_configure_the_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMEBACK_ENV", "production")
    monkeypatch.setenv("TIMEBACK_CLIENT_ID", "env-id")
    monkeypatch.setenv("TIMEBACK_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("TIMEBACK_TOKEN_URL", "https://idp.example.com/oauth2/token")
    async with TimebackClient() as client:
        assert client.settings.url("oneroster") == "https://api.alpha-1edtech.ai"
        assert client.settings.client_id == "env-id"
        assert client.settings.client_secret == "env-secret"
        assert client.settings.token_url == "https://idp.example.com/oauth2/token"
    async with TimebackClient(env="staging", client_id="explicit") as client:
        assert client.settings.environment == "staging"
        assert client.settings.client_id == "explicit"


@pytest.mark.anyio
async def test_base_url_and_platform_variables_configure_the_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMEBACK_BASE_URL", "https://timeback.example.com")
    monkeypatch.setenv("TIMEBACK_TOKEN_URL", "https://timeback.example.com/auth/1.0/token")
    monkeypatch.setenv("TIMEBACK_PLATFORM", "learnwith-ai")
    async with TimebackClient(client_id="id", client_secret="secret") as client:
        assert client.settings.platform == "learnwith-ai"
        assert client.settings.url("caliper") == "https://timeback.example.com"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"client_id": "id", "client_secret": "secret"}, "no platform configured: pass env="),
        ({"env": "staging", "client_id": "id"}, "client_secret (or TIMEBACK_CLIENT_SECRET)"),
        ({"env": "staging"}, "client_id (or TIMEBACK_CLIENT_ID), client_secret"),
        ({"env": "testing", "client_id": "i", "client_secret": "s"}, "unknown env 'testing'"),
        (
            {"base_url": "https://x.example", "client_id": "i", "client_secret": "s"},
            "auth_url is required with base_url=",
        ),
        ({"base_url": "x.example", "auth_url": "https://x.example/t"}, "absolute http(s) URL"),
        (
            {"services": {"roster": "https://x.example"}, "auth_url": "https://x.example/t"},
            "unknown service name(s) ['roster']",
        ),
    ],
)
async def test_incomplete_configuration_says_what_is_missing(
    arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        TimebackClient(**arguments)
    assert message in str(caught.value)


@pytest.mark.anyio
async def test_resolved_settings_are_used_as_given() -> None:
    settings = resolve_settings(env="staging", client_id="id", client_secret="secret")
    async with TimebackClient(settings=settings) as client:
        assert client.settings is settings
    with pytest.raises(ConfigurationError, match="settings= and env"):
        TimebackClient(settings=settings, env="production")


@pytest.mark.anyio
async def test_contradictory_client_options_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="http_client or transport"):
        TimebackClient(
            env="staging",
            client_id="i",
            client_secret="s",
            http_client=httpx.AsyncClient(),
            transport=httpx.MockTransport(lambda request: httpx.Response(200)),
        )
    with pytest.raises(ConfigurationError, match="max_retries"):
        TimebackClient(env="staging", client_id="i", client_secret="s", max_retries=-1)


@pytest.mark.anyio
async def test_repr_shows_urls_but_never_the_secret() -> None:
    async with TimebackClient(env="staging", client_id="id", client_secret="s3cr3t") as client:
        text = repr(client)
    assert "s3cr3t" not in text
    assert "https://api.staging.alpha-1edtech.ai" in text


# -- services ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_edubridge_on_learnwith_ai_is_unsupported_and_sends_nothing(
    make_emulator: MakeEmulator,
    connect: Connect,
) -> None:
    emulator = make_emulator()
    async with TimebackClient(**connect(emulator, platform="learnwith-ai")) as client:
        with pytest.raises(UnsupportedOperationError) as caught:
            client.edubridge  # noqa: B018 - the property raises
        assert isinstance(caught.value, EdubridgeError)
        assert "learnwith-ai" in str(caught.value)
    assert emulator.request_count() == 0


@pytest.mark.anyio
async def test_webhooks_on_learnwith_ai_are_unsupported_and_send_nothing(
    make_emulator: MakeEmulator, connect: Connect
) -> None:
    emulator = make_emulator()
    async with TimebackClient(**connect(emulator, platform="learnwith-ai")) as client:
        with pytest.raises(UnsupportedOperationError) as caught:
            client.webhooks  # noqa: B018 - the property raises
        assert isinstance(caught.value, WebhooksError)
    assert emulator.request_count() == 0


@pytest.mark.anyio
async def test_webhooks_share_the_token_and_reach_the_emulator(
    make_emulator: MakeEmulator, connect: Connect
) -> None:
    async with TimebackClient(**connect(make_emulator())) as client:
        assert client.webhooks is client.webhooks
        assert await client.webhooks.webhooks.list() == []


@pytest.mark.anyio
async def test_a_service_client_is_created_once(
    make_emulator: MakeEmulator, connect: Connect
) -> None:
    async with TimebackClient(**connect(make_emulator())) as client:
        assert client.oneroster is client.oneroster
        assert client.edubridge is client.edubridge
        assert client.caliper is client.caliper


@pytest.mark.anyio
async def test_every_service_shares_one_token_and_one_pool(
    make_emulator: MakeEmulator, connect: Connect
) -> None:
    emulator = make_emulator()
    sent: list[str] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request.url.path)

    pool = httpx.AsyncClient(
        transport=AsyncASGITransport(emulator.app), event_hooks={"request": [record]}
    )
    config = connect(emulator)
    del config["transport"]
    async with TimebackClient(**config, http_client=pool) as client:
        await client.oneroster.users.get(student_id(emulator))
        await client.edubridge.applications.list()
        await client.caliper.events.list(max_items=1).first_page()
    # Every request, the token request included, went through the one pool, and the one token
    # obtained first served all three services.
    assert sent[0] == "/oauth2/token"
    assert [path.split("/")[1] for path in sent[1:]] == ["ims", "edubridge", "caliper"]
    assert emulator.stats()["tokensIssued"] == 1
    assert not pool.is_closed  # a pool passed in is the caller's to close
    await pool.aclose()


@pytest.mark.anyio
async def test_each_service_raises_its_own_error_class(
    make_emulator: MakeEmulator, connect: Connect
) -> None:
    emulator = make_emulator()
    caught: list[str] = []
    async with TimebackClient(**connect(emulator)) as client:
        for call in (
            lambda: client.oneroster.users.get("no-such-user"),
            lambda: client.edubridge.enrollments.enroll("no-such-user", "no-such-course"),
            lambda: client.caliper.events.get("urn:uuid:00000000-0000-4000-8000-000000000000"),
        ):
            try:
                await call()
            except OneRosterError as e:
                caught.append(f"oneroster {isinstance(e, NotFoundError)}")
            except CaliperError as e:
                caught.append(f"caliper {isinstance(e, NotFoundError)}")
            except EdubridgeError as e:
                caught.append(f"edubridge {isinstance(e, NotFoundError)}")
    assert caught == ["oneroster True", "edubridge True", "caliper True"]


# -- options and lifecycle --------------------------------------------------------------------


@pytest.mark.anyio
async def test_with_options_shares_the_pool_and_leaves_it_open_when_closed(
    make_emulator: MakeEmulator,
    connect: Connect,
) -> None:
    emulator = make_emulator()
    async with TimebackClient(**connect(emulator)) as client:
        quick = client.with_options(timeout=5.0, max_retries=0, default_headers={"X-Tag": "q"})
        assert quick.http_client is client.http_client
        assert quick.auth is client.auth
        assert quick.edubridge is not client.edubridge
        await quick.edubridge.applications.list()
        await quick.close()
        assert not client.is_closed
        await client.edubridge.applications.list()
        with pytest.raises(ConfigurationError, match="max_retries"):
            client.with_options(max_retries=-1)
    assert client.http_client.is_closed


@pytest.mark.anyio
async def test_with_options_applies_to_every_service_of_the_copy(
    make_emulator: MakeEmulator,
    connect: Connect,
) -> None:
    emulator = make_emulator()
    async with TimebackClient(**connect(emulator)) as client:
        emulator.add_fault(path_prefix="/edubridge", status=503, retry_after=0, count=1)
        with pytest.raises(EdubridgeError):
            await client.with_options(max_retries=0).edubridge.applications.list()
        emulator.add_fault(path_prefix="/edubridge", status=503, retry_after=0, count=1)
        assert await client.edubridge.applications.list() is not None  # retried once


@pytest.mark.anyio
async def test_close_closes_the_pool_and_later_use_fails_clearly(
    make_emulator: MakeEmulator,
    connect: Connect,
) -> None:
    client = TimebackClient(**connect(make_emulator()))
    await client.edubridge.applications.list()
    await client.close()
    await client.close()  # closing twice is harmless
    assert client.is_closed
    with pytest.raises(EdubridgeError) as caught:
        client.edubridge  # noqa: B018 - the property raises
    assert isinstance(caught.value, ConfigurationError)
    assert "is closed" in str(caught.value)
    with pytest.raises(OneRosterError, match="is closed"):
        client.oneroster  # noqa: B018 - the property raises


@pytest.mark.anyio
async def test_the_context_manager_closes_the_client(
    make_emulator: MakeEmulator, connect: Connect
) -> None:
    async with TimebackClient(**connect(make_emulator())) as client:
        assert not client.is_closed
    assert client.is_closed
