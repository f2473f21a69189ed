"""Clients of the webhooks tests, written once against the async classes (``_sync`` generated).

The emulator is served over real HTTP (`EmulatorServer`, with an empty store, emptied again
after each test) so that its deliveries and the client's requests both go through sockets.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from timeback_caliper import CaliperClient
from timeback_emulator import EmulatorServer
from timeback_webhooks import WebhooksClient


@pytest.fixture
def start_emulator() -> Iterator[Callable[..., EmulatorServer]]:
    """Start dedicated emulators over real HTTP (empty store, fast retries); stopped after."""
    started: list[EmulatorServer] = []

    def start(**overrides: Any) -> EmulatorServer:
        overrides.setdefault("seed", None)
        server = EmulatorServer(**overrides).start()
        server.app.state.emulator.webhooks.backoff = 0.01
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def shared_emulator() -> Iterator[EmulatorServer]:
    """One emulator over real HTTP for the session (starting one per test costs more)."""
    with EmulatorServer(seed=None) as server:
        server.app.state.emulator.webhooks.backoff = 0.01
        yield server


@pytest.fixture
def emulator(shared_emulator: EmulatorServer) -> Iterator[EmulatorServer]:
    """The session's emulator, signing with Standard Webhooks; emptied after each test (its
    deliveries finished first), so no webhook of one test sees another test's events."""
    yield shared_emulator
    shared_emulator.webhook_deliveries()
    shared_emulator.reset(data=True, faults=True, stats=True, tokens=False)


@pytest.fixture
async def hooks(emulator: EmulatorServer) -> AsyncIterator[WebhooksClient]:
    """A webhooks client of the emulator."""
    async with WebhooksClient(**emulator.client_options()) as client:
        yield client


@pytest.fixture
async def caliper(emulator: EmulatorServer) -> AsyncIterator[CaliperClient]:
    """A Caliper client of the emulator (to send the events deliveries are made of)."""
    async with CaliperClient(**emulator.client_options()) as client:
        yield client


@pytest.fixture
def settings_of() -> Callable[[EmulatorServer], dict[str, Any]]:
    """Base URL mode arguments for a client of an emulator."""
    return EmulatorServer.client_options


@dataclass(frozen=True)
class DeliveryRig:
    """What a delivery test works with: both clients of the emulator, a receiver, events.

    Attributes:
        hooks: The webhooks client (registers webhooks and filters).
        caliper: The Caliper client (sends the events deliveries are made of).
        emulator: The emulator that delivers them.
        serve_receiver: Serves a receiver application over real HTTP (``.url``).
        make_event: ``make_event(i)``: a valid ActivityEvent as JSON.
    """

    hooks: WebhooksClient
    caliper: CaliperClient
    emulator: EmulatorServer
    serve_receiver: Callable[[Any], Any]
    make_event: Callable[..., dict[str, Any]]


@pytest.fixture
def rig(
    hooks: WebhooksClient,
    caliper: CaliperClient,
    emulator: EmulatorServer,
    serve_receiver: Callable[[Any], Any],
    make_event: Callable[..., dict[str, Any]],
) -> DeliveryRig:
    """Clients, emulator, receiver server and event factory of an end-to-end delivery test."""
    return DeliveryRig(hooks, caliper, emulator, serve_receiver, make_event)
