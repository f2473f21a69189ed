"""Fixtures for timeback-core's tests: in-process emulators with credentials of their own."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from timeback_emulator import EmulatorServer, InProcessEmulator


@pytest.fixture
def make_emulator() -> Callable[..., InProcessEmulator]:
    """A factory of fresh in-process emulators (``EmulatorConfig`` fields as keywords).

    Each gets a client id no other test uses: in-process emulators share one made-up origin,
    and the SDK caches tokens per (token URL, client id, scope) for the whole process, so a
    shared id would hand one emulator's token to another.
    """

    def make(**overrides: Any) -> InProcessEmulator:
        overrides.setdefault("client_id", f"core-{uuid.uuid4().hex[:12]}")
        return InProcessEmulator(**overrides)

    return make


@pytest.fixture
def emulator_env(timeback_emulator: EmulatorServer) -> dict[str, str]:
    """The ``TIMEBACK_*`` environment of a shell configured for the test's emulator."""
    return {
        "TIMEBACK_BASE_URL": timeback_emulator.base_url,
        "TIMEBACK_TOKEN_URL": timeback_emulator.token_url,
        "TIMEBACK_CLIENT_ID": timeback_emulator.client_id,
        "TIMEBACK_CLIENT_SECRET": timeback_emulator.client_secret,
    }
