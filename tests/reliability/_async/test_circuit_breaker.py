"""The circuit breaker against a host that answers 503 to everything, then recovers."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from timeback_common import APIStatusError, CircuitBreaker, CircuitOpenError, async_sleep
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator
from timeback_oneroster import OneRosterError

USERS = "/ims/oneroster/rostering/v1p2/users"
USERS_ROUTE = USERS


def sent(emulator: InProcessEmulator) -> int:
    return sum(
        row["count"] for row in emulator.stats()["requests"] if row["route"].startswith(USERS_ROUTE)
    )


RESET = 1.0


@pytest.mark.anyio
async def test_a_persistent_503_opens_the_circuit_then_one_probe_and_recovery_close_it(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    # given a host that answers 503 to every users request, and a breaker of 3 failures / 1 s
    # (room for a loaded machine)
    emulator = make_emulator(seed="tiny")
    emulator.add_fault(path_prefix=USERS, status=503, count=None)
    changes: list[tuple[str, str]] = []
    breaker = CircuitBreaker(
        failure_threshold=3,
        reset_timeout=RESET,
        on_state_change=lambda host, old, new: changes.append((old, new)),
    )
    client = connect(emulator, circuit_breaker=breaker, max_retries=0)
    users = client.oneroster.users

    # when three calls fail, the circuit opens and the next calls fail at once, unsent
    for _ in range(3):
        with pytest.raises(APIStatusError):
            await users.get("usr-1")
    assert sent(emulator) == 3
    opened = time.monotonic()
    for _ in range(5):
        with pytest.raises(CircuitOpenError) as caught:
            await users.get("usr-1")
    assert isinstance(caught.value, OneRosterError)
    assert 0 < caught.value.retry_in <= RESET
    assert sent(emulator) == 3
    assert changes == [("closed", "open")]

    # then after the timeout one probe goes; it fails, and the circuit opens again
    await async_sleep(RESET - (time.monotonic() - opened) + 0.05)
    with pytest.raises(APIStatusError):
        await users.get("usr-1")
    assert sent(emulator) == 4
    with pytest.raises(CircuitOpenError):
        await users.get("usr-1")
    assert sent(emulator) == 4
    assert changes[-2:] == [("open", "half-open"), ("half-open", "open")]

    # and once the host recovers, the next probe succeeds and closes the circuit
    emulator.clear_faults()
    await async_sleep(RESET + 0.05)
    page = await users.list(limit=1).first_page()
    assert len(page.items) == 1
    assert changes[-2:] == [("open", "half-open"), ("half-open", "closed")]
    controls = client.oneroster.api.controls
    assert controls is not None
    assert controls.circuit_state(emulator.base_url.split("//", 1)[1]) == "closed"
    await users.list(limit=1).first_page()  # closed: calls flow again


@pytest.mark.anyio
async def test_without_a_breaker_every_call_is_sent(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    # given the same failing host and no breaker (the default)
    emulator = make_emulator(seed="tiny")
    emulator.add_fault(path_prefix=USERS, status=503, count=None)
    client = connect(emulator, max_retries=0)

    # when six calls are made, then all six reach the host
    for _ in range(6):
        with pytest.raises(APIStatusError):
            await client.oneroster.users.get("usr-1")
    assert sent(emulator) == 6
    assert client.oneroster.api.controls is None
