"""The database side of a mirror: blocking SQLAlchemy Core calls, one transaction each.

Both mirrors (async and sync) call these methods; the async one from a worker thread. Every
method that changes the mirror does it in one transaction, and the high-water mark of a
collection is written in the transaction of the batch that reached it: a process killed at any
point leaves the mirror at the end of its last committed batch, and the next run resumes there.
"""

from __future__ import annotations

import json
import operator
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from timeback_sync._errors import FailSafeError
from timeback_sync._events import Conflict
from timeback_sync._schema import COLLECTIONS, TOMBSTONE, CollectionSpec, MirrorSchema

__all__ = ["Counts", "FirstPull", "FullPull", "MirrorStore", "StagedPull", "utc_now"]

Counts = dict[str, int]


def sqlite_datetime(value: datetime) -> str:
    """A naive datetime in the text form SQLAlchemy's ``DateTime`` stores on SQLite."""
    return value.isoformat(" ", "microseconds")


def utc_now() -> datetime:
    """Now, as the mirror stores instants (naive UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _live(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    return sa.or_(column.is_(None), column != TOMBSTONE)


class MirrorStore:
    """The mirror's tables in one database.

    Args:
        url: A SQLAlchemy database URL (``sqlite:///roster.db``,
            ``postgresql+psycopg://user:pass@host/db``).
        engine_options: Passed to `sqlalchemy.create_engine`.
    """

    def __init__(self, url: str | sa.URL, engine_options: Mapping[str, Any] | None = None) -> None:
        self.engine = sa.create_engine(url, **dict(engine_options or {}))
        self.schema = MirrorSchema()
        # SQLite stores JSON as text: rows can carry their ``data`` already serialised (one pass
        # of the model's own serialiser) and go to the driver as plain tuples, which spares a
        # JSON encoding and SQLAlchemy's per-row parameter processing on the bulk paths.
        dialect = self.engine.dialect
        self._json_text = (
            dialect.name == "sqlite" and getattr(dialect, "_json_serializer", None) is None
        )
        if dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _tune_sqlite)

    def open(self) -> int:
        """Create or upgrade the schema; return the version found (0: a new database)."""
        with self.engine.begin() as connection:
            return self.schema.create_or_upgrade(connection)

    def close(self) -> None:
        """Close the engine's connections."""
        self.engine.dispose()

    # -- sync state ---------------------------------------------------------------------------

    def state(self, collection: str) -> dict[str, Any] | None:
        """The ``sync_state`` row of a collection, None before its first run."""
        table = self.schema.state
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(table).where(table.c.collection == collection)
            ).first()
        return dict(row._mapping) if row is not None else None

    def states(self) -> list[dict[str, Any]]:
        """Every ``sync_state`` row."""
        table = self.schema.state
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(table).order_by(table.c.collection)).all()
        return [dict(row._mapping) for row in rows]

    def _save_state(self, connection: sa.Connection, collection: str, **values: Any) -> None:
        table = self.schema.state
        done = connection.execute(
            sa.update(table).where(table.c.collection == collection).values(**values)
        )
        if done.rowcount == 0:
            connection.execute(sa.insert(table).values(collection=collection, **values))

    def finish_run(self, collection: str, **values: Any) -> None:
        """Record the last-run summary of a collection (the mark is not touched)."""
        with self.engine.begin() as connection:
            self._save_state(connection, collection, **values)

    # -- applying pulled records --------------------------------------------------------------

    def row_of(self, spec: CollectionSpec, record: Any) -> dict[str, Any]:
        """The row of a typed record, ready for `stage_rows` / `apply_batch`."""
        if self._json_text:
            return self.schema.text_row(spec, record)
        return self.schema.row(spec, record.to_wire(), copy=False)

    def wire_row_of(
        self, spec: CollectionSpec, record: Any, wire: dict[str, Any]
    ) -> dict[str, Any]:
        """The row of a typed record and the JSON object it was read from."""
        row = self.schema.wire_row(spec, record, wire, as_text=self._json_text)
        if self._json_text and row["date_last_modified"] is not None:
            row["date_last_modified"] = sqlite_datetime(row["date_last_modified"])
        return row

    def _insert_staged(
        self, connection: sa.Connection, collection: str, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        self._insert_rows(connection, self.schema.staging[collection], rows)

    def _insert_rows(
        self, connection: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        unique = _unique(rows)
        if not self._json_text:
            connection.execute(sa.insert(table), unique)
            return
        names = [column.name for column in table.columns]
        data_at, stamp_at = names.index("data"), names.index("date_last_modified")
        values_of = operator.itemgetter(*names)
        values = []
        for row in unique:
            value = values_of(row)
            data, stamp = value[data_at], value[stamp_at]
            if isinstance(data, str) and not isinstance(stamp, datetime):
                values.append(value)  # a row made for this path: text already
                continue
            fixed = list(value)
            if not isinstance(data, str):
                fixed[data_at] = json.dumps(data)
            if isinstance(stamp, datetime):
                fixed[stamp_at] = sqlite_datetime(stamp)
            values.append(tuple(fixed))
        quoted = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
        connection.exec_driver_sql(statement, values)

    def start_full_pull(self, collection: str, *, threshold: float, force: bool) -> FullPull:
        """Prepare the writing of a full pull: straight into the table when the collection
        has no rows yet (its first pull), else through the staging table; ``threshold`` and
        ``force`` are the fail-safe's (see `apply_full`)."""
        table = self.schema.tables[collection]
        with self.engine.connect() as connection:
            empty = connection.execute(sa.select(table.c.sourced_id).limit(1)).first() is None
        if empty:
            return FirstPull(self, collection, threshold, force)
        self.clear_staging(collection)
        return StagedPull(self, collection, threshold, force)

    def clear_staging(self, collection: str) -> None:
        """Forget the records of an unfinished full pull."""
        with self.engine.begin() as connection:
            connection.execute(sa.delete(self.schema.staging[collection]))

    def stage_rows(
        self, collection: str, rows: Sequence[Mapping[str, Any]], *, replace: bool = True
    ) -> None:
        """Store one page of a full pull in the staging table (one transaction).

        ``replace=False`` promises that no row of the page is staged already (the caller
        tracks the ids), which spares a delete per page.
        """
        if not rows:
            return
        staging = self.schema.staging[collection]
        with self.engine.begin() as connection:
            if replace:
                # A record moved between pages of an offset pull may come twice: keep the last.
                ids = [row["sourced_id"] for row in rows]
                connection.execute(sa.delete(staging).where(staging.c.sourced_id.in_(ids)))
            self._insert_staged(connection, collection, rows)

    def _apply_staged(
        self, connection: sa.Connection, collection: str, run_id: str, *, newer_only: bool
    ) -> Counts:
        """Merge the staging table into the collection's table, logging every change."""
        table = self.schema.tables[collection]
        staging = self.schema.staging[collection]
        same_id = table.c.sourced_id == staging.c.sourced_id
        if newer_only:  # a change feed: only a newer version replaces the local one
            differs = sa.or_(
                table.c.date_last_modified.is_(None),
                staging.c.date_last_modified.is_(None),
                staging.c.date_last_modified > table.c.date_last_modified,
            )
        else:  # a full pull: the platform's version, whatever it is
            differs = sa.or_(
                staging.c.date_last_modified.is_distinct_from(table.c.date_last_modified),
                staging.c.status.is_distinct_from(table.c.status),
            )
        is_new = ~sa.select(table.c.sourced_id).where(same_id).exists()
        gone = staging.c.status == TOMBSTONE
        received = connection.execute(sa.select(sa.func.count()).select_from(staging)).scalar_one()
        new_rows = connection.execute(
            sa.select(sa.func.count(), sa.func.count(sa.case((gone, 1))))
            .select_from(staging)
            .where(is_new)
        ).one()
        changed = connection.execute(
            sa.select(sa.func.count(), sa.func.count(sa.case((gone, 1))))
            .select_from(staging.join(table, same_id))
            .where(differs)
        ).one()
        operation = sa.case((gone, "deleted"), else_="created")
        self._log_changes(connection, run_id, collection, staging, operation, staging, is_new)
        operation = sa.case((gone, "deleted"), else_="updated")
        joined = staging.join(table, same_id)
        self._log_changes(connection, run_id, collection, staging, operation, joined, differs)
        connection.execute(
            sa.delete(table).where(sa.select(staging.c.sourced_id).where(same_id, differs).exists())
        )
        names = [column.name for column in table.columns]
        connection.execute(
            sa.insert(table).from_select(
                names, sa.select(*[staging.c[name] for name in names]).where(is_new)
            )
        )
        new_gone, changed_gone = int(new_rows[1]), int(changed[1])
        added = int(new_rows[0]) - new_gone
        updated = int(changed[0]) - changed_gone
        deleted = new_gone + changed_gone
        return {
            "added": added,
            "updated": updated,
            "deleted": deleted,
            "unchanged": int(received) - int(new_rows[0]) - int(changed[0]),
        }

    def _log_changes(
        self,
        connection: sa.Connection,
        run_id: str,
        collection: str,
        rows: sa.Table,
        operation: sa.ColumnElement[str],
        select_from: sa.FromClause,
        where: sa.ColumnElement[bool] | None,
    ) -> None:
        """Log a change (``operation``) for each of ``rows`` in ``select_from`` where
        ``where`` holds, in one statement."""
        query = sa.select(
            sa.literal(run_id),
            sa.literal(collection),
            rows.c.sourced_id,
            operation,
            rows.c.date_last_modified,
            sa.literal(utc_now(), sa.DateTime()),
        ).select_from(select_from)
        if where is not None:
            query = query.where(where)
        columns = ["run_id", "collection", "sourced_id", "operation", "date_last_modified"]
        connection.execute(
            sa.insert(self.schema.changes).from_select([*columns, "recorded_at"], query)
        )

    def apply_batch(
        self,
        collection: str,
        run_id: str,
        rows: Sequence[Mapping[str, Any]],
        mark: datetime,
    ) -> Counts:
        """Apply a batch of a change feed and advance the mark, in one transaction."""
        staging = self.schema.staging[collection]
        with self.engine.begin() as connection:
            connection.execute(sa.delete(staging))
            if rows:
                self._insert_staged(connection, collection, rows)
            counts = self._apply_staged(connection, collection, run_id, newer_only=True)
            connection.execute(sa.delete(staging))
            self._save_state(connection, collection, mark=mark)
        return counts

    def apply_full(
        self,
        collection: str,
        run_id: str,
        *,
        mark: datetime,
        reported_total: int | None,
        threshold: float,
        force: bool,
    ) -> Counts:
        """Apply a finished full pull (in staging) with its mark, in one transaction.

        Rows the pull did not contain become tombstones.

        Raises:
            FailSafeError: The pull would remove more than ``threshold`` of the live rows, or
                its size differs from ``reported_total`` (unless ``force``); nothing changed.
        """
        table = self.schema.tables[collection]
        staging = self.schema.staging[collection]
        same_id = table.c.sourced_id == staging.c.sourced_id
        in_pull = sa.select(staging.c.sourced_id).where(same_id).exists()
        with self.engine.begin() as connection:
            local_rows = connection.execute(
                sa.select(sa.func.count()).select_from(table).where(_live(table.c.status))
            ).scalar_one()
            missing = connection.execute(
                sa.select(table.c.sourced_id, table.c.data).where(_live(table.c.status), ~in_pull)
            ).all()
            deactivated = connection.execute(
                sa.select(sa.func.count())
                .select_from(staging.join(table, same_id))
                .where(staging.c.status == TOMBSTONE, _live(table.c.status))
            ).scalar_one()
            received = connection.execute(
                sa.select(sa.func.count()).select_from(staging)
            ).scalar_one()
            would_remove = len(missing) + int(deactivated)
            too_many = local_rows > 0 and would_remove > threshold * local_rows
            miscounted = reported_total is not None and received != reported_total
            if (too_many or miscounted) and not force:
                raise FailSafeError(
                    collection,
                    local_rows=int(local_rows),
                    would_remove=would_remove,
                    received=int(received),
                    reported_total=reported_total,
                    threshold=threshold,
                )
            counts = self._apply_staged(connection, collection, run_id, newer_only=False)
            now = utc_now()
            for sourced_id, data in missing:  # gone from the platform: keep a tombstone
                tombstone = dict(data or {})
                tombstone["status"] = TOMBSTONE
                connection.execute(
                    sa.update(table)
                    .where(table.c.sourced_id == sourced_id)
                    .values(status=TOMBSTONE, data=tombstone)
                )
                connection.execute(
                    sa.insert(self.schema.changes).values(
                        run_id=run_id,
                        collection=collection,
                        sourced_id=sourced_id,
                        operation="deleted",
                        date_last_modified=None,
                        recorded_at=now,
                    )
                )
            counts["deleted"] += len(missing)
            connection.execute(sa.delete(staging))
            self._save_state(connection, collection, mark=mark, platform_total=reported_total)
        return counts

    # -- reading ------------------------------------------------------------------------------

    def get(self, collection: str, sourced_id: str) -> dict[str, Any] | None:
        """The stored record (wire form) with this id, None if the mirror has none."""
        table = self.schema.tables[collection]
        with self.engine.connect() as connection:
            data = connection.execute(
                sa.select(table.c.data).where(table.c.sourced_id == sourced_id)
            ).scalar()
        return dict(data) if data is not None else None

    def find(
        self, collection: str, where: Mapping[str, Any], limit: int | None
    ) -> list[dict[str, Any]]:
        """Stored records whose columns equal the given values, in ``sourced_id`` order."""
        table = self.schema.tables[collection]
        query = sa.select(table.c.data).order_by(table.c.sourced_id)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [dict(data) for data in connection.execute(query).scalars()]

    def count(self, collection: str, *, live_only: bool = True) -> int:
        """Rows of a collection (live ones only, unless told otherwise)."""
        table = self.schema.tables[collection]
        query = sa.select(sa.func.count()).select_from(table)
        if live_only:
            query = query.where(_live(table.c.status))
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def changes_of(self, run_id: str) -> list[dict[str, Any]]:
        """The change-log entries of a run, with each record's stored data, in log order."""
        changes = self.schema.changes
        out: list[dict[str, Any]] = []
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(changes).where(changes.c.run_id == run_id).order_by(changes.c.id)
            ).all()
            by_collection: dict[str, list[str]] = {}
            for row in rows:
                by_collection.setdefault(row.collection, []).append(row.sourced_id)
            data: dict[tuple[str, str], Any] = {}
            for collection, ids in by_collection.items():
                table = self.schema.tables[collection]
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    for sourced_id, record in connection.execute(
                        sa.select(table.c.sourced_id, table.c.data).where(
                            table.c.sourced_id.in_(chunk)
                        )
                    ):
                        data[collection, sourced_id] = record
            for row in rows:
                entry = dict(row._mapping)
                entry["data"] = data.get((row.collection, row.sourced_id))
                out.append(entry)
        return out

    # -- outbox and conflicts -----------------------------------------------------------------

    def stage(
        self, collection: str, sourced_id: str, operation: str, data: Mapping[str, Any] | None
    ) -> int:
        """Queue a local change; its base is the version the mirror holds now."""
        table = self.schema.tables[collection]
        outbox = self.schema.outbox
        with self.engine.begin() as connection:
            base = connection.execute(
                sa.select(table.c.date_last_modified).where(table.c.sourced_id == sourced_id)
            ).scalar()
            result = connection.execute(
                sa.insert(outbox).values(
                    collection=collection,
                    sourced_id=sourced_id,
                    operation=operation,
                    data=dict(data) if data is not None else None,
                    base_modified=base,
                    staged_at=utc_now(),
                    state="pending",
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def pending(self) -> list[dict[str, Any]]:
        """The staged changes not pushed yet, in staging order, with the mirror's version."""
        outbox = self.schema.outbox
        out: list[dict[str, Any]] = []
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(outbox).where(outbox.c.state == "pending").order_by(outbox.c.id)
            ).all()
            for row in rows:
                table = self.schema.tables[row.collection]
                current = connection.execute(
                    sa.select(table.c.date_last_modified, table.c.data).where(
                        table.c.sourced_id == row.sourced_id
                    )
                ).first()
                entry = dict(row._mapping)
                entry["platform_modified"] = current[0] if current is not None else None
                entry["platform_data"] = current[1] if current is not None else None
                out.append(entry)
        return out

    def pending_collections(self) -> list[str]:
        """Collections with staged changes waiting."""
        outbox = self.schema.outbox
        with self.engine.connect() as connection:
            found = set(
                connection.execute(
                    sa.select(outbox.c.collection).where(outbox.c.state == "pending").distinct()
                ).scalars()
            )
        return [name for name in COLLECTIONS if name in found]

    def settle(self, outcomes: Iterable[tuple[int, str, str | None]]) -> None:
        """Record outcomes of staged changes: (outbox id, state, outcome)."""
        outbox = self.schema.outbox
        now = utc_now()
        with self.engine.begin() as connection:
            for outbox_id, state, outcome in outcomes:
                connection.execute(
                    sa.update(outbox)
                    .where(outbox.c.id == outbox_id)
                    .values(state=state, outcome=outcome, pushed_at=now)
                )

    def add_conflict(self, item: Mapping[str, Any], resolution: str | None) -> int:
        """Record a conflict of a staged change (resolved already, or for a person)."""
        conflicts = self.schema.conflicts
        with self.engine.begin() as connection:
            result = connection.execute(
                sa.insert(conflicts).values(
                    outbox_id=item["id"],
                    collection=item["collection"],
                    sourced_id=item["sourced_id"],
                    operation=item["operation"],
                    local_data=item["data"],
                    platform_data=item["platform_data"],
                    base_modified=item["base_modified"],
                    platform_modified=item["platform_modified"],
                    detected_at=utc_now(),
                    resolution=resolution,
                    resolved_at=utc_now() if resolution is not None else None,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def conflicts(self, *, unresolved_only: bool) -> list[Conflict]:
        """The recorded conflicts, oldest first."""
        table = self.schema.conflicts
        query = sa.select(table).order_by(table.c.id)
        if unresolved_only:
            query = query.where(table.c.resolution.is_(None))
        with self.engine.connect() as connection:
            return [Conflict(**dict(row._mapping)) for row in connection.execute(query)]

    def resolve(self, conflict_id: int, resolution: str) -> Conflict | None:
        """Decide a conflict: ``local`` queues the change again over the platform's version,
        ``platform`` drops it. Returns the conflict, None if no undecided one has this id."""
        table = self.schema.conflicts
        outbox = self.schema.outbox
        with self.engine.begin() as connection:
            row = connection.execute(
                sa.select(table).where(table.c.id == conflict_id, table.c.resolution.is_(None))
            ).first()
            if row is None:
                return None
            connection.execute(
                sa.update(table)
                .where(table.c.id == conflict_id)
                .values(resolution=resolution, resolved_at=utc_now())
            )
            values: dict[str, Any] = {"state": "superseded", "outcome": "platform kept"}
            if resolution == "local":
                values = {"state": "pending", "base_modified": row.platform_modified}
            connection.execute(sa.update(outbox).where(outbox.c.id == row.outbox_id).values(values))
        return Conflict(**{**dict(row._mapping), "resolution": resolution})


class FullPull(ABC):
    """Where the pages of a full pull go, and how the finished pull is applied.

    Args:
        store: The mirror's store.
        collection: The pulled collection.
        threshold: The fail-safe's largest fraction of live rows the pull may remove.
        force: Apply the pull even if the fail-safe refuses it.
    """

    def __init__(self, store: MirrorStore, collection: str, threshold: float, force: bool) -> None:
        self.store = store
        self.collection = collection
        self.threshold = threshold
        self.force = force

    @abstractmethod
    def write(self, rows: Sequence[Mapping[str, Any]], *, replace: bool) -> None:
        """Keep some rows of the pull (``replace``: some may have been written already)."""

    @abstractmethod
    def finish(self, run_id: str, mark: datetime, reported_total: int | None) -> Counts:
        """Check and apply the whole pull with its mark.

        Raises:
            FailSafeError: The pull looks wrong (see `MirrorStore.apply_full`); nothing changed.
        """

    # Not abstract: only a first pull holds something to give up (its open transaction).
    def close(self) -> None:  # noqa: B027
        """Give up an unfinished pull (nothing of it reaches the mirror)."""


class StagedPull(FullPull):
    """A full pull of a collection that has rows: staged, then merged by `apply_full`."""

    def write(self, rows: Sequence[Mapping[str, Any]], *, replace: bool) -> None:
        self.store.stage_rows(self.collection, rows, replace=replace)

    def finish(self, run_id: str, mark: datetime, reported_total: int | None) -> Counts:
        try:
            return self.store.apply_full(
                self.collection,
                run_id,
                mark=mark,
                reported_total=reported_total,
                threshold=self.threshold,
                force=self.force,
            )
        except FailSafeError:
            self.store.clear_staging(self.collection)  # the refused pull
            raise


class FirstPull(FullPull):
    """The first pull of a collection, written straight into its (empty) table.

    The pages go into one transaction that stays open until the pull is complete and checked:
    readers never see a partial pull, a refused or interrupted one is rolled back, and the
    records are written once instead of staged and then copied.
    """

    def __init__(self, store: MirrorStore, collection: str, threshold: float, force: bool) -> None:
        super().__init__(store, collection, threshold, force)
        self.table = store.schema.tables[collection]
        self.connection = store.engine.connect()
        self.transaction = self.connection.begin()

    def write(self, rows: Sequence[Mapping[str, Any]], *, replace: bool) -> None:
        if not rows:
            return
        if replace:
            ids = [row["sourced_id"] for row in rows]
            self.connection.execute(sa.delete(self.table).where(self.table.c.sourced_id.in_(ids)))
        self.store._insert_rows(self.connection, self.table, rows)

    def finish(self, run_id: str, mark: datetime, reported_total: int | None) -> Counts:
        table, connection = self.table, self.connection
        try:
            gone = table.c.status == TOMBSTONE
            received, deleted = connection.execute(
                sa.select(sa.func.count(), sa.func.count(sa.case((gone, 1)))).select_from(table)
            ).one()
            if reported_total is not None and received != reported_total and not self.force:
                raise FailSafeError(
                    self.collection,
                    local_rows=0,
                    would_remove=0,
                    received=int(received),
                    reported_total=reported_total,
                    threshold=self.threshold,
                )
            operation = sa.case((gone, "deleted"), else_="created")
            self.store._log_changes(
                connection, run_id, self.collection, table, operation, table, None
            )
            self.store._save_state(
                connection, self.collection, mark=mark, platform_total=reported_total
            )
            self.transaction.commit()
        finally:
            self.close()
        return {
            "added": int(received) - int(deleted),
            "updated": 0,
            "deleted": int(deleted),
            "unchanged": 0,
        }

    def close(self) -> None:
        if self.transaction.is_active:
            self.transaction.rollback()
        self.connection.close()


def _tune_sqlite(connection: Any, _record: Any) -> None:
    """Write-ahead logging: readers never block the sync, and a commit needs no full fsync of
    the database (a crash still leaves it at its last committed batch); wait for a lock held by
    another process (a reader, a second runner) instead of failing at once. A larger page cache
    (64 MiB instead of 2 MiB) keeps the indexes of a big collection in memory while a full pull
    is staged and applied; it changes nothing about durability."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _unique(rows: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
    """The rows with one per id, the last one winning (feeds deliver newest last)."""
    by_id: dict[str, Mapping[str, Any]] = {row["sourced_id"]: row for row in rows}
    return rows if len(by_id) == len(rows) else list(by_id.values())


def spec_of(collection: str) -> CollectionSpec:
    """The spec of a collection name (callers check the name first)."""
    return COLLECTIONS[collection]
