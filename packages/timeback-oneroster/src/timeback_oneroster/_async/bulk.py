"""Bulk writes over any collection: create, upsert or delete many records with one call.

Reached as ``await client.users.bulk_create(items)``, ``bulk_upsert(items)`` and
``bulk_delete(ids)`` (one-line methods of `AsyncCollection`). What they promise:

* **Bounded memory.** The input may be any iterable or async iterable (a generator reading a
  file, a paginator of another client); it is consumed ``chunk_size`` items at a time, and only
  one chunk of input is held at once. The report keeps one small result per item (ids and the
  outcome, not the records).
* **One value is not many.** A ``str``, ``bytes`` or a single record (a mapping or a model)
  given where an iterable belongs is refused with `InputValidationError` before anything is
  sent: iterating ``"abc"`` would act on ids ``a``, ``b`` and ``c``.
* **Bounded concurrency.** Within a chunk at most ``concurrency`` requests are in flight (anyio
  tasks here, threads in the generated sync twin). Each request goes through the client's usual
  retry policy (PUT and DELETE are retried freely, a POST only where the platform cannot have
  acted).
* **Every item is accounted for.** The `BulkReport` has exactly one result per input item, in
  input order: succeeded, failed with its typed error (a `OneRosterError`: validation, 404,
  409, 422, 5xx, transport...), or skipped. An invalid item fails alone, before anything is sent
  for it; the run goes on. With ``stop_on_error=True`` no new request starts after the first
  failure; requests already in flight finish, and every item not attempted is reported as
  skipped (the rest of the input is read to number them, but not sent).
* **Array-wrapped creates where the platform has them.** Line items and results have
  array-wrapped create endpoints (``POST G/classes/{id}/lineItems`` with ``{"lineItems": [...]}``
  and ``POST G/lineItems/{id}/results`` with ``{"results": [...]}``). For
  those two collections `bulk_create` groups the items of a chunk by their class (line items)
  or line item (results) and sends one POST per group: up to ``chunk_size`` records per request
  instead of one. Items without that reference go one by one to the plain collection. If the
  platform refuses a group (400, 404, 409 or 422: the emulator creates nothing then, as it
  writes a group in one transaction; the platform's behaviour is not documented) the group's
  items are sent again one by one, so that each gets its own outcome. Any other failure of a
  group POST (a 5xx after retries, a dropped connection) leaves it unknown whether the records
  were created, so they are not sent again (a POST is not idempotent): each item of the group
  is reported failed with that error. Upserts and deletes have no array form on the platform
  and always go one record per request (gradebook upserts are one PUT each).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Mapping, Sized
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pydantic import BaseModel

from timeback_common import (
    BadRequestError,
    ConflictError,
    ErrorIssue,
    InputValidationError,
    NotFoundError,
    RequestOptions,
    UnprocessableEntityError,
    async_map_bounded,
    check_many,
    short_repr,
    telemetry_operation,
)
from timeback_oneroster._bulk import (
    DEFAULT_BULK_CHUNK_SIZE,
    DEFAULT_BULK_CONCURRENCY,
    BulkItemResult,
    BulkOperation,
    BulkReport,
)
from timeback_oneroster._errors import OneRosterError, as_oneroster_error
from timeback_oneroster._models import SourcedIdPair
from timeback_oneroster._responses import UpsertResult

if TYPE_CHECKING:
    from timeback_oneroster._async._collection import AsyncCollection

__all__ = [
    "DEFAULT_BULK_CHUNK_SIZE",
    "DEFAULT_BULK_CONCURRENCY",
    "BulkKnobs",
    "bulk_create",
    "bulk_delete",
    "bulk_upsert",
]

T = TypeVar("T")
R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)

# Collections with an array-wrapped create: WIRE_KEYS name -> (path of the create below the
# gradebook base, the member naming the parent in each item). Wire contract 4.9.
_ARRAY_CREATES: dict[str, tuple[str, str]] = {
    "lineItems": ("/classes/{}/lineItems", "class"),
    "results": ("/lineItems/{}/results", "lineItem"),
}

# A group POST that failed with one of these was refused as a whole: safe to resend per item.
_REFUSED = (BadRequestError, NotFoundError, ConflictError, UnprocessableEntityError)


def _invalid(message: str, path: str) -> OneRosterError:
    error = InputValidationError(message, [ErrorIssue(message=message, path=path)])
    return cast(OneRosterError, as_oneroster_error(error))


def _item_id(item: object) -> str | None:
    """The id an input item names, read without validating it (for skipped items)."""
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        value = item.get("sourcedId", item.get("sourced_id"))
    else:
        value = getattr(item, "sourced_id", None)
    return value if isinstance(value, str) else None


def _ref_id(value: object) -> str | None:
    """The ``sourcedId`` of a wire reference (``{"sourcedId": ...}``)."""
    if isinstance(value, Mapping):
        sid = value.get("sourcedId")
        return sid if isinstance(sid, str) and sid else None
    return None


async def _chunks(
    items: Iterable[T] | AsyncIterable[T], size: int
) -> AsyncIterator[list[tuple[int, T]]]:
    """The items with their input positions, ``size`` at a time."""
    chunk: list[tuple[int, T]] = []
    index = 0
    # getattr rather than isinstance: the generated sync twin takes only plain iterables.
    source: Any = items
    if getattr(source, "__aiter__", None) is not None:
        async for item in source:
            chunk.append((index, item))
            index += 1
            if len(chunk) == size:
                yield chunk
                chunk = []
    else:
        for item in source:
            chunk.append((index, item))
            index += 1
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


ProgressCallback = Callable[[int, "int | None"], None]
"""``on_progress(done, total)``: items with an outcome so far, and how many there are."""


@dataclass(frozen=True)
class BulkKnobs:
    """How a bulk run reads its input and paces its requests (the ``bulk_*`` arguments)."""

    chunk_size: int = DEFAULT_BULK_CHUNK_SIZE
    concurrency: int = DEFAULT_BULK_CONCURRENCY
    stop_on_error: bool = False
    on_progress: ProgressCallback | None = None


# One request of a run: it returns the id, the result and whether a record was created.
_Send = Callable[[], Any]


class _Run(Generic[R]):
    """The results of one bulk run as they come in, and whether it has been stopped."""

    def __init__(
        self,
        collection: AsyncCollection[Any, Any],
        operation: BulkOperation,
        items: object,
        items_name: str,
        knobs: BulkKnobs,
    ) -> None:
        for name, value in (("chunk_size", knobs.chunk_size), ("concurrency", knobs.concurrency)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise _invalid(f"{name} must be an integer >= 1, not {short_repr(value)}", name)
        try:
            check_many(items, items_name)
        except InputValidationError as exc:
            raise as_oneroster_error(exc) from None
        if knobs.on_progress is not None and not callable(knobs.on_progress):
            raise _invalid(
                f"on_progress must be a function, not {type(knobs.on_progress).__name__}",
                "on_progress",
            )
        self.operation: BulkOperation = operation
        self.template = collection._path(collection.spec.api, collection.spec.template)
        self.knobs = knobs
        self.stopped = False
        self.results: dict[int, BulkItemResult[R]] = {}
        # The total is known for a sized input (a list); a generator's is not (None).
        self.total = len(items) if isinstance(items, Sized) else None

    def _progress(self) -> None:
        if self.knobs.on_progress is not None:
            self.knobs.on_progress(len(self.results), self.total)

    def succeed(
        self, index: int, sourced_id: str | None, result: R | None, created: bool | None
    ) -> None:
        self.results[index] = BulkItemResult(index, sourced_id, "succeeded", created, result)
        self._progress()

    def fail(self, index: int, sourced_id: str | None, error: OneRosterError) -> None:
        self.results[index] = BulkItemResult(index, sourced_id, "failed", error=error)
        if self.knobs.stop_on_error:
            self.stopped = True
        self._progress()

    def skip(self, index: int, sourced_id: str | None) -> None:
        self.results[index] = BulkItemResult(index, sourced_id, "skipped")
        self._progress()

    async def attempt(self, index: int, sourced_id: str | None, send: _Send) -> None:
        """Send one request and record its outcome (a failure is recorded, not raised)."""
        try:
            done_id, result, created = await send()
        except OneRosterError as err:
            self.fail(index, sourced_id, err)
        else:
            self.succeed(index, done_id, result, created)

    def task(self, index: int, sourced_id: str | None, send: _Send) -> Any:
        """A task of a chunk that sends one request, or records the item skipped after a stop."""

        async def task(skip: bool) -> None:
            if skip:
                self.skip(index, sourced_id)
            else:
                await self.attempt(index, sourced_id, send)

        return task

    async def run_tasks(self, tasks: list[Any]) -> None:
        """Run a chunk's tasks (coroutine functions taking a flag ``skip``), bounded."""

        async def one(position: int) -> None:
            await tasks[position](self.stopped)

        await async_map_bounded(one, range(len(tasks)), concurrency=self.knobs.concurrency)

    async def one_request_each(
        self,
        items: Iterable[T] | AsyncIterable[T],
        prepare: Callable[[int, T], tuple[str, _Send] | None],
    ) -> BulkReport[R]:
        """Send one request per item: ``prepare(index, item)`` gives its id and request, or
        records the item's failure and gives None."""

        async def handle_chunk(chunk: list[tuple[int, T]]) -> None:
            tasks: list[Any] = []
            for index, item in chunk:
                prepared = prepare(index, item)
                if prepared is not None:
                    tasks.append(self.task(index, *prepared))
            await self.run_tasks(tasks)

        return await self.over_chunks(items, handle_chunk)

    async def over_chunks(
        self, items: Iterable[T] | AsyncIterable[T], handle_chunk: Any
    ) -> BulkReport[R]:
        """Feed the input to ``handle_chunk`` chunk by chunk; skip what comes after a stop.

        The whole run is one telemetry operation (``bulk_create`` ...), its requests under it.
        """
        with telemetry_operation("oneroster", f"bulk_{self.operation}", self.template):
            async for chunk in _chunks(items, self.knobs.chunk_size):
                if self.stopped:
                    for index, item in chunk:
                        self.skip(index, _item_id(item))
                    continue
                await handle_chunk(chunk)
        ordered = tuple(self.results[index] for index in range(len(self.results)))
        return BulkReport(self.operation, ordered)


