"""TimebackManager: the registry, broadcast (bounded, timed, never raising) and close.

Written once against the async manager; ``scripts/unasync.py`` generates the sync twin in
``tests/_sync/`` (there the calls run on threads and a timed-out call is abandoned, not
cancelled). The broadcasts across emulated tenants are in ``test_manager_tenants.py``; the calls
here only sleep or raise, so no request is sent.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from timeback_common import async_sleep
from timeback_core import (
    BroadcastError,
    BroadcastTimeoutError,
    ClientAlreadyRegisteredError,
    ClientNotRegisteredError,
    ConfigurationError,
    InputValidationError,
    TimebackClient,
    TimebackManager,
)


def config(tenant: str) -> dict[str, Any]:
    """Base URL mode for a made-up tenant; nothing is sent to it in these tests."""
    return {
        "base_url": f"http://{tenant}.test",
        "auth_url": f"http://{tenant}.test/oauth2/token",
        "client_id": f"{tenant}-client",
        "client_secret": f"{tenant}-secret",
    }


async def manager_of(*names: str, **options: Any) -> TimebackManager:
    manager = TimebackManager(**options)
    for name in names:
        manager.register(name, **config(name))
    return manager


class InFlight:
    """Counts calls running at the same time (thread-safe for the sync twin)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def enter(self) -> None:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


# -- registry ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_register_builds_a_client_from_keyword_configuration() -> None:
    manager = TimebackManager()
    client = manager.register("alpha", **config("alpha"))
    assert isinstance(client, TimebackClient)
    assert manager.get("alpha") is client
    assert client.settings.url("oneroster") == "http://alpha.test"
    await manager.close()


@pytest.mark.anyio
async def test_names_size_and_has_follow_registration_order() -> None:
    manager = await manager_of("beta", "alpha", "gamma")
    assert manager.names == ["beta", "alpha", "gamma"]
    assert manager.size == 3
    assert len(manager) == 3
    assert manager.has("alpha")
    assert not manager.has("delta")
    assert "gamma" in manager
    assert list(manager) == ["beta", "alpha", "gamma"]
    await manager.close()


@pytest.mark.anyio
async def test_register_accepts_a_ready_client() -> None:
    manager = TimebackManager()
    client = TimebackClient(**config("alpha"))
    assert manager.register("alpha", client) is client
    assert manager.get("alpha") is client
    await manager.close()
    assert client.is_closed


@pytest.mark.anyio
async def test_a_duplicate_name_is_refused_and_the_first_client_kept() -> None:
    manager = await manager_of("alpha")
    first = manager.get("alpha")
    with pytest.raises(ClientAlreadyRegisteredError, match="'alpha' is already registered"):
        manager.register("alpha", **config("other"))
    assert manager.get("alpha") is first
    await manager.close()


@pytest.mark.anyio
async def test_incomplete_configuration_registers_nothing() -> None:
    manager = TimebackManager()
    with pytest.raises(ConfigurationError, match="client_secret"):
        manager.register(
            "alpha", base_url="http://a.test", auth_url="http://a.test/t", client_id="x"
        )
    assert manager.size == 0


@pytest.mark.anyio
async def test_a_client_and_configuration_together_are_refused() -> None:
    manager = TimebackManager()
    client = TimebackClient(**config("alpha"))
    with pytest.raises(ConfigurationError, match="not both"):
        manager.register("alpha", client, env="staging")
    with pytest.raises(ConfigurationError, match="needs a"):
        manager.register("alpha", object())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="non-empty"):
        manager.register(" ", **config("alpha"))
    assert manager.size == 0
    await client.close()


@pytest.mark.anyio
async def test_get_of_an_unknown_name_names_the_registered_ones() -> None:
    manager = await manager_of("alpha", "beta")
    with pytest.raises(ClientNotRegisteredError) as caught:
        manager.get("gama")
    assert isinstance(caught.value, LookupError)
    assert str(caught.value) == "no client named 'gama' is registered (registered: 'alpha', 'beta')"
    await manager.close()


@pytest.mark.anyio
async def test_unregister_removes_and_closes_the_client() -> None:
    manager = await manager_of("alpha", "beta")
    alpha = manager.get("alpha")
    await manager.unregister("alpha")
    assert manager.names == ["beta"]
    assert alpha.is_closed
    with pytest.raises(ClientNotRegisteredError):
        await manager.unregister("alpha")
    await manager.close()


# -- broadcast --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_broadcast_returns_each_value_in_registration_order() -> None:
    manager = await manager_of("gamma", "alpha", "beta")

    async def name_of(client: TimebackClient) -> str:
        # Later clients finish first, so the order of results is not the order of completion.
        await async_sleep(0.03 * (3 - manager.names.index(client.settings.client_id[:-7])))
        return client.settings.client_id

    results = await manager.broadcast(name_of)
    assert results.all_succeeded
    assert results.succeeded == [
        ("gamma", "gamma-client"),
        ("alpha", "alpha-client"),
        ("beta", "beta-client"),
    ]
    assert results.values() == ["gamma-client", "alpha-client", "beta-client"]
    await manager.close()


