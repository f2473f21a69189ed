"""`RosterMirror`: a copy of the roster in your own database, kept in step incrementally.

The first run of a collection pulls it whole (pages fetched concurrently, staged in batches,
then applied in one transaction with its high-water mark); later runs read only the changes
since the mark through ``changes_since``, one committed batch at a time, each carrying the mark
it reached. Database calls run in a worker thread so that pages keep arriving meanwhile.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from typing_extensions import Self

from timeback_common import ErrorIssue, InputValidationError
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
    OneRosterClient,
    Org,
    Result,
    ScoreScale,
    User,
)
from timeback_sync._errors import MirrorError
from timeback_sync._events import (
    ChangeEvent,
    CollectionRun,
    Conflict,
    ConflictPolicy,
    PushItem,
    PushReport,
    RunSummary,
)
from timeback_sync._schema import COLLECTIONS, ROSTER_COLLECTIONS, CollectionSpec, to_naive_utc
from timeback_sync._store import MirrorStore, utc_now
from timeback_sync._threads import in_worker_thread

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_FAIL_SAFE_THRESHOLD",
    "AsyncMirrorCollection",
    "RosterMirror",
]

DEFAULT_BATCH_SIZE = 1000
"""Records per committed batch (and per page of a full pull)."""

DEFAULT_FAIL_SAFE_THRESHOLD = 0.10
"""A full pull may remove at most this fraction of a collection's live rows unforced."""

_EMPTY_MARK = datetime(1970, 1, 1)  # the mark of a collection that was empty when pulled
# Rows of a full pull written at once (bounding the rows held in memory). Neither kind of write
# is a resume point: a first pull commits once at its end, a later one stages its rows in a
# table that is emptied when a full pull starts.
_STAGING_ROWS = 5000

M = TypeVar("M")
ProgressCallback = Callable[[str, int, "int | None"], None]
"""Called as ``progress(collection, records_so_far, total_or_None)`` while a run goes."""


def _invalid(message: str, path: str) -> InputValidationError:
    return InputValidationError(message, [ErrorIssue(message=message, path=path)])


def _check_collection(name: object, path: str = "collection") -> str:
    if not isinstance(name, str) or name not in COLLECTIONS:
        raise _invalid(
            f"{name!r} is not a mirrored collection (one of {', '.join(COLLECTIONS)})", path
        )
    return name


class AsyncMirrorCollection(Generic[M]):
    """Reads of one mirrored collection (``mirror.users``, ``mirror.classes``...).

    Records come back as typed models, tombstones (status ``tobedeleted``) included; use the
    `table` with SQLAlchemy for anything these methods do not cover.
    """

    def __init__(self, store: MirrorStore, spec: CollectionSpec) -> None:
        self._store = store
        self._spec = spec

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._spec.name!r})"

    @property
    def table(self) -> sa.Table:
        """The collection's SQLAlchemy table."""
        return self._store.schema.tables[self._spec.name]

    def _model(self, data: Mapping[str, Any]) -> M:
        record: M = self._spec.model.model_validate(data)
        return record

    async def get(self, sourced_id: str) -> M | None:
        """The record with this id, None if the mirror has none."""
        data = await in_worker_thread(self._store.get, self._spec.name, sourced_id)
        return self._model(data) if data is not None else None

    async def find(self, *, limit: int | None = None, **equal_to: Any) -> list[M]:
        """Records whose columns equal the given values, in ``sourced_id`` order.

        Args:
            limit: At most this many.
            **equal_to: Column name -> value, e.g. ``status="active"``, ``email="a@b.org"``
                (``sourced_id``, ``status`` and the collection's typed columns).

        Raises:
            InputValidationError: A name is not a column of the table.
        """
        for name in equal_to:
            if name not in self.table.c or name in ("data", "date_last_modified"):
                columns = ", ".join(c.name for c in self.table.c if c.name != "data")
                raise _invalid(f"{name!r} is not a column of {self._spec.name} ({columns})", name)
        rows = await in_worker_thread(self._store.find, self._spec.name, equal_to, limit)
        return [self._model(data) for data in rows]

    async def count(self, *, include_deleted: bool = False) -> int:
        """Rows held (tombstones only when ``include_deleted``)."""
        return await in_worker_thread(
            self._store.count, self._spec.name, live_only=not include_deleted
        )


