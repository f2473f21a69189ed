"""Shared pytest configuration for every package's tests."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def anyio_backend() -> str:
    # The SDK supports asyncio; tests run async code on it through the anyio pytest plugin.
    return "asyncio"


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``TIMEBACK_*`` variable of the machine running the tests leaks into them."""
    for name in list(os.environ):
        if name.startswith("TIMEBACK_"):
            monkeypatch.delenv(name)


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the base client's retry waits instead of sleeping them (async and sync client)."""
    # Imported here: importing the clients at collection would hide lazy-import mistakes.
    import timeback_common._async._client as async_base_client
    import timeback_common._sync._client as sync_base_client

    waits: list[float] = []

    async def record_async(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(async_base_client, "async_sleep", record_async)
    monkeypatch.setattr(sync_base_client, "sync_sleep", waits.append)
    return waits
