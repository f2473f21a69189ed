"""The public surface of timeback_core: what it exports, and what importing it costs.

Import costs are checked by which modules get loaded (in fresh interpreters), never by timing;
the time itself is measured by ``scripts/bench/import_time.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import timeback_caliper
import timeback_common
import timeback_core
import timeback_edubridge
import timeback_oneroster

HEAVY = ("httpx", "pydantic", "anyio", "authlib", "timeback_common", "timeback_auth")
SERVICES = ("timeback_oneroster", "timeback_edubridge", "timeback_caliper", "timeback_qti")


def loaded_after(code: str) -> dict[str, bool]:
    """Run ``code`` in a fresh interpreter; report which of HEAVY + SERVICES it loaded."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json, sys
        print(json.dumps({{name: name in sys.modules for name in {HEAVY + SERVICES!r}}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_a_cold_import_loads_nothing_heavy() -> None:
    loaded = loaded_after("import timeback_core")
    assert not any(loaded.values()), loaded


def test_the_client_loads_no_service_package_until_a_service_is_used() -> None:
    loaded = loaded_after(
        """
        from timeback_core import TimebackClient
        client = TimebackClient(env="staging", client_id="id", client_secret="secret")
        """
    )
    assert loaded["httpx"]
    assert not any(loaded[name] for name in SERVICES), loaded


def test_using_one_service_loads_only_its_package() -> None:
    loaded = loaded_after(
        """
        from timeback_core import TimebackClient
        client = TimebackClient(env="staging", client_id="id", client_secret="secret")
        client.oneroster
        """
    )
    assert loaded["timeback_oneroster"]
    assert not loaded["timeback_edubridge"]
    assert not loaded["timeback_caliper"]
    assert not loaded["timeback_qti"]


def test_every_name_in_all_is_importable() -> None:
    for name in timeback_core.__all__:
        assert getattr(timeback_core, name) is not None, name
    assert set(timeback_core.__all__) <= set(dir(timeback_core))


def test_an_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        timeback_core.Nope  # noqa: B018 - the lookup raises


def test_service_errors_are_the_services_own_distinct_classes() -> None:
    assert timeback_core.OneRosterError is timeback_oneroster.OneRosterError
    assert timeback_core.EdubridgeError is timeback_edubridge.EdubridgeError
    assert timeback_core.CaliperError is timeback_caliper.CaliperError
    roots = (timeback_core.OneRosterError, timeback_core.EdubridgeError, timeback_core.CaliperError)
    for root in roots:
        assert issubclass(root, timeback_common.TimebackError)
        assert [other for other in roots if issubclass(root, other)] == [root]


def test_the_error_tree_is_the_common_one() -> None:
    assert timeback_core.TimebackError is timeback_common.TimebackError
    assert timeback_core.NotFoundError is timeback_common.NotFoundError
    assert timeback_core.ConfigurationError is timeback_common.ConfigurationError


def test_sync_twins_follow_the_sync_prefix_scheme() -> None:
    assert timeback_core.SyncTimebackClient.__name__ == "SyncTimebackClient"
    assert timeback_core.SyncTimebackManager.__name__ == "SyncTimebackManager"
    assert timeback_core.TimebackClient.__module__ == "timeback_core._async.client"
    assert timeback_core.SyncTimebackClient.__module__ == "timeback_core._sync.client"
