"""Database fixtures: every mirror test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``TIMEBACK_SYNC_TEST_POSTGRES_URL`` (``.ci/run`` starts a server and
sets it). Without it the PostgreSQL half is skipped locally, and fails in CI (``CI=true``):
those tests must run there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from timeback_sync._schema import MirrorSchema

POSTGRES_ENV = "TIMEBACK_SYNC_TEST_POSTGRES_URL"


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the PostgreSQL mirror tests")
        pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL mirror tests")
    return url


def wipe(url: str) -> None:
    """Drop every table of a mirror (a PostgreSQL database is shared by the tests)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            MirrorSchema().metadata.drop_all(connection)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL with no mirror in it yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'roster.db'}"
        return
    url = postgres_url()
    wipe(url)
    yield url
    wipe(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file URL (for tests of behaviour that does not depend on the database)."""
    return f"sqlite:///{tmp_path / 'roster.db'}"
