"""The tables of a mirror, the typed columns taken out of each record, and schema upgrades.

One table per mirrored collection, named after it, with ``sourced_id`` (primary key),
``status``, ``date_last_modified`` (UTC, without zone) and ``data`` (the record as the platform
sent it, JSON), plus indexed columns for the keys people join and filter on. A staging table
of the same shape (``_staging_<name>``) receives pulled records before they are applied in one
transaction. ``sync_meta`` holds the schema version; `upgrade` brings an older schema up to date
in place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from timeback_oneroster import (
    AcademicSession,
    Class,
    Course,
    Demographics,
    Enrollment,
    Org,
    User,
)
from timeback_sync._errors import SchemaVersionError

__all__ = [
    "COLLECTIONS",
    "SCHEMA_VERSION",
    "CollectionSpec",
    "MirrorSchema",
    "to_naive_utc",
]

SCHEMA_VERSION = 2
"""The schema version this package writes (1: first release; 2: ``users.username``)."""

TOMBSTONE = "tobedeleted"

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def to_naive_utc(value: datetime | None) -> datetime | None:
    """A datetime as naive UTC (how the mirror stores instants, alike on every database)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _ref(member: str) -> Callable[[Mapping[str, Any]], Any]:
    def read(data: Mapping[str, Any]) -> Any:
        ref = data.get(member)
        return ref.get("sourcedId") if isinstance(ref, Mapping) else None

    return read


def _field(member: str) -> Callable[[Mapping[str, Any]], Any]:
    def read(data: Mapping[str, Any]) -> Any:
        value = data.get(member)
        return value if isinstance(value, str) else None

    return read


@dataclass(frozen=True)
class CollectionSpec:
    """A mirrored collection.

    Attributes:
        name: The table name, and the client attribute (``client.<name>``).
        model: The typed model of a record.
        columns: Typed columns: name -> reads the value from the record's wire form.
    """

    name: str
    model: type[Any]
    columns: Mapping[str, Callable[[Mapping[str, Any]], Any]]


COLLECTIONS: Mapping[str, CollectionSpec] = {
    spec.name: spec
    for spec in (
        CollectionSpec(
            "orgs",
            Org,
            {"type": _field("type"), "parent_sourced_id": _ref("parent")},
        ),
        CollectionSpec(
            "academic_sessions",
            AcademicSession,
            {
                "type": _field("type"),
                "parent_sourced_id": _ref("parent"),
                "org_sourced_id": _ref("org"),
            },
        ),
        CollectionSpec(
            "courses",
            Course,
            {"org_sourced_id": _ref("org"), "course_code": _field("courseCode")},
        ),
        CollectionSpec(
            "classes",
            Class,
            {
                "course_sourced_id": _ref("course"),
                "school_sourced_id": _ref("school"),
                "class_code": _field("classCode"),
            },
        ),
        CollectionSpec(
            "users",
            User,
            {
                "email": _field("email"),
                "username": _field("username"),
                "given_name": _field("givenName"),
                "family_name": _field("familyName"),
            },
        ),
        CollectionSpec(
            "enrollments",
            Enrollment,
            {
                "class_sourced_id": _ref("class"),
                "user_sourced_id": _ref("user"),
                "school_sourced_id": _ref("school"),
                "role": _field("role"),
            },
        ),
        CollectionSpec("demographics", Demographics, {}),
    )
}
"""Every collection a mirror can hold, in the order a run syncs them (referenced first)."""


