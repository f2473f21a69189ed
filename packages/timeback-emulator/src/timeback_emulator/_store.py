"""SQLite-backed document store for the OneRoster collections (the engine; what the collections
hold and which kind each field is lives in `timeback_emulator._schema`).

Documents are kept in canonical wire form (camelCase JSON, references as
``{"sourcedId": ..., "type": ...}``), one table per collection (``doc_<collection>``) with the
columns ``sid`` (the sourcedId), ``doc`` (JSON text), ``rev`` (a write counter, so renderers
can cache per revision in :attr:`Store.render_cache`), ``status``, ``dlm`` (dateLastModified) and
a few indexed reference columns. ``users.roles`` is mirrored in a side table so that role and
school look-ups avoid scanning JSON arrays.

Filters use the OneRoster grammar of :mod:`timeback_emulator._filter`, translated to SQL over
``json_extract``/``json_each``; reference look-ups that scoped listings need are indexed.

Every method takes a re-entrant lock, so the store may be shared by threads (for example a uvicorn
thread and a test seeding data). Other emulator parts may create their own tables on
:attr:`Store.conn`; table names starting with ``doc_`` are reserved.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from timeback_emulator._filter import (
    FieldSpec,
    FilterError,
    Node,
    compile_filter,
    icontains,
    normalize_timestamp,
    parse_filter,
    resolve_field,
)
from timeback_emulator._schema import COLLECTIONS, FILTER_ALIASES

__all__ = [
    "DuplicateError",
    "NotFoundError",
    "Page",
    "Row",
    "SortError",
    "Store",
    "StoreError",
    "column_sql",
    "now_iso",
]


class StoreError(Exception):
    """Base class of store errors."""


class DuplicateError(StoreError):
    """An insert with a sourcedId that already exists."""


class NotFoundError(StoreError):
    """An update, patch or delete of a sourcedId that does not exist."""


class SortError(StoreError, ValueError):
    """An unknown sort field."""


def now_iso() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    now = datetime.now(timezone.utc)
    return f"{now:%Y-%m-%dT%H:%M:%S}.{now.microsecond // 1000:03d}Z"


# Reference paths copied into indexed columns (c0, c1, ...) for scoped listings, look-ups and
# fast filters. Every collection also has the columns ``status`` and ``dlm`` (dateLastModified).
_INDEXES: dict[str, tuple[str, ...]] = {
    "users": ("$.email", "$.givenName", "$.familyName"),
    "academicSessions": ("$.type", "$.parent.sourcedId", "$.org.sourcedId"),
    "orgs": ("$.type",),
    "courses": ("$.org.sourcedId",),
    "classes": ("$.course.sourcedId", "$.school.sourcedId"),
    "enrollments": ("$.class.sourcedId", "$.user.sourcedId", "$.school.sourcedId"),
    "courseComponents": ("$.course.sourcedId",),
    "componentResources": ("$.courseComponent.sourcedId",),
    "lineItems": ("$.class.sourcedId", "$.school.sourcedId"),
    "results": ("$.lineItem.sourcedId", "$.student.sourcedId", "$.class.sourcedId"),
    "assessmentResults": ("$.assessmentLineItem.sourcedId", "$.student.sourcedId"),
    "resourceAssignments": ("$.parent.sourcedId",),
    "credentials": ("$.user.sourcedId",),
}


# Arrays of objects mirrored into side tables ``doc_<collection>__<member>`` (sid, a0, a1, ...),
# one row per element, so "any element matches" predicates use an index instead of json_each.
_ARRAYS: dict[str, dict[str, tuple[str, ...]]] = {
    "users": {
        "$.roles": ("$.role", "$.org.sourcedId", "$.roleType"),
        "$.agents": ("$.sourcedId",),
    },
}


def side_table(collection: str, array_path: str) -> str:
    """Name (quoted) of the side table mirroring an array member of a collection."""
    return f'"doc_{collection}__{array_path[2:]}"'


def side_tables(collection: str) -> dict[str, tuple[str, dict[str, str]]]:
    """For each mirrored array path: (side table, {element sub-path: column})."""
    return {
        array: (side_table(collection, array), {sub: f"a{i}" for i, sub in enumerate(subs)})
        for array, subs in _ARRAYS.get(collection, {}).items()
    }


def column_sql(collection: str, path: str, alias: str = "t") -> str:
    """SQL expression of a JSON path (``$.class.sourcedId``) over a collection's rows.

    The indexed column when the path has one (``status``, ``dlm``, ``c0``...), else
    ``json_extract`` over the document; both give the same values.
    """
    if path == "$.sourcedId":
        return f"{alias}.sid"
    if path == "$.status":
        return f"{alias}.status"
    if path == "$.dateLastModified":
        return f"{alias}.dlm"
    paths = _INDEXES.get(collection, ())
    if path in paths:
        return f"{alias}.c{paths.index(path)}"
    return f"json_extract({alias}.doc, '{path}')"


def _search(needle: str, *values: Any) -> int:
    """SQL helper: 1 when any string value contains the (lower-cased) needle, ignoring case."""
    return 1 if any(isinstance(v, str) and needle in v.lower() for v in values) else 0


def _sql_value(value: Any) -> Any:
    """The value ``json_extract`` would give for a JSON member (so columns and JSON agree)."""
    if value is None or isinstance(value, (str, int, float)):
        return int(value) if isinstance(value, bool) else value
    return json.dumps(value, separators=(",", ":"))


def _extractor(paths: Sequence[str]) -> Any:
    """A function giving the column values of a document for the given JSON paths."""
    keys = [
        (parts[0], parts[1] if len(parts) > 1 else None)
        for parts in (path[2:].split(".", 1) for path in paths)
    ]

    def values(doc: Mapping[str, Any]) -> list[Any]:
        out: list[Any] = []
        for first, second in keys:
            value = doc.get(first)
            if second is not None:
                value = value.get(second) if isinstance(value, dict) else None
            out.append(value if value is None or type(value) is str else _sql_value(value))
        return out

    return values


_CANONICAL_TS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_COLLECTION_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _table(collection: str) -> str:
    return f'"doc_{collection}"'


def _dumps(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"))


@dataclass(frozen=True)
class Row:
    """One stored document as text (``doc``, canonical JSON) and its revision."""

    sid: str
    doc: str
    rev: int


@dataclass(frozen=True)
class Page:
    """A page of rows plus the total number of matching rows (None when not requested)."""

    rows: list[Row]
    total: int | None


class Store:
    """SQLite document store over the OneRoster collections.

    Args:
        path: SQLite database file; None keeps everything in memory.

    Attributes:
        conn: The SQLite connection (autocommit mode). Other emulator parts may create their own
            tables on it; hold :attr:`lock` while using it from several threads.
        lock: The re-entrant lock every store method takes.
        render_cache: Per collection, sourcedId -> (rev, rendered text); owned by renderers,
            who must check the revision (every write changes it).
    """

    def __init__(self, path: str | None = None) -> None:
        self.conn: sqlite3.Connection = sqlite3.connect(
            path or ":memory:", check_same_thread=False, isolation_level=None
        )
        self.lock = threading.RLock()
        self._rev = itertools.count(time.time_ns())
        self._known: set[str] = set()
        self.render_cache: dict[str, dict[str, tuple[int, str]]] = {}
        self._extract: dict[str, Any] = {}
        self._columns: dict[str, dict[str, str]] = {}
        self._insert_cols: dict[str, str] = {}
        self._update_set: dict[str, str] = {}
        conn = self.conn
        conn.execute("PRAGMA journal_mode=MEMORY" if path is None else "PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.create_function("tb_icontains", 2, icontains, deterministic=True)
        conn.create_function("tb_ts", 1, normalize_timestamp, deterministic=True)
        conn.create_function("tb_search", -1, _search, deterministic=True)
        with self.lock:
            for name in COLLECTIONS:
                self.ensure_collection(name)

    # ---------------------------------------------------------------- housekeeping

    @property
    def collections(self) -> tuple[str, ...]:
        """Names of the collections that have a table."""
        return tuple(sorted(self._known))

    def ensure_collection(self, collection: str) -> None:
        """Create the table (and indexes) of a collection if it does not exist yet.

        Raises:
            ValueError: The name is not a plain identifier.
        """
        if collection in self._known:
            return
        if not _COLLECTION_NAME_RE.fullmatch(collection):
            raise ValueError(f"invalid collection name {collection!r}")
        with self.lock:
            table = _table(collection)
            paths = _INDEXES.get(collection, ())
            extra = "".join(f", c{i}" for i in range(len(paths)))
            self.conn.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (rid INTEGER PRIMARY KEY,"
                " sid TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, rev INTEGER NOT NULL,"
                f" status TEXT, dlm TEXT{extra})"
            )
            for i in range(len(paths)):
                self.conn.execute(
                    f'CREATE INDEX IF NOT EXISTS "ix_{collection}_c{i}" ON {table}(c{i})'
                )
            for array, subs in _ARRAYS.get(collection, {}).items():
                side = side_table(collection, array)
                cols = "".join(f", a{i}" for i in range(len(subs)))
                self.conn.execute(f"CREATE TABLE IF NOT EXISTS {side} (sid TEXT NOT NULL{cols})")
                name = f"{collection}__{array[2:]}"
                self.conn.execute(f'CREATE INDEX IF NOT EXISTS "ix_{name}_sid" ON {side}(sid)')
                for i in range(len(subs)):
                    self.conn.execute(
                        f'CREATE INDEX IF NOT EXISTS "ix_{name}_a{i}" ON {side}(a{i}, sid)'
                    )
            extract = _extractor(("$.status", "$.dateLastModified", *paths))
            names = ["sid", "doc", "rev", "status", "dlm", *(f"c{i}" for i in range(len(paths)))]
            self._extract[collection] = extract
            self._columns[collection] = {
                "$.sourcedId": "sid",
                "$.status": "status",
                "$.dateLastModified": "dlm",
                **{path: f"c{i}" for i, path in enumerate(paths)},
            }
            self._insert_cols[collection] = (
                "(" + ", ".join(names) + ") VALUES (" + ", ".join("?" * len(names)) + ")"
            )
            self._update_set[collection] = ", ".join(
                f"{name} = excluded.{name}" for name in names[1:]
            )
            self._known.add(collection)

    def _check(self, collection: str) -> str:
        if collection not in self._known:
            self.ensure_collection(collection)
        return _table(collection)

    def schema(self, collection: str) -> Mapping[str, FieldSpec]:
        """Field specs of a collection (empty for collections without a schema)."""
        return COLLECTIONS.get(collection, {})

    def filter_schema(self, collection: str) -> Mapping[str, FieldSpec]:
        """Field specs a filter on a collection may name: its fields and its filter aliases."""
        aliases = FILTER_ALIASES.get(collection)
        schema = self.schema(collection)
        return {**schema, **aliases} if aliases else schema

    def column(self, collection: str, path: str, alias: str = "t") -> str:
        """SQL expression of a JSON path of a collection's rows (see :func:`column_sql`)."""
        self._check(collection)
        return column_sql(collection, path, alias)

    def _side_rows(
        self, collection: str, sid: str, doc: Mapping[str, Any]
    ) -> list[tuple[str, list[list[Any]]]]:
        out = []
        for array, subs in _ARRAYS.get(collection, {}).items():
            value = doc.get(array[2:])
            if isinstance(value, list):
                items = value
            elif isinstance(value, dict):
                items = list(value.values())
            else:
                items = [] if value is None else [value]
            extract = _extractor(subs)
            rows = [[sid, *extract(item if isinstance(item, dict) else {})] for item in items]
            out.append((side_table(collection, array), rows))
        return out

    def _write_sides(self, collection: str, sid: str, doc: Mapping[str, Any] | None) -> None:
        for array in _ARRAYS.get(collection, {}):
            self.conn.execute(f"DELETE FROM {side_table(collection, array)} WHERE sid = ?", (sid,))
        if doc is None:
            return
        for side, rows in self._side_rows(collection, sid, doc):
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                self.conn.executemany(f"INSERT INTO {side} VALUES ({marks})", rows)

    def _column_exprs(self, collection: str) -> dict[str, str]:
        return {path: f"t.{name}" for path, name in self._columns[collection].items()}

    def _row_values(self, collection: str, sid: str, doc: Mapping[str, Any], rev: int) -> list[Any]:
        return [sid, _dumps(doc), rev, *self._extract[collection](doc)]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and run the block in one SQLite transaction (nestable)."""
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def clear(self, collection: str | None = None) -> None:
        """Delete every document of one collection, or of all of them."""
        with self.transaction():
            for name in [collection] if collection else list(self._known):
                self.conn.execute(f"DELETE FROM {self._check(name)}")
                for array in _ARRAYS.get(name, {}):
                    self.conn.execute(f"DELETE FROM {side_table(name, array)}")

    # ---------------------------------------------------------------- reads

    def get(self, collection: str, sourced_id: str) -> dict[str, Any] | None:
        """The document with this sourcedId, or None."""
        table = self._check(collection)
        with self.lock:
            row = self.conn.execute(f"SELECT doc FROM {table} WHERE sid = ?", (sourced_id,))
            found = row.fetchone()
        return None if found is None else dict(json.loads(found[0]))

    def get_row(self, collection: str, sourced_id: str) -> Row | None:
        """The stored row (document text, render cache, revision) or None."""
        table = self._check(collection)
        with self.lock:
            found = self.conn.execute(
                f"SELECT sid, doc, rev FROM {table} WHERE sid = ?", (sourced_id,)
            ).fetchone()
        return None if found is None else Row(*found)

    def exists(self, collection: str, sourced_id: str) -> bool:
        """Whether a document with this sourcedId exists (whatever its status)."""
        table = self._check(collection)
        with self.lock:
            found = self.conn.execute(f"SELECT 1 FROM {table} WHERE sid = ?", (sourced_id,))
            return found.fetchone() is not None

    def get_many(self, collection: str, sourced_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Documents by sourcedId (missing ids are left out)."""
        table = self._check(collection)
        ids = list(dict.fromkeys(sourced_ids))
        out: dict[str, dict[str, Any]] = {}
        with self.lock:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                for sid, doc in self.conn.execute(
                    f"SELECT sid, doc FROM {table} WHERE sid IN ({marks})", chunk
                ):
                    out[sid] = json.loads(doc)
        return out

    def find(
        self,
        collection: str,
        *,
        filter: str | Node | None = None,
        search: str | None = None,
        search_fields: Sequence[str] = (),
        sort: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Documents matching a OneRoster filter, ordered by ``sort`` then sourcedId.

        Args:
            collection: Collection wire name, e.g. ``"enrollments"``.
            filter: OneRoster filter expression (string or parsed), e.g.
                ``"user.sourcedId='u1' AND status='active'"``.
            search: Case-insensitive substring looked for in ``search_fields`` (OR).
            search_fields: Top-level string fields searched.
            sort: Field (dotted reference paths allowed) to order by; default sourcedId.
            descending: Reverse the order.
            limit: Maximum number of documents; None for all.
            offset: Number of matching documents to skip.

        Returns:
            The documents (fresh dicts).

        Raises:
            FilterError: The filter does not parse or names an unknown field.
            SortError: Unknown sort field.
        """
        page = self.page(
            collection,
            filters=[filter] if filter is not None else [],
            search=search,
            search_fields=search_fields,
            sort=sort,
            descending=descending,
            limit=limit,
            offset=offset,
            with_total=False,
        )
        return [json.loads(row.doc) for row in page.rows]

    def count(
        self,
        collection: str,
        *,
        filter: str | Node | None = None,
        search: str | None = None,
        search_fields: Sequence[str] = (),
    ) -> int:
        """Number of documents matching a filter (see :meth:`find`)."""
        table = self._check(collection)
        where, params = self._where(
            collection, [filter] if filter is not None else [], (), search, search_fields
        )
        with self.lock:
            found = self.conn.execute(f"SELECT count(*) FROM {table} AS t{where}", params)
            return int(found.fetchone()[0])

    def page(
        self,
        collection: str,
        *,
        filters: Sequence[str | Node] = (),
        conditions: Sequence[tuple[str, Sequence[Any]]] = (),
        search: str | None = None,
        search_fields: Sequence[str] = (),
        sort: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
        with_total: bool = True,
    ) -> Page:
        """One page of rows, as text, plus the total count (the routes' fast path).

        Args:
            collection: Collection wire name.
            filters: Filter expressions, AND-ed.
            conditions: Extra SQL conditions with parameters, AND-ed; the table alias is ``t``
                and its JSON column ``t.doc``.
            search: See :meth:`find`.
            search_fields: See :meth:`find`.
            sort: See :meth:`find`.
            descending: See :meth:`find`.
            limit: See :meth:`find`.
            offset: See :meth:`find`.
            with_total: Also count every matching row.

        Returns:
            The rows and the total.

        Raises:
            FilterError: A filter does not parse or names an unknown field.
            SortError: Unknown sort field.
        """
        table = self._check(collection)
        where, params = self._where(collection, filters, conditions, search, search_fields)
        direction = "DESC" if descending else "ASC"
        if sort is None or sort == "sourcedId":
            order = f"t.sid {direction}"
        else:
            order = f"{self._sort_expr(collection, sort)} {direction}, t.sid ASC"
        sql = f"SELECT t.sid, t.doc, t.rev FROM {table} AS t{where} ORDER BY {order}"
        page_params = list(params)
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            page_params += [-1 if limit is None else limit, offset]
        with self.lock:
            rows = [Row(*r) for r in self.conn.execute(sql, page_params)]
            total = None
            if with_total:
                if not where and limit is None and not offset:
                    total = len(rows)
                else:
                    counted = self.conn.execute(f"SELECT count(*) FROM {table} AS t{where}", params)
                    total = int(counted.fetchone()[0])
        return Page(rows, total)

    def _where(
        self,
        collection: str,
        filters: Sequence[str | Node],
        conditions: Sequence[tuple[str, Sequence[Any]]],
        search: str | None,
        search_fields: Sequence[str],
    ) -> tuple[str, list[Any]]:
        schema = self.filter_schema(collection)
        parts: list[str] = []
        params: list[Any] = []
        for item in filters:
            node = parse_filter(item) if isinstance(item, str) else item
            sql, sql_params = compile_filter(
                node,
                schema,
                doc="t.doc",
                columns=self._column_exprs(collection),
                arrays=side_tables(collection),
                sid="t.sid",
            )
            parts.append(sql)
            params += sql_params
        for condition, condition_params in conditions:
            parts.append(condition)
            params.extend(condition_params)
        if search:
            if search_fields:
                exprs = ", ".join(self.column(collection, "$." + name) for name in search_fields)
                parts.append(f"tb_search(?, {exprs})")
                params.append(search.lower())
            else:
                parts.append("0")
        return (" WHERE " + " AND ".join(parts) if parts else ""), params

    def _sort_expr(self, collection: str, sort: str) -> str:
        schema = self.schema(collection)
        try:
            resolved = resolve_field(schema, sort)
        except FilterError as exc:
            raise SortError(f"unknown sort field {sort!r}") from exc
        if resolved.array_path is None:
            assert resolved.path is not None
            return self.column(collection, resolved.path)
        element = resolved.array_path + "[0]"
        if resolved.path is not None:
            element += resolved.path[1:]
        return f"json_extract(t.doc, '{element}')"

    # ---------------------------------------------------------------- writes

    def _prepare(self, doc: Mapping[str, Any], stamp: str) -> tuple[str, dict[str, Any]]:
        out = dict(doc)
        sid = out.get("sourcedId")
        if not isinstance(sid, str) or not sid:
            sid = str(uuid.uuid4())
            out["sourcedId"] = sid
        if not out.get("status"):
            out["status"] = "active"
        out["dateLastModified"] = stamp
        return sid, out

    def insert(self, collection: str, doc: Mapping[str, Any]) -> dict[str, Any]:
        """Insert a new document; a missing sourcedId is allocated (UUID4).

        ``status`` defaults to ``active``; ``dateLastModified`` is set to now.

        Returns:
            The stored document.

        Raises:
            DuplicateError: A document with this sourcedId exists.
        """
        table = self._check(collection)
        sid, out = self._prepare(doc, now_iso())
        values = self._row_values(collection, sid, out, next(self._rev))
        with self.lock:
            try:
                self.conn.execute(f"INSERT INTO {table} {self._insert_cols[collection]}", values)
            except sqlite3.IntegrityError as exc:
                raise DuplicateError(f"{collection} {sid!r} already exists") from exc
            if collection in _ARRAYS:
                self._write_sides(collection, sid, out)
        return out

    def replace(self, collection: str, doc: Mapping[str, Any]) -> dict[str, Any]:
        """Replace an existing document whole (``dateLastModified`` set to now).

        Raises:
            NotFoundError: No document has this sourcedId.
        """
        table = self._check(collection)
        sid, out = self._prepare(doc, now_iso())
        with self.lock:
            if not self.exists(collection, sid):
                raise NotFoundError(f"{collection} {sid!r} not found")
            self._upsert_row(table, collection, sid, out)
        return out

    def upsert(self, collection: str, doc: Mapping[str, Any]) -> dict[str, Any]:
        """Insert or replace a whole document (``dateLastModified`` set to now).

        Returns:
            The stored document.
        """
        table = self._check(collection)
        sid, out = self._prepare(doc, now_iso())
        with self.lock:
            self._upsert_row(table, collection, sid, out)
        return out

    def _upsert_row(self, table: str, collection: str, sid: str, doc: Mapping[str, Any]) -> None:
        values = self._row_values(collection, sid, doc, next(self._rev))
        self.conn.execute(
            f"INSERT INTO {table} {self._insert_cols[collection]} ON CONFLICT(sid)"
            f" DO UPDATE SET {self._update_set[collection]}",
            values,
        )
        if collection in _ARRAYS:
            self._write_sides(collection, sid, doc)

    def patch(self, collection: str, sourced_id: str, partial: Mapping[str, Any]) -> dict[str, Any]:
        """Merge top-level members into an existing document (``dateLastModified`` set to now).

        ``sourcedId`` and ``dateLastModified`` in ``partial`` are ignored.

        Returns:
            The updated document.

        Raises:
            NotFoundError: No document has this sourcedId.
        """
        self._check(collection)
        with self.transaction():
            current = self.get(collection, sourced_id)
            if current is None:
                raise NotFoundError(f"{collection} {sourced_id!r} not found")
            for key, value in partial.items():
                if key not in ("sourcedId", "dateLastModified"):
                    current[key] = value
            return self.replace(collection, current)

    def soft_delete(self, collection: str, sourced_id: str) -> dict[str, Any]:
        """Set ``status`` to ``tobedeleted`` (and bump ``dateLastModified``).

        Returns:
            The updated document.

        Raises:
            NotFoundError: No document has this sourcedId.
        """
        return self.patch(collection, sourced_id, {"status": "tobedeleted"})

    def hard_delete(self, collection: str, sourced_id: str) -> bool:
        """Remove a document for good; True when something was removed."""
        table = self._check(collection)
        with self.lock:
            cursor = self.conn.execute(f"DELETE FROM {table} WHERE sid = ?", (sourced_id,))
            if collection in _ARRAYS:
                self._write_sides(collection, sourced_id, None)
            return cursor.rowcount > 0

    def insert_many(
        self, collection: str, docs: Iterable[Mapping[str, Any]], *, replace: bool = False
    ) -> int:
        """Insert many documents in one transaction (fast seeding).

        Unlike :meth:`insert`, a ``dateLastModified`` already present is kept (normalised to
        ``YYYY-MM-DDTHH:MM:SS.mmmZ``), so seeds can spread modification times; missing ones are
        set to now. Missing sourcedIds are allocated; ``status`` defaults to ``active``.

        Args:
            collection: Collection wire name.
            docs: The documents.
            replace: Overwrite existing sourcedIds instead of failing.

        Returns:
            The number of documents written.

        Raises:
            DuplicateError: A sourcedId exists (and ``replace`` is False); nothing is written.
        """
        self._check(collection)
        stamp = now_iso()
        rev = next(self._rev)

        def rows() -> Iterator[list[Any]]:
            for doc in docs:
                given = doc.get("dateLastModified")
                if not (isinstance(given, str) and _CANONICAL_TS.fullmatch(given)):
                    given = normalize_timestamp(given)
                sid, out = self._prepare(doc, given or stamp)
                if collection in _ARRAYS:
                    written.append(out)
                yield self._row_values(collection, sid, out, rev)

        written: list[Mapping[str, Any]] = []
        return self._bulk(collection, rows(), replace, written)

    def insert_many_encoded(
        self,
        collection: str,
        items: Iterable[tuple[Mapping[str, Any], str]],
        *,
        replace: bool = False,
    ) -> int:
        """Insert complete documents together with their JSON text (fast seeding).

        Each document must already hold its ``sourcedId``, ``status`` and a canonical
        ``dateLastModified`` (``YYYY-MM-DDTHH:MM:SS.mmmZ``), and the text must encode exactly
        that document; nothing is checked or re-encoded.

        Returns:
            The number of documents written.

        Raises:
            DuplicateError: A sourcedId exists (and ``replace`` is False); nothing is written.
        """
        self._check(collection)
        rev = next(self._rev)
        extract = self._extract[collection]
        docs: list[Mapping[str, Any]] = []

        def rows() -> Iterator[list[Any]]:
            for doc, text in items:
                if collection in _ARRAYS:
                    docs.append(doc)
                yield [doc["sourcedId"], text, rev, *extract(doc)]

        return self._bulk(collection, rows(), replace, docs)

    def _bulk(
        self,
        collection: str,
        rows: Iterable[list[Any]],
        replace: bool,
        docs: list[Mapping[str, Any]],
    ) -> int:
        table = _table(collection)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        sql = f"{verb} INTO {table} {self._insert_cols[collection]}"
        n_indexes = len(_INDEXES.get(collection, ()))
        with self.transaction() as conn:
            # Into an empty table, building the indexes afterwards is much faster.
            empty = conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
            if empty:
                for i in range(n_indexes):
                    conn.execute(f'DROP INDEX IF EXISTS "ix_{collection}_c{i}"')
            before = conn.total_changes
            try:
                conn.executemany(sql, rows)
            except sqlite3.IntegrityError as exc:
                raise DuplicateError(f"duplicate sourcedId in {collection}") from exc
            finally:
                if empty:
                    for i in range(n_indexes):
                        conn.execute(
                            f'CREATE INDEX IF NOT EXISTS "ix_{collection}_c{i}" ON {table}(c{i})'
                        )
            written = conn.total_changes - before
            # ``docs`` was filled while the rows were consumed (only for mirrored collections).
            if docs:
                self._bulk_sides(collection, docs, clear=replace and not empty)
            return written

    def _bulk_sides(self, collection: str, docs: list[Mapping[str, Any]], clear: bool) -> None:
        for array, subs in _ARRAYS.get(collection, {}).items():
            side = side_table(collection, array)
            if clear:
                self.conn.executemany(
                    f"DELETE FROM {side} WHERE sid = ?", ((d["sourcedId"],) for d in docs)
                )
            rows: list[list[Any]] = []
            extract = _extractor(subs)
            key = array[2:]
            for doc in docs:
                value = doc.get(key)
                if isinstance(value, dict):
                    value = list(value.values())
                elif not isinstance(value, list):
                    value = [] if value is None else [value]
                sid = doc["sourcedId"]
                rows.extend(
                    [sid, *extract(item if isinstance(item, dict) else {})] for item in value
                )
            marks = ", ".join("?" * (len(subs) + 1))
            self.conn.executemany(f"INSERT INTO {side} VALUES ({marks})", rows)

    def close(self) -> None:
        """Close the database connection."""
        with self.lock:
            self.conn.close()
