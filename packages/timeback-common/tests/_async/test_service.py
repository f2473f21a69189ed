"""`AsyncServiceClient`: what a service client gets by declaring its name, root error and paths.

``tests/_sync/`` is generated from this file by ``scripts/unasync.py``. Requests go to a scripted
ASGI app in-process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from timeback_common import (
    NOT_GIVEN,
    AsyncAPIClient,
    AsyncServiceClient,
    ClientSettings,
    ConfigurationError,
    Platform,
    TimebackError,
    UnsupportedOperationError,
)
from timeback_common.testing import AsyncASGITransport


class WidgetError(TimebackError):
    """Root of the errors of the made-up widget service."""


@dataclass(frozen=True)
class WidgetPaths:
    base: str


WIDGET_PATHS: Mapping[Platform, WidgetPaths | None] = {
    "beyond-ai": WidgetPaths(base="/widgets/v1"),
    "learnwith-ai": None,
}


class AsyncWidgetResource:
    def __init__(self, api: AsyncAPIClient, base: str) -> None:
        self._api = api
        self._base = base

    async def get(self, widget_id: str) -> Any:
        response = await self._api.get(self._base + "/widgets/{}", widget_id)
        return response.json()


class WidgetClient(AsyncServiceClient[WidgetPaths]):
    """A service declared as the recipe says: name, root error, paths, auth, resources."""

    service_name = "widgets"
    service_error = WidgetError
    service_version = "1.0"
    platform_paths = WIDGET_PATHS

    @staticmethod
    def default_auth(settings: ClientSettings) -> httpx.Auth:
        return httpx.BasicAuth(settings.client_id, settings.client_secret.get_secret_value())

    def _bind_resources(self) -> None:
        self.widgets = AsyncWidgetResource(self._api, self._paths.base)


def connect(app: Any, **extra: Any) -> dict[str, Any]:
    return {
        "base_url": "http://widgets.test",
        "auth_url": "http://widgets.test/token",
        "client_id": "widget-client",
        "client_secret": "widget-secret",
        "transport": AsyncASGITransport(app),
        **extra,
    }


@pytest.mark.anyio
async def test_a_declared_service_sends_to_its_base_path_with_its_default_auth(
    scripted: Any,
) -> None:
    app = scripted()
    async with WidgetClient(**connect(app)) as client:
        await client.widgets.get("w/1")

    (request,) = app.received
    assert request.raw_path == "/widgets/v1/widgets/w%2F1"
    assert request.headers["authorization"].startswith("Basic ")
    assert "widgets/1.0" in request.headers["user-agent"]


@pytest.mark.anyio
async def test_on_a_platform_without_the_service_every_call_is_refused_unsent(
    scripted: Any,
) -> None:
    app = scripted()
    async with WidgetClient(**connect(app, platform="learnwith-ai")) as client:
        assert not client.is_supported
        with pytest.raises(WidgetError) as raised:
            await client.widgets.get("w1")

    assert isinstance(raised.value, UnsupportedOperationError)
    assert "learnwith-ai" in str(raised.value)
    assert app.received == []
    assert "unsupported" in repr(client)


@pytest.mark.anyio
async def test_with_options_keeps_what_is_not_given_and_none_means_no_timeout(
    scripted: Any,
) -> None:
    async with WidgetClient(**connect(scripted(), timeout=7.0)) as client:
        kept = client.with_options(timeout=NOT_GIVEN, max_retries=0)
        unlimited = client.with_options(timeout=None)

        assert kept.api.timeout == httpx.Timeout(7.0)
        assert kept.api.retry_policy.max_retries == 0
        assert unlimited.api.timeout == httpx.Timeout(None)
        assert kept.widgets is not client.widgets  # resources are bound to the copy's API
        assert client.api.retry_policy.max_retries != 0


def test_a_missing_service_url_is_the_services_root_error() -> None:
    with pytest.raises(WidgetError) as raised:
        WidgetClient(
            services={"other": "http://other.test"},
            auth_url="http://other.test/token",
            client_id="id",
            client_secret="secret",
        )

    assert isinstance(raised.value, ConfigurationError)
    assert "widgets" in str(raised.value)


def test_not_given_reads_as_itself() -> None:
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert not NOT_GIVEN