class MirrorSchema:
    """The SQLAlchemy `Table` objects of a mirror (one `MetaData`)."""

    def __init__(self) -> None:
        self.metadata = sa.MetaData()
        md = self.metadata
        self.meta = sa.Table(
            "sync_meta",
            md,
            sa.Column("name", sa.String(64), primary_key=True),
            sa.Column("value", sa.String(255), nullable=False),
        )
        self.state = sa.Table(
            "sync_state",
            md,
            sa.Column("collection", sa.String(64), primary_key=True),
            sa.Column("mark", sa.DateTime(), nullable=True),
            sa.Column("platform_total", sa.Integer(), nullable=True),
            sa.Column("last_run_id", sa.String(36), nullable=True),
            sa.Column("last_run_kind", sa.String(16), nullable=True),
            sa.Column("last_run_started", sa.DateTime(), nullable=True),
            sa.Column("last_run_finished", sa.DateTime(), nullable=True),
            sa.Column("last_added", sa.Integer(), nullable=False, default=0),
            sa.Column("last_updated", sa.Integer(), nullable=False, default=0),
            sa.Column("last_deleted", sa.Integer(), nullable=False, default=0),
            sa.Column("last_unchanged", sa.Integer(), nullable=False, default=0),
            sa.Column("last_seconds", sa.Float(), nullable=False, default=0.0),
        )
        self.changes = sa.Table(
            "changes",
            md,
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("run_id", sa.String(36), nullable=False, index=True),
            sa.Column("collection", sa.String(64), nullable=False),
            sa.Column("sourced_id", sa.String(255), nullable=False),
            sa.Column("operation", sa.String(16), nullable=False),
            sa.Column("date_last_modified", sa.DateTime(), nullable=True),
            sa.Column("recorded_at", sa.DateTime(), nullable=False),
            # One entry per version of a record: a version delivered again (at the mark, after
            # a resumed run) is recognised as unchanged and never logged twice.
            sa.UniqueConstraint(
                "collection", "sourced_id", "date_last_modified", "operation", name="uq_changes"
            ),
        )
        self.outbox = sa.Table(
            "outbox",
            md,
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("collection", sa.String(64), nullable=False),
            sa.Column("sourced_id", sa.String(255), nullable=False),
            sa.Column("operation", sa.String(16), nullable=False),  # upsert | delete
            sa.Column("data", JSONType, nullable=True),
            sa.Column("base_modified", sa.DateTime(), nullable=True),
            sa.Column("staged_at", sa.DateTime(), nullable=False),
            # pending | pushed | failed | conflict | superseded
            sa.Column("state", sa.String(16), nullable=False, index=True),
            sa.Column("outcome", sa.Text(), nullable=True),
            sa.Column("pushed_at", sa.DateTime(), nullable=True),
        )
        self.conflicts = sa.Table(
            "conflicts",
            md,
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("outbox_id", sa.Integer(), nullable=False),
            sa.Column("collection", sa.String(64), nullable=False),
            sa.Column("sourced_id", sa.String(255), nullable=False),
            sa.Column("operation", sa.String(16), nullable=False),
            sa.Column("local_data", JSONType, nullable=True),
            sa.Column("platform_data", JSONType, nullable=True),
            sa.Column("base_modified", sa.DateTime(), nullable=True),
            sa.Column("platform_modified", sa.DateTime(), nullable=True),
            sa.Column("detected_at", sa.DateTime(), nullable=False),
            # None while a person has to decide; "local" or "platform" once resolved
            sa.Column("resolution", sa.String(16), nullable=True),
            sa.Column("resolved_at", sa.DateTime(), nullable=True),
        )
        self.tables: dict[str, sa.Table] = {}
        self.staging: dict[str, sa.Table] = {}
        for spec in COLLECTIONS.values():
            self.tables[spec.name] = self._record_table(spec.name, spec, indexed=True)
            self.staging[spec.name] = self._record_table(f"_staging_{spec.name}", spec, False)

    def _record_table(self, name: str, spec: CollectionSpec, indexed: bool) -> sa.Table:
        columns: list[sa.Column[Any]] = [
            sa.Column("sourced_id", sa.String(255), primary_key=True),
            sa.Column("status", sa.String(32), nullable=True, index=indexed),
            sa.Column("date_last_modified", sa.DateTime(), nullable=True, index=indexed),
            sa.Column("data", JSONType, nullable=False),
        ]
        columns += [
            sa.Column(column, sa.String(255), nullable=True, index=indexed)
            for column in spec.columns
        ]
        return sa.Table(name, self.metadata, *columns)

    def row(
        self, spec: CollectionSpec, data: Mapping[str, Any], *, copy: bool = True
    ) -> dict[str, Any]:
        """The row of a record given in its wire form (``copy=False``: ``data`` is the caller's
        own dict, used as it is)."""
        stamp = data.get("dateLastModified")
        parsed: datetime | None = None
        if isinstance(stamp, str):
            parsed = to_naive_utc(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
        row: dict[str, Any] = {
            "sourced_id": data["sourcedId"],
            "status": data.get("status"),
            "date_last_modified": parsed,
            "data": dict(data) if copy else data,
        }
        for column, read in spec.columns.items():
            value = read(data)
            row[column] = value[:255] if isinstance(value, str) else None
        return row

    def create_or_upgrade(self, connection: sa.Connection) -> int:
        """Create the schema, or upgrade an older one in place; return the version found.

        Raises:
            SchemaVersionError: The database's schema is newer than this package knows.
        """
        inspector = sa.inspect(connection)
        found = 0
        if inspector.has_table("sync_meta"):
            value = connection.execute(
                sa.select(self.meta.c.value).where(self.meta.c.name == "schema_version")
            ).scalar()
            found = int(value) if value is not None else 0
        if found > SCHEMA_VERSION:
            raise SchemaVersionError(found, SCHEMA_VERSION)
        if found and found < 2:
            self._upgrade_1_to_2(connection)
        self.metadata.create_all(connection)  # new tables and indexes; existing ones kept
        if found != SCHEMA_VERSION:
            connection.execute(sa.delete(self.meta).where(self.meta.c.name == "schema_version"))
            connection.execute(
                sa.insert(self.meta).values(name="schema_version", value=str(SCHEMA_VERSION))
            )
        return found

    def _upgrade_1_to_2(self, connection: sa.Connection) -> None:
        """Version 2 adds ``users.username`` (indexed), filled from each row's data."""
        users = self.tables["users"]
        for table in (users, self.staging["users"]):
            columns = {c["name"] for c in sa.inspect(connection).get_columns(table.name)}
            if "username" not in columns:
                connection.execute(
                    sa.text(f"ALTER TABLE {table.name} ADD COLUMN username VARCHAR(255)")
                )
        rows = connection.execute(sa.select(users.c.sourced_id, users.c.data)).all()
        for sourced_id, data in rows:
            value = _field("username")(data or {})
            if value is not None:
                connection.execute(
                    sa.update(users)
                    .where(users.c.sourced_id == sourced_id)
                    .values(username=value[:255])
                )
        present = {i["name"] for i in sa.inspect(connection).get_indexes("users")}
        for index in users.indexes:
            if index.name not in present:
                index.create(connection)
