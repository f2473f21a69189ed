"""Generic fixtures for the emulator's own tests (in-process through httpx.ASGITransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from timeback_emulator import InProcessEmulator


@pytest.fixture
def emu(timeback_emulator_app: InProcessEmulator) -> InProcessEmulator:
    """A fresh in-process emulator (tiny seed unless a marker says otherwise)."""
    return timeback_emulator_app


@pytest.fixture
async def anon(emu: InProcessEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client without credentials."""
    async with httpx.AsyncClient(transport=emu.transport(), base_url=emu.base_url) as client:
        yield client


async def fetch_token(client: httpx.AsyncClient, emu: InProcessEmulator) -> str:
    """A bearer token obtained with HTTP Basic credentials."""
    response = await client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(emu.client_id, emu.client_secret),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
async def api(emu: InProcessEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client carrying a valid bearer token."""
    async with httpx.AsyncClient(transport=emu.transport(), base_url=emu.base_url) as client:
        token = await fetch_token(client, emu)
        client.headers["Authorization"] = f"Bearer {token}"
        yield client
