"""TimebackManager across emulated tenants: each tenant is an emulator with credentials of its own.

Written once against the async manager; ``scripts/unasync.py`` generates the sync twin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from timeback_core import (
    BroadcastError,
    BroadcastTimeoutError,
    InternalServerError,
    OneRosterError,
    TimebackClient,
    TimebackManager,
    TokenError,
)
from timeback_emulator import InProcessEmulator

MakeEmulator = Callable[..., InProcessEmulator]
Connect = Callable[..., dict[str, Any]]


@pytest.mark.anyio
async def test_broadcast_reports_a_failing_and_a_hanging_tenant_as_documented(
    make_emulator: MakeEmulator,
    connect: Connect,
) -> None:
    # Given five tenants: two healthy ones, one with a wrong secret, one whose OneRoster answers
    # 500, and one whose OneRoster answers only after 2 s.
    tenants = {name: make_emulator() for name in ("alpha", "beta", "gamma", "delta", "epsilon")}
    student = tenants["alpha"].seed_summary()["summary"]["student_id"]  # same seed everywhere
    tenants["gamma"].add_fault(path_prefix="/ims/oneroster", status=500, count=None)
    tenants["delta"].add_fault(path_prefix="/ims/oneroster", latency_ms=2000, count=None)
    manager = TimebackManager()
    manager.register("alpha", **connect(tenants["alpha"]))
    manager.register("beta", **connect(tenants["beta"], client_secret="not-the-secret"))
    manager.register("gamma", **connect(tenants["gamma"], max_retries=0))
    manager.register("delta", **connect(tenants["delta"]))
    manager.register("epsilon", **connect(tenants["epsilon"]))

    async def fetch_student(client: TimebackClient) -> str | None:
        user = await client.oneroster.users.get(student)
        return user.sourced_id

    # When a broadcast gives every call 1 s (the hanging tenant takes 2 s).
    results = await manager.broadcast(fetch_student, timeout=1.0)

    # Then it returned normally, with one outcome per tenant in registration order.
    assert results.names == ["alpha", "beta", "gamma", "delta", "epsilon"]
    assert results.succeeded == [("alpha", student), ("epsilon", student)]
    assert [name for name, _ in results.failed] == ["beta", "gamma", "delta"]
    assert not results.all_succeeded
    assert results.any_failed
    errors = dict(results.failed)
    assert isinstance(errors["beta"], TokenError)
    assert isinstance(errors["gamma"], InternalServerError)
    assert isinstance(errors["gamma"], OneRosterError)
    assert isinstance(errors["delta"], BroadcastTimeoutError)
    assert (errors["delta"].name, errors["delta"].timeout) == ("delta", 1.0)
    with pytest.raises(BroadcastError) as caught:
        results.values()
    assert caught.value.names == ("beta", "gamma", "delta")
    assert caught.value.succeeded == ("alpha", "epsilon")
    assert str(caught.value).startswith("broadcast failed on 3 of 5 clients: beta: ")
    assert tenants["alpha"].request_count(method="GET", status=200) == 1
    await manager.close()


@pytest.mark.anyio
async def test_one_tenant_is_reached_by_name(make_emulator: MakeEmulator, connect: Connect) -> None:
    alpha, beta = make_emulator(), make_emulator()
    async with TimebackManager() as manager:
        manager.register("alpha", **connect(alpha))
        manager.register("beta", **connect(beta))
        schools = await manager.get("beta").oneroster.schools.list().to_list()
        assert schools
        assert alpha.request_count() == 0
        assert beta.request_count(method="GET", status=200) == 1


@pytest.mark.anyio
async def test_a_token_failure_is_an_error_of_the_service_that_needed_the_token(
    make_emulator: MakeEmulator,
    connect: Connect,
) -> None:
    emulator = make_emulator()
    async with TimebackClient(**connect(emulator, client_secret="not-the-secret")) as client:
        with pytest.raises(TokenError) as caught:
            await client.oneroster.schools.list().first_page()
    assert isinstance(caught.value, OneRosterError)
