"""The public surface: exports, sync/async parity, docstrings, a light import."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from typing import Any

import pytest

import timeback_qti
from timeback_qti import QtiClient, SyncQtiClient

RESOURCES = ("stimuli", "items", "tests", "test_parts", "sections", "feedback", "validation")
CONFIG: dict[str, Any] = {
    "base_url": "https://qti.example.com",
    "auth_url": "https://qti.example.com/oauth2/token",
    "client_id": "id",
    "client_secret": "secret",
}


def public_methods(obj: object) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(type(obj), inspect.isfunction)
        if not name.startswith("_")
    }


def test_everything_in_all_is_importable() -> None:
    for name in timeback_qti.__all__:
        assert hasattr(timeback_qti, name), name


def test_sync_and_async_resources_have_the_same_documented_methods() -> None:
    asynchronous, synchronous = QtiClient(**CONFIG), SyncQtiClient(**CONFIG)
    counted = 0
    for name in RESOURCES:
        async_methods = public_methods(getattr(asynchronous, name))
        sync_methods = public_methods(getattr(synchronous, name))
        assert set(async_methods) == set(sync_methods), name
        for method, function in async_methods.items():
            doc = inspect.getdoc(function) or ""
            assert "Raises:" in doc, f"{name}.{method}"
            assert inspect.signature(function) is not None
        counted += len(async_methods)
    assert counted == 38
    synchronous.close()


@pytest.mark.anyio
async def test_the_async_client_closes() -> None:
    async with QtiClient(**CONFIG) as client:
        assert "secret" not in repr(client)


def test_importing_the_package_does_not_load_the_xml_parser() -> None:
    probe = "import json, sys, timeback_qti; print(json.dumps('defusedxml' in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout.strip()) is False