async def bulk_create(
    collection: AsyncCollection[M, Any],
    items: Iterable[Any] | AsyncIterable[Any],
    knobs: BulkKnobs,
    options: RequestOptions,
) -> BulkReport[SourcedIdPair]:
    """Create every item; see `AsyncCollection.bulk_create`."""
    run: _Run[SourcedIdPair] = _Run(collection, "create", items, "items", knobs)
    spec = collection.spec
    array = _ARRAY_CREATES.get(spec.keys.name) if spec.keys.array_write_key else None

    async def create_one(item: Any) -> tuple[str, SourcedIdPair, bool]:
        pair = await collection.create(item, **options)
        return pair.allocated_sourced_id, pair, True

    def group(parent_id: str, members: list[tuple[int, Any, dict[str, Any]]]) -> Any:
        assert array is not None
        assert spec.keys.array_write_key is not None
        template, key = array[0], spec.keys.array_write_key

        async def task(skip: bool) -> None:
            if skip:
                for index, _, body in members:
                    run.skip(index, _item_id(body))
                return
            try:
                pairs = await collection._create_items(
                    "gradebook",
                    template,
                    parent_id,
                    key=key,
                    items=[item for _, item, _ in members],
                    input_type=spec.input,
                    options=options,
                )
            except _REFUSED:
                # Refused as a whole: send each item alone to learn which ones are at fault.
                for index, item, body in members:
                    if run.stopped:
                        run.skip(index, _item_id(body))
                    else:
                        await run.attempt(index, _item_id(body), partial(create_one, item))
                return
            except OneRosterError as err:
                for index, _, body in members:
                    run.fail(index, _item_id(body), err)
                return
            if len(pairs) != len(members):
                mismatch = _invalid(
                    f"the platform answered {len(pairs)} ids for {len(members)} records",
                    "sourcedIdPairs",
                )
                for index, _, body in members:
                    run.fail(index, _item_id(body), mismatch)
                return
            for (index, _, _), pair in zip(members, pairs, strict=True):
                run.succeed(index, pair.allocated_sourced_id, pair, True)

        return task

    async def handle_chunk(chunk: list[tuple[int, Any]]) -> None:
        tasks: list[Any] = []
        groups: dict[str, list[tuple[int, Any, dict[str, Any]]]] = {}
        for index, item in chunk:
            try:
                body = collection._body(item)
            except OneRosterError as err:
                run.fail(index, _item_id(item), err)
                continue
            parent_id = _ref_id(body.get(array[1])) if array is not None else None
            if parent_id is None:
                tasks.append(run.task(index, _item_id(body), partial(create_one, item)))
            else:
                groups.setdefault(parent_id, []).append((index, item, body))
        tasks.extend(group(parent_id, members) for parent_id, members in groups.items())
        await run.run_tasks(tasks)

    return await run.over_chunks(items, handle_chunk)