@pytest.mark.anyio
async def test_broadcast_never_raises_for_a_failing_call() -> None:
    manager = await manager_of("alpha", "beta", "gamma")

    async def fail_on_beta(client: TimebackClient) -> int:
        if client.settings.client_id == "beta-client":
            raise RuntimeError("beta is down")
        return 1

    results = await manager.broadcast(fail_on_beta)
    assert results.succeeded == [("alpha", 1), ("gamma", 1)]
    assert [(name, str(error)) for name, error in results.failed] == [("beta", "beta is down")]
    assert results.any_failed
    with pytest.raises(BroadcastError, match=r"failed on 1 of 3 clients: beta: RuntimeError"):
        results.values()
    await manager.close()


@pytest.mark.anyio
async def test_a_call_past_its_timeout_fails_with_a_timeout_error() -> None:
    manager = await manager_of("quick", "slow")

    async def slow_on_slow(client: TimebackClient) -> str:
        if client.settings.client_id == "slow-client":
            await async_sleep(2.0)
        return "done"

    results = await manager.broadcast(slow_on_slow, timeout=0.2)
    assert results.succeeded == [("quick", "done")]
    [(name, error)] = results.failed
    assert name == "slow"
    assert isinstance(error, BroadcastTimeoutError)
    assert (error.name, error.timeout) == ("slow", 0.2)
    await manager.close()


@pytest.mark.anyio
async def test_broadcast_runs_at_most_max_concurrency_calls_at_once() -> None:
    manager = await manager_of("a", "b", "c", "d", "e")
    in_flight = InFlight()

    async def busy(client: TimebackClient) -> None:
        in_flight.enter()
        await async_sleep(0.05)
        in_flight.leave()

    results = await manager.broadcast(busy, max_concurrency=2)
    assert results.all_succeeded
    assert in_flight.peak == 2
    await manager.close()


@pytest.mark.anyio
async def test_the_manager_default_concurrency_applies_to_broadcast() -> None:
    manager = await manager_of("a", "b", "c", max_concurrency=1)
    in_flight = InFlight()

    async def busy(client: TimebackClient) -> None:
        in_flight.enter()
        await async_sleep(0.02)
        in_flight.leave()

    await manager.broadcast(busy)
    assert in_flight.peak == 1
    await manager.close()


@pytest.mark.anyio
async def test_the_timeout_counts_from_the_start_of_each_call() -> None:
    # One at a time, three calls of 0.3 s take 0.9 s in all: longer than the timeout of
    # 0.8 s, but each call alone stays well within it (room for a loaded machine).
    manager = await manager_of("a", "b", "c")

    async def steady(client: TimebackClient) -> str:
        await async_sleep(0.3)
        return "ok"

    results = await manager.broadcast(steady, max_concurrency=1, timeout=0.8)
    assert results.values() == ["ok", "ok", "ok"]
    await manager.close()


@pytest.mark.anyio
async def test_a_broadcast_over_no_clients_succeeds() -> None:
    manager = TimebackManager()

    async def never(client: TimebackClient) -> int:
        raise AssertionError("not called")

    results = await manager.broadcast(never)
    assert results.all_succeeded
    assert results.values() == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"max_concurrency": 1.5}, "max_concurrency"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": -1}, "timeout"),
    ],
)
async def test_invalid_broadcast_options_are_refused_before_any_call(
    options: dict[str, Any], field: str
) -> None:
    manager = await manager_of("alpha")
    called: list[str] = []

    async def record(client: TimebackClient) -> None:
        called.append("x")

    with pytest.raises(InputValidationError) as caught:
        await manager.broadcast(record, **options)
    assert caught.value.issues[0].path == field
    assert called == []
    with pytest.raises(ConfigurationError, match=field):
        TimebackManager(**options)
    await manager.close()


# -- close ------------------------------------------------------------------------------------


class CloseFails(TimebackClient):
    """A client whose close fails after closing its pool."""

    async def close(self) -> None:
        await super().close()
        raise RuntimeError("close failed")


@pytest.mark.anyio
async def test_close_closes_every_client_even_when_one_fails() -> None:
    manager = TimebackManager()
    first = manager.register("first", **config("first"))
    manager.register("broken", CloseFails(**config("broken")))
    last = manager.register("last", **config("last"))
    with pytest.raises(RuntimeError, match="close failed"):
        await manager.close()
    assert first.is_closed
    assert last.is_closed
    assert manager.size == 0


@pytest.mark.anyio
async def test_the_manager_is_a_context_manager_that_closes_its_clients() -> None:
    async with TimebackManager() as manager:
        client = manager.register("alpha", **config("alpha"))
    assert client.is_closed
    assert manager.size == 0
