"""pytest fixtures for testing against the emulator (registered by the ``pytest11`` entry point).

Fixtures:

``timeback_emulator``
    A running ``EmulatorServer`` over real HTTP on loopback. One server is shared by the whole
    session (``timeback_emulator_server``); before each test its faults are cleared and its stats
    reset. Ask for fresh data with ``@pytest.mark.timeback_emulator(reset=True)`` or for every test
    with the ini option ``timeback_emulator_reset = true``. Any other marker argument is an
    ``EmulatorConfig`` field (``seed="small"``, ``token_ttl=2``, ``fail_rate=0.1``...): that test
    then gets a dedicated server with that configuration.

``timeback_emulator_app``
    A fresh in-process ``InProcessEmulator`` per test (same marker arguments): ``.transport()``
    for an ``httpx.AsyncClient``, ``.sync_transport()`` for an ``httpx.Client`` (``.app`` is the
    ASGI application itself); ``base_url``, ``token_url``,
    ``client_id``, ``client_secret`` and the admin helpers (``add_fault``, ``clear_faults``,
    ``expire_tokens``, ``stats``, ``request_count``, ``reset``, ``fail_next_jobs``).

Example::

    async def test_retries_a_503(timeback_emulator):
        timeback_emulator.add_fault(path_prefix="/ims/oneroster", status=503, retry_after=0)
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from timeback_emulator.app import EmulatorServer, InProcessEmulator

_MARKER = "timeback_emulator"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "timeback_emulator_reset",
        "reseed the shared timeback emulator before every test",
        type="bool",
        default=False,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(reset=False, **config): reset the shared Timeback emulator before this test, "
        "or give this test its own emulator configured with EmulatorConfig fields",
    )


def _marker_options(request: pytest.FixtureRequest) -> tuple[bool, dict[str, Any]]:
    reset = bool(request.config.getini("timeback_emulator_reset"))
    overrides: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(_MARKER))):
        kwargs = dict(marker.kwargs)
        reset = bool(kwargs.pop("reset", reset))
        overrides.update(kwargs)
    return reset, overrides


@pytest.fixture(scope="session")
def timeback_emulator_server() -> Iterator[EmulatorServer]:
    """One emulator server (default configuration) shared by the test session."""
    from timeback_emulator.app import EmulatorServer

    server = EmulatorServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def timeback_emulator(request: pytest.FixtureRequest) -> Iterator[EmulatorServer]:
    """A running emulator over real HTTP, with clean faults and stats for this test."""
    reset, overrides = _marker_options(request)
    if overrides:
        from timeback_emulator.app import EmulatorServer

        with EmulatorServer(**overrides) as dedicated:
            yield dedicated
        return
    server: EmulatorServer = request.getfixturevalue("timeback_emulator_server")
    server.reset(data=reset, faults=True, stats=True, tokens=False)
    try:
        yield server
    finally:
        server.clear_faults()


@pytest.fixture
def timeback_emulator_app(request: pytest.FixtureRequest) -> Iterator[InProcessEmulator]:
    """A fresh in-process emulator: ``.transport()`` for async clients, ``.sync_transport()``
    for sync ones."""
    from timeback_emulator.app import InProcessEmulator

    _, overrides = _marker_options(request)
    emulator = InProcessEmulator(**overrides)
    try:
        yield emulator
    finally:
        emulator.close()
