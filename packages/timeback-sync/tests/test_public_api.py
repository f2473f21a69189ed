"""The public surface: sorted exports, sync/async parity, docstrings, no secret in a repr."""

from __future__ import annotations

import inspect
from pathlib import Path

import timeback_sync
from timeback_sync import (
    AsyncMirrorCollection,
    RosterMirror,
    SyncMirrorCollection,
    SyncRosterMirror,
)


def public_methods(cls: type) -> set[str]:
    return {
        name for name, _ in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")
    }


def test_all_is_sorted_and_every_name_exists() -> None:
    names = [n for n in timeback_sync.__all__ if n != "__version__"]
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in timeback_sync.__all__:
        assert hasattr(timeback_sync, name), name


def test_the_sync_mirror_has_every_method_of_the_async_one_with_a_docstring() -> None:
    for async_cls, sync_cls in (
        (RosterMirror, SyncRosterMirror),
        (AsyncMirrorCollection, SyncMirrorCollection),
    ):
        assert public_methods(async_cls) == public_methods(sync_cls)
        for name in public_methods(async_cls):
            assert inspect.getdoc(getattr(async_cls, name)), f"{async_cls.__name__}.{name}"


def test_the_repr_hides_the_database_password(tmp_path: Path) -> None:
    mirror = SyncRosterMirror(None, "postgresql+psycopg://sync:s3cret@db.example/roster")
    assert "s3cret" not in repr(mirror)
    assert "sync:***@db.example" in repr(mirror)
