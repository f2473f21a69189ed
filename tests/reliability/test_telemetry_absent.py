"""Without the ``otel`` extra, nothing of OpenTelemetry is imported, and requests still work.

The extra is installed in the development environment, so its absence is simulated in a fresh
interpreter: a meta-path finder refuses every ``opentelemetry`` module, as an environment without
the package would. The same script with the finder off shows the check can fail: there, the API
is imported at the first request.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SCRIPT = """
import json, sys

class RefuseOpenTelemetry:
    def find_spec(self, name, path=None, target=None):
        if name == "opentelemetry" or name.startswith("opentelemetry."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None

if sys.argv[1] == "absent":
    sys.meta_path.insert(0, RefuseOpenTelemetry())

import timeback_core
from timeback_emulator import InProcessEmulator
from timeback_common.testing import SyncASGITransport

after_import = sorted(m for m in sys.modules if m.startswith("opentelemetry"))
emulator = InProcessEmulator(seed="tiny")
with timeback_core.SyncTimebackClient(
    base_url=emulator.base_url,
    auth_url=emulator.token_url,
    client_id=emulator.client_id,
    client_secret=emulator.client_secret,
    transport=SyncASGITransport(emulator.app),
) as client:
    users = client.oneroster.users.list(limit=10).to_list()
    client.oneroster.users.get(users[0].sourced_id)
after_requests = sorted(m for m in sys.modules if m.startswith("opentelemetry"))
print(json.dumps([len(users), after_import, after_requests]))
"""


def run(mode: str) -> tuple[int, list[str], list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True
    ).stdout
    users, after_import, after_requests = json.loads(out)
    return users, after_import, after_requests


def test_without_the_extra_no_opentelemetry_module_is_loaded() -> None:
    users, after_import, after_requests = run("absent")

    assert users == 30
    assert after_import == []
    assert after_requests == []


def test_with_the_extra_the_api_is_loaded_only_once_a_request_is_made() -> None:
    pytest.importorskip("opentelemetry.trace")

    users, after_import, after_requests = run("present")

    assert users == 30
    assert after_import == []
    assert "opentelemetry.trace" in after_requests
