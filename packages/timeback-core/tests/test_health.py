"""``client.health()`` and ``timeback health``: every check reported, failures never raised."""

from __future__ import annotations

import json

import pytest

from timeback_core import HealthReport, SyncTimebackClient, TimebackClient
from timeback_emulator import EmulatorServer

from .test_cli import credentials, emulator, run  # noqa: F401  (fixtures)

SERVICES = ["oneroster", "edubridge", "caliper", "powerpath", "qti", "webhooks"]


def connect(
    server: EmulatorServer, secret: str | None = None, cls: type = SyncTimebackClient
) -> SyncTimebackClient:
    client: SyncTimebackClient = cls(
        base_url=server.base_url,
        auth_url=server.token_url,
        client_id=server.client_id,
        client_secret=secret or server.client_secret,
    )
    return client


def test_health_reports_the_token_and_every_service_with_latencies(
    emulator: EmulatorServer,  # noqa: F811
) -> None:
    with connect(emulator) as client:
        report = client.health()

    assert isinstance(report, HealthReport)
    assert report.ok
    assert [check.name for check in report.checks] == ["token", *SERVICES]
    assert all(check.status == "ok" for check in report.checks)
    assert all(check.latency_ms is not None and check.latency_ms >= 0 for check in report.checks)


@pytest.mark.anyio
async def test_async_health_with_a_wrong_secret_reports_failures_without_raising(
    emulator: EmulatorServer,  # noqa: F811
) -> None:
    async with TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret="not-the-secret",
    ) as client:
        report = await client.health()

    assert not report.ok
    assert {check.status for check in report.checks} == {"failed"}
    assert report.checks[0].error_type is not None
    assert "not-the-secret" not in json.dumps(report.as_dict())


def test_the_health_command_prints_each_check_and_exits_0(
    credentials: dict[str, str | None],  # noqa: F811
) -> None:
    result = run(["health", "-o", "json"], credentials)

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert [check["name"] for check in report["checks"]] == ["token", *SERVICES]


def test_the_health_command_exits_1_when_a_check_fails(
    credentials: dict[str, str | None],  # noqa: F811
) -> None:
    result = run(["health"], {**credentials, "TIMEBACK_CLIENT_SECRET": "nope-nope-nope"})

    assert result.exit_code == 1
    assert "FAILED" in result.stdout
    assert "nope-nope-nope" not in result.output