async def bulk_upsert(
    collection: AsyncCollection[M, Any],
    items: Iterable[Any] | AsyncIterable[Any],
    knobs: BulkKnobs,
    options: RequestOptions,
) -> BulkReport[UpsertResult[M]]:
    """Create or replace every item by its id; see `AsyncCollection.bulk_upsert`."""
    run: _Run[UpsertResult[M]] = _Run(collection, "upsert", items, "items", knobs)

    async def upsert_one(sourced_id: str, item: Any) -> tuple[str, UpsertResult[M], bool | None]:
        done = await collection.upsert(sourced_id, item, **options)
        # The stored record is not kept: the report stays small for large inputs.
        return done.sourced_id, UpsertResult[M](done.sourced_id, done.created), done.created

    def prepare(index: int, item: Any) -> tuple[str, _Send] | None:
        try:
            sourced_id = collection._body(item).get("sourcedId")
        except OneRosterError as err:
            run.fail(index, _item_id(item), err)
            return None
        if not isinstance(sourced_id, str) or not sourced_id:
            run.fail(index, None, _invalid("an upserted record needs a sourcedId", "sourcedId"))
            return None
        return sourced_id, partial(upsert_one, sourced_id, item)

    return await run.one_request_each(items, prepare)


async def bulk_delete(
    collection: AsyncCollection[M, Any],
    sourced_ids: Iterable[str] | AsyncIterable[str],
    knobs: BulkKnobs,
    options: RequestOptions,
) -> BulkReport[None]:
    """Delete every id; see `AsyncCollection.bulk_delete`."""
    run: _Run[None] = _Run(collection, "delete", sourced_ids, "sourced_ids", knobs)

    async def delete_one(sourced_id: str) -> tuple[str, None, None]:
        await collection.delete(sourced_id, **options)
        return sourced_id, None, None

    def prepare(index: int, sourced_id: object) -> tuple[str, _Send] | None:
        if not isinstance(sourced_id, str) or not sourced_id.strip():
            message = f"a sourced id must be a non-empty string, not {sourced_id!r}"
            run.fail(index, None, _invalid(message, f"sourced_ids[{index}]"))
            return None
        return sourced_id, partial(delete_one, sourced_id)

    return await run.one_request_each(sourced_ids, prepare)
