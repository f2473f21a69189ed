"""Shared pytest configuration for every package's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    # The SDK supports asyncio; tests run async code on it through the anyio pytest plugin.
    return "asyncio"
