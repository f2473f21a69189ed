"""Fixtures of the umbrella client tests, written once against the async client.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncTimebackClient`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator


@pytest.fixture
def connect() -> Callable[..., dict[str, Any]]:
    """Client keyword arguments in base URL mode for an in-process emulator (``**extra`` added)."""

    def arguments(emulator: InProcessEmulator, **extra: Any) -> dict[str, Any]:
        return {**emulator.client_options(), "transport": AsyncASGITransport(emulator.app), **extra}

    return arguments
