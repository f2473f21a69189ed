"""Schema creation and the in-place upgrade of an older mirror (pure database work)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from timeback_sync import GRADEBOOK_COLLECTIONS, SCHEMA_VERSION, SchemaVersionError
from timeback_sync._store import MirrorStore


def version(store: MirrorStore) -> int:
    meta = store.schema.meta
    with store.engine.connect() as connection:
        return int(connection.execute(sa.select(meta.c.value)).scalar_one())


def test_a_new_database_gets_the_current_schema(db_url: str) -> None:
    store = MirrorStore(db_url)
    assert store.open() == 0
    assert version(store) == SCHEMA_VERSION
    assert store.open() == SCHEMA_VERSION  # opening again changes nothing
    names = set(sa.inspect(store.engine).get_table_names())
    assert {"users", "enrollments", "sync_state", "changes", "outbox", "conflicts"} <= names
    store.close()


def test_a_version_1_mirror_is_upgraded_in_place_keeping_its_rows(db_url: str) -> None:
    # given a version-1 mirror: no users.username column, one user stored
    store = MirrorStore(db_url)
    store.open()
    users = store.schema.tables["users"]
    with store.engine.begin() as connection:
        connection.execute(
            sa.insert(users).values(
                sourced_id="u1",
                status="active",
                data={"sourcedId": "u1", "username": "ada", "status": "active"},
            )
        )
        connection.execute(sa.text("DROP INDEX ix_users_username"))
        for table in ("users", "_staging_users"):
            connection.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN username"))
        connection.execute(sa.text("UPDATE sync_meta SET value = '1'"))
    store.close()

    # when a mirror opens it
    upgraded = MirrorStore(db_url)
    assert upgraded.open() == 1

    # then the column is back, filled from each row's data, and indexed
    assert version(upgraded) == SCHEMA_VERSION
    inspector = sa.inspect(upgraded.engine)
    assert "ix_users_username" in {i["name"] for i in inspector.get_indexes("users")}
    assert [u["username"] for u in upgraded.find("users", {"username": "ada"}, None)] == ["ada"]
    upgraded.close()


def test_a_version_2_mirror_gets_the_gradebook_tables_keeping_its_rows(db_url: str) -> None:
    # given a version-2 mirror: no gradebook tables, one user stored
    store = MirrorStore(db_url)
    store.open()
    with store.engine.begin() as connection:
        connection.execute(
            sa.insert(store.schema.tables["users"]).values(
                sourced_id="u1", status="active", data={"sourcedId": "u1", "status": "active"}
            )
        )
        for name in GRADEBOOK_COLLECTIONS:
            connection.execute(sa.text(f"DROP TABLE {name}"))
            connection.execute(sa.text(f"DROP TABLE _staging_{name}"))
        connection.execute(sa.text("UPDATE sync_meta SET value = '2'"))
    assert not set(GRADEBOOK_COLLECTIONS) & set(sa.inspect(store.engine).get_table_names())
    store.close()

    # when a mirror opens it
    upgraded = MirrorStore(db_url)
    assert upgraded.open() == 2

    # then the gradebook tables exist with their indexed join columns, and the rows stayed
    assert version(upgraded) == SCHEMA_VERSION
    inspector = sa.inspect(upgraded.engine)
    assert set(GRADEBOOK_COLLECTIONS) <= set(inspector.get_table_names())
    indexed = {i["column_names"][0] for i in inspector.get_indexes("results")}
    assert {"line_item_sourced_id", "student_sourced_id", "class_sourced_id"} <= indexed
    assert upgraded.get("users", "u1") == {"sourcedId": "u1", "status": "active"}
    upgraded.close()


def test_a_newer_schema_is_refused(sqlite_url: str) -> None:
    store = MirrorStore(sqlite_url)
    store.open()
    with store.engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE sync_meta SET value = '{SCHEMA_VERSION + 1}'"))
    with pytest.raises(SchemaVersionError, match="upgrade timeback-sync") as caught:
        store.open()
    assert (caught.value.found, caught.value.supported) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    store.close()
