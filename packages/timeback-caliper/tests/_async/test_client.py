"""The Caliper client itself: configuration, errors, options, the shared connection pool."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from timeback_caliper import ActivityEvent, CaliperClient, CaliperError
from timeback_caliper._paths import CALIPER_PATHS
from timeback_common import ConfigurationError, resolve_settings
from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.timeback_emulator(seed=None)

SENSOR = "https://reading.example.com"


@pytest.mark.anyio
async def test_configuration_errors_are_caliper_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENV", "BASE_URL", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"TIMEBACK_{name}", raising=False)

    with pytest.raises(ConfigurationError) as raised:
        CaliperClient(env="staging")

    assert isinstance(raised.value, CaliperError)
    assert "client_id" in str(raised.value)


@pytest.mark.anyio
async def test_environment_mode_targets_the_caliper_host() -> None:
    async with CaliperClient(env="production", client_id="id", client_secret="secret") as client:
        assert client.api.base_url == "https://caliper.alpha-1edtech.ai"
        assert CALIPER_PATHS[client.settings.platform].send == "/caliper/event"
    async with CaliperClient(
        env="production", platform="learnwith-ai", client_id="id", client_secret="secret"
    ) as client:
        assert client.api.base_url == "https://platform.timeback.com"
        assert CALIPER_PATHS[client.settings.platform].send == "/caliper/v1p2"


@pytest.mark.anyio
async def test_given_settings_and_pool_are_used_as_they_are(
    emu: InProcessEmulator, make_event: Callable[..., ActivityEvent]
) -> None:
    settings = resolve_settings(
        **emu.client_options(),
    )
    async with httpx.AsyncClient(transport=AsyncASGITransport(emu.app)) as http:
        client = CaliperClient(settings=settings, http_client=http)
        await client.events.send(SENSOR, [make_event()])
        await client.close()

        assert client.settings is settings
        assert client.api.http_client is http
        assert not http.is_closed  # a shared pool is the owner's to close


@pytest.mark.anyio
async def test_with_options_shares_the_pool_and_keeps_working(
    emu: InProcessEmulator,
    client: CaliperClient,
    make_event: Callable[..., ActivityEvent],
    stored: Callable[..., list[str]],
) -> None:
    quick = client.with_options(timeout=5.0, max_retries=0, default_headers={"X-App": "quest"})
    event = make_event()

    await quick.events.send(SENSOR, [event])
    await quick.close()

    assert quick.api.http_client is client.api.http_client
    assert not client.api.is_closed
    assert quick.api.retry_policy.max_retries == 0
    assert stored() == [event.id]
    with pytest.raises(ConfigurationError) as raised:
        client.with_options(max_retries=-1)
    assert isinstance(raised.value, CaliperError)


@pytest.mark.anyio
async def test_the_repr_shows_no_secret(client: CaliperClient) -> None:
    text = repr(client) + repr(client.settings)

    assert "emulator-secret" not in text
    assert "beyond-ai" in text
