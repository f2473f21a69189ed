"""The public surface: exports, sync/async parity, docstrings, ``await`` on paginators."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import timeback_edubridge
from timeback_common.testing import AsyncASGITransport
from timeback_edubridge import EdubridgeClient, SyncEdubridgeClient
from timeback_emulator import InProcessEmulator

RESOURCES = (
    "enrollments",
    "analytics",
    "users",
    "subject_tracks",
    "applications",
    "learning_reports",
    "progression",
    "caliper_ingest",
)


def public_methods(obj: object) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(type(obj), inspect.isfunction)
        if not name.startswith("_")
    }


@pytest.fixture
def both_clients() -> tuple[EdubridgeClient, SyncEdubridgeClient]:
    config: dict[str, Any] = {
        "base_url": "https://edu.example.com",
        "auth_url": "https://edu.example.com/oauth2/token",
        "client_id": "id",
        "client_secret": "secret",
    }
    return EdubridgeClient(**config), SyncEdubridgeClient(**config)


def test_everything_in_all_is_importable() -> None:
    for name in timeback_edubridge.__all__:
        assert hasattr(timeback_edubridge, name), name


def test_the_sync_client_has_the_same_resources_and_methods(
    both_clients: tuple[EdubridgeClient, SyncEdubridgeClient],
) -> None:
    async_client, sync_client = both_clients
    for resource in RESOURCES:
        async_methods = public_methods(getattr(async_client, resource))
        sync_methods = public_methods(getattr(sync_client, resource))
        assert set(async_methods) == set(sync_methods), resource
        for name, method in async_methods.items():
            expected = inspect.signature(method).parameters.keys()
            assert inspect.signature(sync_methods[name]).parameters.keys() == expected


def test_every_public_method_documents_what_it_raises(
    both_clients: tuple[EdubridgeClient, SyncEdubridgeClient],
) -> None:
    async_client, _ = both_clients
    for resource in RESOURCES:
        group = type(getattr(async_client, resource))
        # What every method may raise is said once, on the groups' base class; a method
        # documents the errors specific to it.
        bases = group.__mro__[1:]
        assert any("Raises:" in (base.__doc__ or "") for base in bases), resource
        for name, method in public_methods(getattr(async_client, resource)).items():
            doc = inspect.getdoc(method) or ""
            returns_none = inspect.signature(method).return_annotation in (None, "None")
            assert "Returns:" in doc or returns_none, f"{resource}.{name}"


@pytest.mark.anyio
async def test_awaiting_a_users_list_gives_a_list() -> None:
    emu = InProcessEmulator()
    async with EdubridgeClient(
        **emu.client_options(),
        transport=AsyncASGITransport(emu.app),
    ) as client:
        students = await client.users.list("student", limit=10)

    assert isinstance(students, list)
    assert len(students) > 10
