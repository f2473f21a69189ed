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

import pydantic_core
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from timeback_oneroster import (
    AcademicSession,
    AssessmentLineItem,
    AssessmentResult,
    Category,
    Class,
    Course,
    Demographics,
    Enrollment,
    LineItem,
    Org,
    Result,
    ScoreScale,
    User,
)
from timeback_sync._errors import SchemaVersionError

__all__ = [
    "COLLECTIONS",
    "GRADEBOOK_COLLECTIONS",
    "ROSTER_COLLECTIONS",
    "SCHEMA_VERSION",
    "CollectionSpec",
    "Column",
    "MirrorSchema",
    "to_naive_utc",
]

SCHEMA_VERSION = 3
"""The schema version this package writes (1: first release; 2: ``users.username``; 3: the
gradebook tables)."""

TOMBSTONE = "tobedeleted"

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def to_naive_utc(value: datetime | None) -> datetime | None:
    """A datetime as naive UTC (how the mirror stores instants, alike on every database)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


@dataclass(frozen=True)
class Column:
    """A typed column taken out of a record.

    Attributes:
        member: The record's wire member it comes from (``class``, ``email``).
        ref: The member is a reference: the column holds its ``sourcedId``.
    """

    member: str
    ref: bool = False

    def read(self, data: Mapping[str, Any]) -> str | None:
        """The column's value from a record's wire form."""
        value = data.get(self.member)
        if self.ref:
            value = value.get("sourcedId") if isinstance(value, Mapping) else None
        return value[:255] if isinstance(value, str) else None

    def reader(self, model: type[Any]) -> Callable[[Any], str | None]:
        """How to read the column from a typed record of ``model`` (its attribute, or the
        members the model keeps unmodelled)."""
        attribute = next(
            (name for name, field in model.model_fields.items() if field.alias == self.member),
            None,
        )
        if attribute is None:
            return lambda record: self.read(record.model_extra or {})
        if self.ref:

            def read_ref(record: Any) -> str | None:
                value = getattr(record, attribute)
                value = getattr(value, "sourced_id", None)
                return value[:255] if isinstance(value, str) else None

            return read_ref

        def read_field(record: Any) -> str | None:
            value = getattr(record, attribute)
            return value[:255] if isinstance(value, str) else None

        return read_field


def _refs(**members: str) -> dict[str, Column]:
    return {column: Column(member, ref=True) for column, member in members.items()}


def _fields(**members: str) -> dict[str, Column]:
    return {column: Column(member) for column, member in members.items()}


@dataclass(frozen=True)
class CollectionSpec:
    """A mirrored collection.

    Attributes:
        name: The table name, and the client attribute (``client.<name>``).
        model: The typed model of a record.
        columns: The typed columns, by column name.
        gradebook: A gradebook collection (mirrored only when named).
    """

    name: str
    model: type[Any]
    columns: Mapping[str, Column]
    gradebook: bool = False


COLLECTIONS: Mapping[str, CollectionSpec] = {
    spec.name: spec
    for spec in (
        CollectionSpec("orgs", Org, {**_fields(type="type"), **_refs(parent_sourced_id="parent")}),
        CollectionSpec(
            "academic_sessions",
            AcademicSession,
            {**_fields(type="type"), **_refs(parent_sourced_id="parent", org_sourced_id="org")},
        ),
        CollectionSpec(
            "courses",
            Course,
            {**_refs(org_sourced_id="org"), **_fields(course_code="courseCode")},
        ),
        CollectionSpec(
            "classes",
            Class,
            {
                **_refs(course_sourced_id="course", school_sourced_id="school"),
                **_fields(class_code="classCode"),
            },
        ),
        CollectionSpec(
            "users",
            User,
            _fields(
                email="email",
                username="username",
                given_name="givenName",
                family_name="familyName",
            ),
        ),
        CollectionSpec(
            "enrollments",
            Enrollment,
            {
                **_refs(
                    class_sourced_id="class",
                    user_sourced_id="user",
                    school_sourced_id="school",
                ),
                **_fields(role="role"),
            },
        ),
        CollectionSpec("demographics", Demographics, {}),
        CollectionSpec("categories", Category, _fields(title="title"), gradebook=True),
        CollectionSpec(
            "score_scales",
            ScoreScale,
            {**_refs(class_sourced_id="class", course_sourced_id="course"), **_fields(type="type")},
            gradebook=True,
        ),
        CollectionSpec(
            "line_items",
            LineItem,
            _refs(
                class_sourced_id="class",
                school_sourced_id="school",
                category_sourced_id="category",
                grading_period_sourced_id="gradingPeriod",
                academic_session_sourced_id="academicSession",
                score_scale_sourced_id="scoreScale",
            ),
            gradebook=True,
        ),
        CollectionSpec(
            "results",
            Result,
            {
                **_refs(
                    line_item_sourced_id="lineItem",
                    student_sourced_id="student",
                    class_sourced_id="class",
                    score_scale_sourced_id="scoreScale",
                ),
                **_fields(score_status="scoreStatus"),
            },
            gradebook=True,
        ),
        CollectionSpec(
            "assessment_line_items",
            AssessmentLineItem,
            _refs(
                class_sourced_id="class",
                course_sourced_id="course",
                parent_sourced_id="parentAssessmentLineItem",
                score_scale_sourced_id="scoreScale",
            ),
            gradebook=True,
        ),
        CollectionSpec(
            "assessment_results",
            AssessmentResult,
            {
                **_refs(
                    assessment_line_item_sourced_id="assessmentLineItem",
                    student_sourced_id="student",
                    score_scale_sourced_id="scoreScale",
                ),
                **_fields(score_status="scoreStatus"),
            },
            gradebook=True,
        ),
    )
}
"""Every collection a mirror can hold, in the order a run syncs them (referenced first)."""

ROSTER_COLLECTIONS: tuple[str, ...] = tuple(
    name for name, spec in COLLECTIONS.items() if not spec.gradebook
)
"""The rostering collections: what a mirror holds unless told otherwise."""

GRADEBOOK_COLLECTIONS: tuple[str, ...] = tuple(
    name for name, spec in COLLECTIONS.items() if spec.gradebook
)
"""The gradebook collections, mirrored when named in ``collections``."""


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
        self._readers: dict[str, list[tuple[str, Callable[[Any], str | None]]]] = {}
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
        for name, column in spec.columns.items():
            row[name] = column.read(data)
        return row

    def wire_row(
        self, spec: CollectionSpec, record: Any, wire: dict[str, Any], *, as_text: bool
    ) -> dict[str, Any]:
        """The row of a typed record and the JSON object it was read from (kept as ``data``,
        as text when ``as_text``): encoding a plain object costs a fraction of serialising
        the typed record."""
        row: dict[str, Any] = {
            "sourced_id": record.sourced_id,
            "status": record.status,
            "date_last_modified": to_naive_utc(record.date_last_modified),
            "data": pydantic_core.to_json(wire).decode() if as_text else wire,
        }
        for name, column in spec.columns.items():
            row[name] = column.read(wire)
        return row

    def text_row(self, spec: CollectionSpec, record: Any) -> dict[str, Any]:
        """The row of a typed record with its ``data`` already JSON text: one call of the
        model's own serialiser, and the typed columns read from its attributes, build no
        intermediate dict of the record."""
        readers = self._readers.get(spec.name)
        if readers is None:
            readers = [(name, column.reader(spec.model)) for name, column in spec.columns.items()]
            self._readers[spec.name] = readers
        serializer = type(record).__pydantic_serializer__
        row: dict[str, Any] = {
            "sourced_id": record.sourced_id,
            "status": record.status,
            "date_last_modified": to_naive_utc(record.date_last_modified),
            "data": serializer.to_json(record, by_alias=True, exclude_unset=True).decode(),
        }
        for name, read in readers:
            row[name] = read(record)
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
            value = COLLECTIONS["users"].columns["username"].read(data or {})
            if value is not None:
                connection.execute(
                    sa.update(users).where(users.c.sourced_id == sourced_id).values(username=value)
                )
        present = {i["name"] for i in sa.inspect(connection).get_indexes("users")}
        for index in users.indexes:
            if index.name not in present:
                index.create(connection)
