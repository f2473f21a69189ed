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