class RosterMirror:
    """A copy of OneRoster collections in a SQL database, kept in step incrementally.

    Args:
        client: The OneRoster client to read from and push to (``TimebackClient`` users pass
            ``client.oneroster``); None for a mirror that is only read (reads, `status`,
            `conflicts` and `resolve_conflict` work without one).
        url: A SQLAlchemy URL: ``sqlite:///roster.db`` (a file), or
            ``postgresql+psycopg://user:password@host/db`` (install ``timeback-sync[postgresql]``).
        collections: The collections to mirror (default: the rostering ones,
            `ROSTER_COLLECTIONS`; add any of `GRADEBOOK_COLLECTIONS` to mirror grades too).
        batch_size: Records per committed batch and per page of a full pull.
        concurrency: Pages of a full pull in flight at once.
        fail_safe_threshold: The largest fraction of live rows a full pull may delete or
            deactivate without ``force``.
        conflict_policy: Default policy of `push`.
        on_change: Called with each `ChangeEvent` after every run.
        engine_options: Passed to `sqlalchemy.create_engine`.

    Raises:
        InputValidationError: An argument is invalid (nothing is opened).

    Example:
        >>> async with RosterMirror(client, "sqlite:///roster.db") as mirror:  # doctest: +SKIP
        ...     summary = await mirror.run()
        ...     teacher = await mirror.users.get("t-1")
    """

    def __init__(
        self,
        client: OneRosterClient | None,
        url: str | sa.URL,
        *,
        collections: Iterable[str] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        concurrency: int = 4,
        fail_safe_threshold: float = DEFAULT_FAIL_SAFE_THRESHOLD,
        conflict_policy: ConflictPolicy = "platform",
        on_change: Callable[[ChangeEvent], None] | None = None,
        engine_options: Mapping[str, Any] | None = None,
    ) -> None:
        chosen = list(ROSTER_COLLECTIONS) if collections is None else list(collections)
        if isinstance(collections, str):
            raise _invalid("collections must be a list of names, not one string", "collections")
        for name in chosen:
            _check_collection(name, "collections")
        if not chosen:
            raise _invalid("collections must name at least one collection", "collections")
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, int)
            or not (1 <= batch_size <= 3000)
        ):
            raise _invalid("batch_size must be an integer from 1 to 3000", "batch_size")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise _invalid("concurrency must be a positive integer", "concurrency")
        if not isinstance(fail_safe_threshold, (int, float)) or not (0 <= fail_safe_threshold <= 1):
            raise _invalid("fail_safe_threshold must be a fraction from 0 to 1", "threshold")
        _check_policy(conflict_policy)
        self.client = client
        self.collections = [name for name in COLLECTIONS if name in chosen]
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.fail_safe_threshold = float(fail_safe_threshold)
        self.conflict_policy: ConflictPolicy = conflict_policy
        self.on_change = on_change
        try:
            self._store = MirrorStore(url, engine_options)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
            raise _invalid(f"invalid database URL: {exc}", "url") from None
        self._opened = False
        self.last_run: RunSummary | None = None
        self.orgs: AsyncMirrorCollection[Org] = AsyncMirrorCollection(
            self._store, COLLECTIONS["orgs"]
        )
        self.academic_sessions: AsyncMirrorCollection[AcademicSession] = AsyncMirrorCollection(
            self._store, COLLECTIONS["academic_sessions"]
        )
        self.courses: AsyncMirrorCollection[Course] = AsyncMirrorCollection(
            self._store, COLLECTIONS["courses"]
        )
        self.classes: AsyncMirrorCollection[Class] = AsyncMirrorCollection(
            self._store, COLLECTIONS["classes"]
        )
        self.users: AsyncMirrorCollection[User] = AsyncMirrorCollection(
            self._store, COLLECTIONS["users"]
        )
        self.enrollments: AsyncMirrorCollection[Enrollment] = AsyncMirrorCollection(
            self._store, COLLECTIONS["enrollments"]
        )
        self.demographics: AsyncMirrorCollection[Demographics] = AsyncMirrorCollection(
            self._store, COLLECTIONS["demographics"]
        )
        self.categories: AsyncMirrorCollection[Category] = AsyncMirrorCollection(
            self._store, COLLECTIONS["categories"]
        )
        self.score_scales: AsyncMirrorCollection[ScoreScale] = AsyncMirrorCollection(
            self._store, COLLECTIONS["score_scales"]
        )
        self.line_items: AsyncMirrorCollection[LineItem] = AsyncMirrorCollection(
            self._store, COLLECTIONS["line_items"]
        )
        self.results: AsyncMirrorCollection[Result] = AsyncMirrorCollection(
            self._store, COLLECTIONS["results"]
        )
        self.assessment_line_items: AsyncMirrorCollection[AssessmentLineItem] = (
            AsyncMirrorCollection(self._store, COLLECTIONS["assessment_line_items"])
        )
        self.assessment_results: AsyncMirrorCollection[AssessmentResult] = AsyncMirrorCollection(
            self._store, COLLECTIONS["assessment_results"]
        )

    def __repr__(self) -> str:
        url = self._store.engine.url.render_as_string(hide_password=True)
        return f"{type(self).__name__}({url!r}, collections={self.collections!r})"

    @property
    def tables(self) -> dict[str, sa.Table]:
        """Every table of the mirror by name (collections, ``sync_state``, ``changes``,
        ``outbox``, ``conflicts``), for queries of your own."""
        schema = self._store.schema
        out = dict(schema.tables)
        out.update(
            sync_state=schema.state,
            changes=schema.changes,
            outbox=schema.outbox,
            conflicts=schema.conflicts,
        )
        return out

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine of the mirror's database."""
        return self._store.engine

    async def open(self) -> Self:
        """Create the schema, or upgrade an older one in place (done once, also implicitly).

        Raises:
            SchemaVersionError: The database was written by a newer timeback-sync.
        """
        if not self._opened:
            await in_worker_thread(self._store.open)
            self._opened = True
        return self

    async def close(self) -> None:
        """Close the database connections (the client stays open: it is yours)."""
        await in_worker_thread(self._store.close)

    async def __aenter__(self) -> Self:
        return await self.open()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- running ------------------------------------------------------------------------------

    async def run(
        self,
        *,
        collections: Iterable[str] | None = None,
        full: bool = False,
        force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> RunSummary:
        """Bring the mirror up to date: a full pull for collections never synced (or all
        when ``full``), the changes since the mark for the others.

        Args:
            collections: Only these (default: the mirror's collections).
            full: Pull every collection whole again (a resync; deletions it reveals are
                applied as tombstones).
            force: Apply a full pull even if the fail-safe refuses it.
            progress: Called as records arrive.

        Returns:
            What the run did, per collection.

        Raises:
            FailSafeError: A full pull looked wrong and was not applied (the collections
                before it were synced; the mirror of this one is unchanged).
            InputValidationError: An unknown collection was named.
            OneRosterError: A request failed (after the client's retries); what was
                committed stays, and the next run resumes from there.
        """
        names = self.collections
        if collections is not None:
            given = [_check_collection(n, "collections") for n in collections]
            names = [name for name in COLLECTIONS if name in given]
        await self.open()
        run_id = str(uuid.uuid4())
        done: list[CollectionRun] = []
        for name in names:
            done.append(await self._run_collection(name, run_id, full, force, progress))
        summary = RunSummary(run_id=run_id, collections=tuple(done))
        self.last_run = summary
        if self.on_change is not None:
            async for event in self.changes(run_id):
                self.on_change(event)
        return summary

    async def _run_collection(
        self,
        name: str,
        run_id: str,
        full: bool,
        force: bool,
        progress: ProgressCallback | None,
    ) -> CollectionRun:
        started = time.monotonic()
        started_at = utc_now()
        state = await in_worker_thread(self._store.state, name)
        mark = state["mark"] if state is not None else None
        kind = "full" if full or mark is None else "incremental"
        if mark is None or kind == "full":
            counts, mark = await self._pull_full(name, run_id, force, progress)
        else:
            counts, mark = await self._pull_changes(name, run_id, mark, progress)
        seconds = time.monotonic() - started
        await in_worker_thread(
            self._finish,
            name,
            run_id,
            kind,
            started_at,
            counts,
            seconds,
        )
        return CollectionRun(
            collection=name,
            kind=kind,
            added=counts["added"],
            updated=counts["updated"],
            deleted=counts["deleted"],
            unchanged=counts["unchanged"],
            seconds=seconds,
            mark=mark,
        )

    def _finish(
        self,
        name: str,
        run_id: str,
        kind: str,
        started_at: datetime,
        counts: Mapping[str, int],
        seconds: float,
    ) -> None:
        self._store.finish_run(
            name,
            last_run_id=run_id,
            last_run_kind=kind,
            last_run_started=started_at,
            last_run_finished=utc_now(),
            last_added=counts["added"],
            last_updated=counts["updated"],
            last_deleted=counts["deleted"],
            last_unchanged=counts["unchanged"],
            last_seconds=seconds,
        )

    def _collection(self, name: str) -> Any:
        if self.client is None:
            raise MirrorError("this mirror has no client: pass one to run or push")
        return getattr(self.client, name)

    async def _pull_full(
        self, name: str, run_id: str, force: bool, progress: ProgressCallback | None
    ) -> tuple[dict[str, int], datetime]:
        spec = COLLECTIONS[name]
        collection = self._collection(name)
        # The newest change before the pull is the mark: anything changed while the pages
        # are read is newer, so the next incremental run sees it even if a page missed it.
        head = await collection.list(
            sort="dateLastModified", order_by="desc", limit=1, max_items=1
        ).first_page()
        newest = head.items[0].date_last_modified if head.items else None
        mark = to_naive_utc(newest) or _EMPTY_MARK
        # Each record with the JSON object it came from: ``data`` keeps the object as sent,
        # which costs far less than serialising the typed record again.
        pages = collection.list_with_wire(limit=self.batch_size, concurrency=self.concurrency)
        pull = await in_worker_thread(
            self._store.start_full_pull, name, threshold=self.fail_safe_threshold, force=force
        )
        try:
            received = 0
            written: set[str] = set()
            rows: list[dict[str, Any]] = []
            replace = False
            async for page in pages.pages():
                page_rows = [self._store.wire_row_of(spec, *pair) for pair in page.items]
                ids = {row["sourced_id"] for row in page_rows}
                # An offset pull may deliver a record twice (it moved between pages): only
                # then must rows be replaced; otherwise plain inserts do.
                replace = replace or not written.isdisjoint(ids) or len(ids) < len(page_rows)
                written |= ids
                rows += page_rows
                received += len(page_rows)
                if len(rows) >= max(self.batch_size, _STAGING_ROWS):
                    await in_worker_thread(pull.write, rows, replace=replace)
                    rows, replace = [], False
                if progress is not None:
                    progress(name, received, page.total)
            await in_worker_thread(pull.write, rows, replace=replace)
            total = pages.total if pages.total is not None else head.total
            counts = await in_worker_thread(pull.finish, run_id, mark, total)
        finally:
            # Here, not in a worker thread: it must run even when the run is cancelled, and
            # rolling back an unfinished first pull takes no time worth a thread.
            pull.close()
        return counts, mark

    async def _pull_changes(
        self, name: str, run_id: str, mark: datetime, progress: ProgressCallback | None
    ) -> tuple[dict[str, int], datetime]:
        spec = COLLECTIONS[name]
        feed = self._collection(name).changes_since(mark, page_size=self.batch_size)
        counts = {"added": 0, "updated": 0, "deleted": 0, "unchanged": 0}
        batch: list[dict[str, Any]] = []
        received = 0
        new_mark = mark

        async def flush() -> None:
            nonlocal new_mark
            new_mark = to_naive_utc(feed.high_water_mark) or mark
            done = await in_worker_thread(self._store.apply_batch, name, run_id, batch, new_mark)
            for key, value in done.items():
                counts[key] += value
            batch.clear()

        async for record in feed:
            batch.append(self._store.row_of(spec, record))
            received += 1
            if len(batch) >= self.batch_size:
                await flush()
                if progress is not None:
                    progress(name, received, None)
        if batch:
            await flush()
        if progress is not None:
            progress(name, received, received)
        return counts, new_mark

    # -- change events ------------------------------------------------------------------------

    async def changes(self, run_id: str | None = None) -> AsyncIterator[ChangeEvent]:
        """The changes a run applied (default: this mirror's last run), oldest first.

        Raises:
            MirrorError: No run id was given and this mirror has not run yet.
        """
        if run_id is None:
            if self.last_run is None:
                raise MirrorError("no run yet: pass the run_id of an earlier run")
            run_id = self.last_run.run_id
        entries = await in_worker_thread(self._store.changes_of, run_id)
        for entry in entries:
            spec = COLLECTIONS[entry["collection"]]
            data = entry["data"]
            yield ChangeEvent(
                run_id=entry["run_id"],
                collection=entry["collection"],
                sourced_id=entry["sourced_id"],
                operation=entry["operation"],
                date_last_modified=entry["date_last_modified"],
                record=spec.model.model_validate(data) if data is not None else None,
            )

    # -- local writes -------------------------------------------------------------------------

    async def stage(self, collection: str, record: Any) -> int:
        """Queue a create or replace of a record, to be sent by `push`.

        Args:
            collection: The collection (``users``, ``classes``...).
            record: A model of the collection or a mapping of its fields (snake_case or wire
                names), with its ``sourced_id``.

        Returns:
            The change's id in the ``outbox`` table.

        Raises:
            InputValidationError: Unknown collection, or a record that does not validate or
                has no ``sourced_id``.
        """
        spec = COLLECTIONS[_check_collection(collection)]
        if isinstance(record, spec.model):
            model = record
        elif isinstance(record, Mapping):
            try:
                model = spec.model.model_validate(dict(record))
            except Exception as exc:  # pydantic's error: re-raised as ours
                raise _invalid(
                    f"record does not validate as {spec.model.__name__}: {exc}", "record"
                ) from None
        else:
            raise _invalid(f"record must be a {spec.model.__name__} or a mapping", "record")
        data = model.to_wire()
        sourced_id = data.get("sourcedId")
        if not isinstance(sourced_id, str) or not sourced_id:
            raise _invalid("record has no sourced_id", "record.sourced_id")
        return await in_worker_thread(self._store.stage, collection, sourced_id, "upsert", data)

    async def stage_delete(self, collection: str, sourced_id: str) -> int:
        """Queue a (soft) delete of a record, to be sent by `push`.

        Returns:
            The change's id in the ``outbox`` table.

        Raises:
            InputValidationError: Unknown collection or empty id.
        """
        _check_collection(collection)
        if not isinstance(sourced_id, str) or not sourced_id:
            raise _invalid("sourced_id must be a non-empty string", "sourced_id")
        return await in_worker_thread(self._store.stage, collection, sourced_id, "delete", None)

    async def push(self, *, policy: ConflictPolicy | None = None) -> PushReport:
        """Send the staged changes with the bulk helpers, after catching conflicts.

        The collections with staged changes are first brought up to date; a change whose
        record the platform modified after it was staged is a conflict, settled by
        ``policy``: ``platform`` drops it, ``local`` sends it anyway, ``keep`` leaves it in
        the ``conflicts`` table for `resolve_conflict`. Every conflict is recorded.
        Afterwards the mirror is brought up to date again.

        Returns:
            One outcome per staged change.

        Raises:
            InputValidationError: Unknown policy.
            OneRosterError: A refresh request failed (nothing was sent).
        """
        chosen: ConflictPolicy = self.conflict_policy if policy is None else policy
        _check_policy(chosen)
        await self.open()
        names = await in_worker_thread(self._store.pending_collections)
        if not names:
            return PushReport(items=())
        await self.run(collections=names)
        items = await in_worker_thread(self._store.pending)
        results: list[PushItem] = []
        to_send: list[dict[str, Any]] = []
        for item in items:
            platform = item["platform_modified"]
            base = item["base_modified"]
            if platform is not None and (base is None or platform > base):
                resolution = None if chosen == "keep" else chosen
                await in_worker_thread(self._store.add_conflict, item, resolution)
                if chosen == "local":
                    to_send.append(item)
                    continue
                state = "conflict" if chosen == "keep" else "superseded"
                note = f"platform changed the record at {platform.isoformat()}"
                await in_worker_thread(self._store.settle, [(item["id"], state, note)])
                results.append(_push_item(item, state, note))
            else:
                to_send.append(item)
        results += await self._send(to_send)
        if to_send:
            await self.run(
                collections=[n for n in names if any(i["collection"] == n for i in to_send)]
            )
        results.sort(key=lambda item: item.outbox_id)
        return PushReport(items=tuple(results))

    async def _send(self, items: Sequence[dict[str, Any]]) -> list[PushItem]:
        out: list[PushItem] = []
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for item in items:
            groups.setdefault((item["collection"], item["operation"]), []).append(item)
        for (name, operation), group in groups.items():
            collection = self._collection(name)
            if operation == "delete":
                report = await collection.bulk_delete([item["sourced_id"] for item in group])
            else:
                model = COLLECTIONS[name].model
                records = [model.model_validate(item["data"]) for item in group]
                report = await collection.bulk_upsert(records)
            outcomes: list[tuple[int, str, str | None]] = []
            for item, result in zip(group, report.items, strict=True):
                if result.ok:
                    outcomes.append((item["id"], "pushed", None))
                else:
                    message = str(result.error) if result.error is not None else result.outcome
                    outcomes.append((item["id"], "failed", message))
            await in_worker_thread(self._store.settle, outcomes)
            for item, (_, state, note) in zip(group, outcomes, strict=True):
                out.append(_push_item(item, state, note))
        return out

    async def conflicts(self, *, unresolved_only: bool = True) -> list[Conflict]:
        """The recorded conflicts (by default those waiting for a decision)."""
        await self.open()
        return await in_worker_thread(self._store.conflicts, unresolved_only=unresolved_only)

    async def resolve_conflict(self, conflict_id: int, winner: str) -> Conflict:
        """Decide a kept conflict: ``local`` queues the change again (the next `push` sends
        it over the platform's version), ``platform`` drops it.

        Raises:
            InputValidationError: ``winner`` is neither, or no undecided conflict has this id.
        """
        if winner not in ("local", "platform"):
            raise _invalid("winner must be 'local' or 'platform'", "winner")
        await self.open()
        conflict = await in_worker_thread(self._store.resolve, conflict_id, winner)
        if conflict is None:
            raise _invalid(f"no undecided conflict has id {conflict_id}", "conflict_id")
        return conflict

    # -- status -------------------------------------------------------------------------------

    async def status(self) -> list[dict[str, Any]]:
        """The ``sync_state`` rows, with each collection's rows (``rows``, tombstones included,
        comparable with the platform's total) and live rows (``live``)."""
        await self.open()
        states = {s["collection"]: s for s in await in_worker_thread(self._store.states)}
        out = []
        for name in self.collections:
            entry = dict(states.get(name) or {"collection": name, "mark": None})
            entry["rows"] = await in_worker_thread(self._store.count, name, live_only=False)
            entry["live"] = await in_worker_thread(self._store.count, name)
            out.append(entry)
        return out


def _check_policy(policy: object) -> None:
    if policy not in ("platform", "local", "keep"):
        raise _invalid("conflict policy must be 'platform', 'local' or 'keep'", "policy")


def _push_item(item: Mapping[str, Any], state: str, outcome: str | None) -> PushItem:
    return PushItem(
        outbox_id=item["id"],
        collection=item["collection"],
        sourced_id=item["sourced_id"],
        operation=item["operation"],
        state=state,
        outcome=outcome,
    )
