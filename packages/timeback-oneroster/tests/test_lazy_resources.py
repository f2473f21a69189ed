"""What a client imports on first use: resource modules, write forms, bulk, change feeds."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from typing import Any

from timeback_oneroster import OneRosterClient, SyncOneRosterClient

CONFIG: dict[str, Any] = {
    "base_url": "https://oneroster.example.com",
    "auth_url": "https://oneroster.example.com/oauth2/token",
    "client_id": "id",
    "client_secret": "secret",
}


def test_reading_users_imports_the_users_module_only() -> None:
    script = textwrap.dedent(
        f"""
        import json, sys
        from timeback_oneroster import OneRosterClient
        client = OneRosterClient(**{CONFIG!r})
        loaded = lambda: {{m for m in sys.modules if m.startswith("timeback_oneroster.")}}
        before = loaded()
        client.users.list(limit=1)
        print(json.dumps(sorted(before)))
        print(json.dumps(sorted(loaded())))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    before, after = (json.loads(line) for line in done.stdout.splitlines())

    assert not any(".resources." in module for module in before)
    assert [m for m in after if ".resources." in m] == ["timeback_oneroster._async.resources.users"]
    assert "timeback_oneroster._async.bulk" not in after
    assert "timeback_oneroster._async.changes" not in after
    assert "timeback_oneroster._models._inputs" not in after  # the write forms
    assert "timeback_oneroster._models._gradebook" not in after
    assert "timeback_oneroster._models._rostering" in after


def test_a_write_form_given_by_name_is_the_model_class() -> None:
    from timeback_oneroster._async.resources.users import USERS
    from timeback_oneroster._models import UserInput

    assert USERS.input is UserInput


def test_a_resource_is_built_once_and_a_copy_builds_its_own() -> None:
    client = SyncOneRosterClient(**CONFIG)
    users = client.users

    copy = client.with_options(max_retries=1)

    assert client.users is users
    assert copy.users is not users
    assert copy.users._api is copy._api
    assert users._api is client._api
    client.close()


def test_every_resource_attribute_builds_its_resource() -> None:
    client = OneRosterClient(**CONFIG)
    for name in ("users", "students", "schools", "line_items", "resources", "terms"):
        resource = getattr(client, name)
        assert resource._api is client._api, name
        assert type(resource).__name__.startswith("Async"), name


def test_every_model_name_is_in_the_lazy_table_and_defined_where_it_says() -> None:
    from timeback_oneroster import _models

    assert set(_models.__all__) == set(_models._SUBMODULE_OF)
    for name, submodule in _models._SUBMODULE_OF.items():
        module = importlib.import_module(f"timeback_oneroster._models{submodule}")
        assert getattr(_models, name) is getattr(module, name), name
