"""The public surface: exports, sync/async parity of every resource, documented methods."""

from __future__ import annotations

import importlib
import inspect
import re
import typing

import pytest

import timeback_oneroster
from timeback_oneroster import OneRosterClient, SyncOneRosterClient
from timeback_oneroster._lazy import LazyResource


def resource_classes(client_type: type) -> dict[str, type]:
    # The client's resources are built on first use: each attribute names its module and class.
    found: dict[str, type] = {
        name: getattr(importlib.import_module(attribute.module), attribute.name)
        for name, attribute in vars(client_type).items()
        if isinstance(attribute, LazyResource)
    }
    # Sub-collections (client.courses.components) are annotated attributes of their parent.
    for name, hint in list(found.items()):
        for sub, sub_hint in typing.get_type_hints(hint).items():
            if isinstance(sub_hint, type) and not sub.startswith("_"):
                found[f"{name}.{sub}"] = sub_hint
    return found


def public_methods(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and callable(member)
    }


ASYNC_RESOURCES = resource_classes(OneRosterClient)
SYNC_RESOURCES = resource_classes(SyncOneRosterClient)


def test_every_export_is_importable() -> None:
    for name in timeback_oneroster.__all__:
        assert getattr(timeback_oneroster, name) is not None, name


def test_the_async_and_sync_clients_have_the_same_resources() -> None:
    assert len(ASYNC_RESOURCES) == 21
    assert {"courses.components", "courses.component_resources"} <= set(ASYNC_RESOURCES)
    assert set(ASYNC_RESOURCES) == set(SYNC_RESOURCES)
    for name, cls in ASYNC_RESOURCES.items():
        assert SYNC_RESOURCES[name].__name__ == "Sync" + cls.__name__.removeprefix("Async")


@pytest.mark.parametrize("name", sorted(ASYNC_RESOURCES))
def test_each_resource_has_the_same_methods_in_both_worlds(name: str) -> None:
    async_methods = public_methods(ASYNC_RESOURCES[name])
    sync_methods = public_methods(SYNC_RESOURCES[name])

    assert set(async_methods) == set(sync_methods)
    for method, function in async_methods.items():
        # A list method is a plain def returning a paginator (changes_since: a change feed);
        # every other one is a coroutine.
        returns = str(inspect.signature(function).return_annotation)
        lazy = returns.startswith(("AsyncPaginator", "AsyncChangeFeed"))
        assert inspect.iscoroutinefunction(function) != lazy
        assert not inspect.iscoroutinefunction(sync_methods[method]), method


def documents_shared_raises(cls: type) -> bool:
    """Whether a class of ``cls``'s bases says what every method may raise."""
    return any("Raises:" in (base.__doc__ or "") for base in cls.__mro__[1:])


@pytest.mark.parametrize("name", sorted(ASYNC_RESOURCES))
def test_each_public_method_documents_args_returns_and_raises(name: str) -> None:
    # The errors every method may raise are documented once, on the resources' base class;
    # a method documents those specific to it.
    assert documents_shared_raises(ASYNC_RESOURCES[name]), name
    for method, function in public_methods(ASYNC_RESOURCES[name]).items():
        doc = inspect.getdoc(function) or ""
        signature = inspect.signature(function)
        if len(signature.parameters) > 1:
            assert "Args:" in doc, f"{name}.{method}"
        if signature.return_annotation not in ("None", None):
            assert "Returns:" in doc, f"{name}.{method}"


def test_the_client_documents_its_public_methods() -> None:
    for method in ("with_options", "close"):
        doc = inspect.getdoc(getattr(OneRosterClient, method)) or ""
        assert doc, method
    assert "Raises:" in (inspect.getdoc(OneRosterClient) or "")


def test_the_surface_holds_no_wire_internals() -> None:
    # How models are read from and written to the wire stays inside the package.
    internal = re.compile(r"(to|from)_wire|pick_|Wire|WIRE|_KEY|parse_|format_|Model$")

    assert [name for name in timeback_oneroster.__all__ if internal.search(name)] == []
