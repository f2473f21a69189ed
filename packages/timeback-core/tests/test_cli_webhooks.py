"""``timeback webhooks``: manage webhooks on the emulator, and ``listen`` for real deliveries."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result

from timeback_caliper import SyncCaliperClient
from timeback_core._cli._app import cli
from timeback_emulator import EmulatorServer

SECRET = "cli-webhook-secret"


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    # A server of its own: a webhook registered here must not see other tests' events.
    with EmulatorServer(seed=None) as server:
        yield server


def env_of(emulator: EmulatorServer) -> dict[str, str | None]:
    return {
        "TIMEBACK_ENV": None,
        "TIMEBACK_PLATFORM": None,
        "TIMEBACK_BASE_URL": emulator.base_url,
        "TIMEBACK_TOKEN_URL": emulator.token_url,
        "TIMEBACK_CLIENT_ID": emulator.client_id,
        "TIMEBACK_CLIENT_SECRET": emulator.client_secret,
        "TIMEBACK_WEBHOOK_SECRET": None,
    }


def run(args: list[str], env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(cli, args, env=env, prog_name="timeback")


def event(number: int) -> dict[str, Any]:
    return {
        "@context": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "action": "Completed",
        "actor": {
            "id": "https://example.com/users/u1",
            "type": "TimebackUser",
            "email": "ada@example.com",
        },
        "object": {
            "id": f"https://example.com/activities/{number}",
            "type": "TimebackActivityContext",
            "subject": "Math",
            "app": {"name": "AlphaMath"},
        },
        "eventTime": "2026-11-02T10:00:00.000Z",
        "generated": {
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": "TimebackActivityMetricsCollection",
            "items": [{"type": "xpEarned", "value": 1}],
        },
    }


def test_create_list_toggle_and_delete(emulator: EmulatorServer) -> None:
    env = env_of(emulator)
    made = run(
        [
            "webhooks", "create", "--name", "cli", "--target-url", "http://127.0.0.1:9/h",
            "--secret", SECRET, "--format", "json",
        ],
        env,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    hook = json.loads(made.stdout)
    assert SECRET not in made.output

    listed = run(["webhooks", "list", "--format", "jsonl"], env)
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [hook["id"]]
    assert SECRET not in listed.output
    assert run(["webhooks", "deactivate", hook["id"]], env).exit_code == 0
    assert json.loads(run(["webhooks", "list", "-o", "json"], env).stdout)[0]["active"] is False
    assert run(["webhooks", "activate", hook["id"]], env).exit_code == 0
    assert run(["webhooks", "delete", hook["id"]], env).exit_code == 0
    assert json.loads(run(["webhooks", "list", "-o", "json"], env).stdout) == []
    missing = run(["webhooks", "delete", hook["id"]], env)
    assert missing.exit_code == 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_listen_verifies_and_prints_each_delivery_once(emulator: EmulatorServer) -> None:
    env = env_of(emulator)
    port = _free_port()
    outcome: list[Result] = []
    args = ["webhooks", "listen", "--port", str(port), "--secret", "old", "--secret", SECRET]
    args += ["--format", "jsonl", "--max-deliveries", "2"]
    listener = threading.Thread(target=lambda: outcome.append(run(args, env)), daemon=True)
    listener.start()
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "the listener did not start"
            time.sleep(0.05)
    made = run(
        [
            "webhooks", "create", "--name", "listen", "--target-url",
            f"http://127.0.0.1:{port}/", "--secret", SECRET, "-o", "json",
        ],
        env,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    emulator.app.state.emulator.webhooks.add_fault({"kind": "duplicate", "count": 2})
    events = [event(1), event(2)]
    with SyncCaliperClient(
        **emulator.client_options(),
    ) as caliper:
        caliper.events.send("https://example.com", events)
    listener.join(20)

    assert not listener.is_alive()
    result = outcome[0]
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert sorted(p["events"][0]["id"] for p in printed) == sorted(e["id"] for e in events)
    assert {p["webhookId"] for p in printed} == {json.loads(made.stdout)["id"]}
