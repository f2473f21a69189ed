"""The generic OneRoster collection: list, get, create, update, upsert, patch, delete, once.

Every resource family of the client (``client.users``, ``client.line_items``, ...) is one of these
classes parametrised by an endpoint description (`CollectionSpec`: API, path, envelope keys,
model, write form), plus a few methods of its own for its scoped listings and special
operations, each one line calling a helper of `AsyncEndpointGroup`. So the request code of every
endpoint lives here and nowhere else:

* `AsyncEndpointGroup`: the helpers (paged list, unpaged list, single read, create, array create,
  resource assignment) that the families call with a path and a `WIRE_KEYS` entry;
* `AsyncReadOnlyCollection`: ``list`` and ``get`` (students, teachers);
* `AsyncCollection`: adds ``create``, ``update``, ``upsert``, ``delete``;
* `AsyncPatchableCollection`: adds ``patch`` (enrollments, assessment line items and results,
  the resources for which the platform documents PATCH).

Extension point: operations that work on any collection (bulk upserts in ``_async/bulk.py``,
incremental sync in ``_async/changes.py``) are functions taking the collection; a one-line
method here makes them reachable on every family (``client.users.bulk_upsert(...)`` on
`AsyncCollection`, ``client.users.changes_since(ts)`` on `AsyncReadOnlyCollection`). What they
build on: `spec` (API, path, `WIRE_KEYS` entry, model, input, whether PUT upserts), ``list``
(any `ListParams`), ``upsert`` / ``create`` / ``update`` per record, and ``_body`` to validate
every record before the first request.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterable, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel
from typing_extensions import Unpack

from timeback_common import (
    APIResponse,
    AsyncAPIClient,
    AsyncPaginator,
    ConflictError,
    NotFoundError,
    Page,
    RequestOptions,
    check_identifiers,
    check_many,
)
from timeback_oneroster._bulk import DEFAULT_BULK_CHUNK_SIZE, DEFAULT_BULK_CONCURRENCY, BulkReport
from timeback_oneroster._changes import DEFAULT_CHANGES_PAGE_SIZE
from timeback_oneroster._endpoints import CollectionSpec, Listing
from timeback_oneroster._errors import OneRosterError, oneroster_errors
from timeback_oneroster._filters import FilterLike
from timeback_oneroster._models import WIRE_KEYS, SourcedIdPair, WireKeys
from timeback_oneroster._params import MAX_PAGE_SIZE, ListParams, build_list_request, fields_value
from timeback_oneroster._paths import Api, OneRosterPaths
from timeback_oneroster._responses import (
    UpsertResult,
    page_reader,
    read_created,
    read_created_items,
    read_items,
    read_optional_single,
    read_single,
    wire_page_reader,
)

# The write forms (`_models._inputs`), the gradebook models, bulk writes and change feeds are
# imported by the methods that use them: a script that only reads a page loads none of them.
if TYPE_CHECKING:
    from timeback_oneroster._async.changes import AsyncChangeFeed
    from timeback_oneroster._models import PatchModel, Resource, WriteModel

__all__ = [
    "AsyncCollection",
    "AsyncEndpointGroup",
    "AsyncPatchableCollection",
    "AsyncReadOnlyCollection",
]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T", bound=BaseModel)
W = TypeVar("W", bound="WriteModel")
P = TypeVar("P", bound="PatchModel")
R = TypeVar("R")

_RESOURCES = WIRE_KEYS["resources"]
_ASSIGNMENT = WIRE_KEYS["resourceAssignments"]


class AsyncEndpointGroup:
    """Base of every resource: the base client, the platform's paths and the request helpers.

    What every method of every resource may raise is said here once; a method's own
    ``Raises`` lists only what is specific to it. A list method (one that returns a paginator)
    checks its arguments when called and raises the other errors while it is iterated.

    Args:
        api: The base client of the `OneRosterClient` (shared pool, auth, retries, errors).
        paths: The platform's base paths and filter limits (``settings.paths``).

    Raises:
        InputValidationError: An argument was rejected; nothing was sent.
        NotFoundError: An id the method was given (the class of ``classes.students(class_id)``,
            ...) names no record.
        OneRosterError: Any failure (every error raised is one, and also an instance of the
            shared class: `NotFoundError`, `BadRequestError`, `APITimeoutError`...).
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        self._api = api
        self._paths = paths

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}>"

    def _path(self, api: Api, template: str) -> str:
        return self._paths.base(api) + template

    @staticmethod
    def _wire(
        data: WriteModel | BaseModel | Mapping[str, Any],
        input_type: type[WriteModel],
        sourced_id: str | None = None,
    ) -> dict[str, Any]:
        """The checked wire body of ``data`` (`to_wire_body`), errors as `OneRosterError`."""
        from timeback_oneroster._models import to_wire_body

        with oneroster_errors():
            return to_wire_body(data, input_type, sourced_id=sourced_id)

    @staticmethod
    def _id(value: object, name: str) -> str:
        """``value`` when it is a usable id (a non-empty string) for a request body."""
        return check_identifiers(OneRosterError, **{name: value})[0]

    @staticmethod
    def _idempotent(options: RequestOptions) -> RequestOptions:
        """``options`` declaring the call safe to retry, unless the caller said otherwise.

        For POSTs that change nothing when repeated (reads such as decrypt and export, and
        set-like operations such as adding an agent or assigning a resource).
        """
        return {"idempotent": True, **options}

    def _list(
        self, listing: Listing[T], *ids: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[T]:
        """A paginator over a list endpoint; everything is checked before anything is sent."""
        return self._paginate(listing, ids, page_reader(listing.keys, listing.model), params)

    def _paginate(
        self,
        listing: Listing[Any],
        ids: tuple[str, ...],
        read: Callable[[APIResponse, int, int], Page[R]],
        params: ListParams,
    ) -> AsyncPaginator[R]:
        with oneroster_errors():
            request = build_list_request(params, strict_filters=self._paths.strict_filters)
        return self._api.paginate(
            self._path(listing.api, listing.template),
            *ids,
            read_page=read,
            params=request.query,
            offset=request.offset,
            page_size=request.page_size,
            max_items=request.max_items,
            concurrency=request.concurrency,
            max_page_size=MAX_PAGE_SIZE,
            options=request.options,
        )

    async def _list_unpaged(
        self,
        listing: Listing[T],
        *ids: str,
        fields: str | Sequence[str] | None,
        options: RequestOptions,
    ) -> builtins.list[T]:
        """Every record of a list endpoint that is not paginated (one request)."""
        with oneroster_errors():
            params = {"fields": fields_value(fields)}
        path = self._path(listing.api, listing.template)
        response = await self._api.get(path, *ids, params=params, options=options)
        return read_items(response, listing.keys, listing.model)

    async def _get(
        self,
        api: Api,
        template: str,
        keys: WireKeys,
        model: type[T],
        *ids: str,
        fields: str | Sequence[str] | None,
        options: RequestOptions,
    ) -> T:
        """One record (``{"<single key>": {...}}``)."""
        with oneroster_errors():
            params = {"fields": fields_value(fields)}
        response = await self._api.get(
            self._path(api, template), *ids, params=params, options=options
        )
        return read_single(response, keys, model)

    async def _post_created(
        self,
        api: Api,
        template: str,
        *ids: str,
        body: Any,
        sent_id: str | None,
        options: RequestOptions,
        answer_keys: WireKeys | None = None,
    ) -> SourcedIdPair:
        """POST a create and read the ids it answers with."""
        response = await self._api.post(self._path(api, template), *ids, json=body, options=options)
        return read_created(response, sent_id=sent_id, keys=answer_keys)

    async def _create_items(
        self,
        api: Api,
        template: str,
        *ids: str,
        key: str,
        items: Iterable[WriteModel | BaseModel | Mapping[str, Any]],
        input_type: type[WriteModel],
        options: RequestOptions,
    ) -> builtins.list[SourcedIdPair]:
        """An array-wrapped create (``{"lineItems": [...]}``, not one record); one pair per item."""
        from timeback_oneroster._models import to_wire_items

        with oneroster_errors():
            check_many(items, key)
            bodies = to_wire_items(items, input_type, path=key)
        response = await self._api.post(
            self._path(api, template), *ids, json={key: bodies}, options=options
        )
        sent_ids = [body.get("sourcedId") for body in bodies]
        return read_created_items(response, sent_ids=sent_ids)

    def _assigned_resources(
        self, kind: str, parent_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[Resource]:
        """``GET X/resources/{kind}/{id}/resources``."""
        from timeback_oneroster._models import Resource

        listing = Listing("resources", f"/resources/{kind}/{{}}/resources", _RESOURCES, Resource)
        return self._list(listing, parent_id, **params)

    async def _assign_resource(
        self,
        kind: str,
        parent_id: str,
        resource_id: str,
        date_assigned: Any,
        options: RequestOptions,
    ) -> None:
        """``POST X/resources/{kind}/{id}/resources`` with ``{"resource": {...}}``."""
        from timeback_oneroster._models import ResourceAssignmentInput

        body = self._wire(
            {"sourcedId": self._id(resource_id, "resource_id"), "dateAssigned": date_assigned},
            ResourceAssignmentInput,
        )
        await self._api.post(
            self._path("resources", f"/resources/{kind}/{{}}/resources"),
            parent_id,
            json={_ASSIGNMENT.write_key: body},
            options=self._idempotent(options),
        )

    async def _unassign_resource(
        self, kind: str, parent_id: str, resource_id: str, options: RequestOptions
    ) -> None:
        """``DELETE X/resources/{kind}/{id}/resources/{resourceId}``."""
        await self._api.delete(
            self._path("resources", f"/resources/{kind}/{{}}/resources/{{}}"),
            parent_id,
            resource_id,
            options=options,
        )


class AsyncReadOnlyCollection(AsyncEndpointGroup, Generic[M]):
    """A collection that can be listed and read (``list``, ``get``).

    Args:
        api: The base client.
        paths: The platform's base paths.
        listing: The collection's endpoint (API, path, keys, model).
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths, listing: Listing[M]) -> None:
        super().__init__(api, paths)
        self._listing = listing

    @property
    def spec(self) -> Listing[M]:
        """The endpoint description of this collection (API, path, envelope keys, model)."""
        return self._listing

    def list(self, **params: Unpack[ListParams]) -> AsyncPaginator[M]:
        """Every record of the collection that matches, fetched lazily page by page.

        ``await collection.list().to_list()`` returns them all as a list, ``async for``
        streams them in bounded memory, ``.first_page()`` fetches one page with its ``total``
        and ``next_offset``.

        Args:
            **params: `ListParams`: ``filter``, ``sort``, ``order_by``, ``fields``, ``search``,
                ``offset``, ``limit`` (page size, at most 3000), ``max_items``,
                ``concurrency``, and the request options (``timeout``, ``extra_headers``...).

        Returns:
            A paginator over the matching records, in server order.

        Raises:
            OneRosterError: When a page request fails while the paginator is used, e.g.
                `BadRequestError` (``invalid_filter_field``) for an unknown filter field.

        Example:
            >>> users = client.users.list(filter={"status": "active"})  # doctest: +SKIP
            >>> active = await users.to_list()  # doctest: +SKIP
        """
        return self._list(self._listing, **params)

    def list_with_wire(
        self, **params: Unpack[ListParams]
    ) -> AsyncPaginator[tuple[M, dict[str, Any]]]:
        """`list`, each record paired with the JSON object the platform sent for it.

        For code that keeps records as they were received (a local copy's JSON column, an
        archive): storing the object costs no serialisation of the typed record, which takes
        longer than reading it did.

        Args:
            **params: The parameters of `list`.

        Returns:
            A paginator over ``(record, wire_object)`` pairs, in server order.

        Raises:
            OneRosterError: When a page request fails while the paginator is used.
        """
        keys, model = self._listing.keys, self._listing.model
        return self._paginate(self._listing, (), wire_page_reader(keys, model), params)

    async def get(
        self,
        sourced_id: str,
        *,
        fields: str | Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> M:
        """One record by its ``sourcedId``.

        Args:
            sourced_id: The record's id (any characters; it is percent-encoded).
            fields: Only these fields (a list of names or a comma-separated string).
            **options: Request options (``timeout``, ``max_retries``, ``extra_headers``...).

        Returns:
            The record; a soft-deleted one has ``status == "tobedeleted"``.

        Raises:
            NotFoundError: No record has this id (IMS code minor ``unknownobject``).
            InputValidationError: The id or ``fields`` was rejected before sending.
            OneRosterError: Any other failure (every error raised is one).
        """
        listing = self._listing
        return await self._get(
            listing.api,
            listing.item_template,
            listing.keys,
            listing.model,
            sourced_id,
            fields=fields,
            options=options,
        )

    def changes_since(
        self,
        since: datetime,
        *,
        filter: FilterLike | None = None,
        page_size: int = DEFAULT_CHANGES_PAGE_SIZE,
        on_progress: Callable[[int, int | None], None] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncChangeFeed[M]:
        """Every record changed at or after ``since``, soft deletes included (incremental sync).

        Records come in ``(dateLastModified, sourcedId)`` order, walked by keyset (no record
        is skipped when others change during the walk); ``feed.high_water_mark`` is the
        ``since`` of the next sync. Records at exactly ``since`` may come again: apply them
        idempotently by ``sourcedId`` (see `AsyncChangeFeed`).

        Args:
            since: The previous sync's high-water mark (a naive datetime means UTC).
            filter: Also require this filter (a deletion it excludes is not seen).
            page_size: Records per request (1 to 3000).
            on_progress: Called as ``on_progress(done, total)`` after each record (``total``:
                the changes the server counted at the start; None when it does not say).
            **options: Request options for every request.

        Returns:
            A feed: ``async for`` streams, ``await feed.to_list()`` collects.

        Raises:
            InputValidationError: An argument was rejected (raised here, nothing sent).
            OneRosterError: When a page request fails while the feed is used.

        Example:
            >>> feed = client.users.changes_since(mark)  # doctest: +SKIP
            >>> async for user in feed:  # doctest: +SKIP
            ...     local[user.sourced_id] = user
            >>> mark = feed.high_water_mark  # doctest: +SKIP
        """
        from timeback_oneroster._async.changes import AsyncChangeFeed

        return AsyncChangeFeed(
            self,
            since,
            filter=filter,
            page_size=page_size,
            options=options,
            on_progress=on_progress,
        )


class AsyncCollection(AsyncReadOnlyCollection[M], Generic[M, W]):
    """A writable collection: ``list``, ``get``, ``create``, ``update``, ``upsert``, ``delete``.

    Args:
        api: The base client.
        paths: The platform's base paths.
        spec: The collection's endpoint and write form.
    """

    def __init__(
        self, api: AsyncAPIClient, paths: OneRosterPaths, spec: CollectionSpec[M, W]
    ) -> None:
        super().__init__(api, paths, spec)
        if spec.keys.write_key is None:
            raise TypeError(f"{spec.keys.name} has no write key")  # a bug in this package
        self._spec = spec
        self._write_key: str = spec.keys.write_key

    @property
    def spec(self) -> CollectionSpec[M, W]:
        """The endpoint description of this collection, with its write form."""
        return self._spec

    def _body(
        self, data: W | M | Mapping[str, Any], sourced_id: str | None = None
    ) -> dict[str, Any]:
        from timeback_oneroster._models import to_wire_body

        with oneroster_errors():
            return to_wire_body(data, self._spec.input, sourced_id=sourced_id)

    async def _put(
        self, sourced_id: str, body: dict[str, Any], options: RequestOptions
    ) -> M | None:
        spec = self._spec
        response = await self._api.put(
            self._path(spec.api, spec.item_template),
            sourced_id,
            json={self._write_key: body},
            options=options,
        )
        return read_optional_single(response, spec.keys, spec.model)

    async def _post(self, body: dict[str, Any], options: RequestOptions) -> SourcedIdPair:
        return await self._post_created(
            self._spec.api,
            self._spec.template,
            body={self._write_key: body},
            sent_id=body.get("sourcedId"),
            options=options,
        )

    async def create(
        self, data: W | M | Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> SourcedIdPair:
        """Create a record (``POST``); the platform answers with ids, not the record.

        Args:
            data: The record: the input form, a fetched record, or a dict of the same shape
                (snake_case or camelCase keys). Without ``sourced_id`` the platform allocates
                one. Checked before anything is sent.
            **options: Request options.

        Returns:
            The supplied and allocated ids; ``.allocated_sourced_id`` is the new record's id
            (``get`` it to read the stored record).

        Raises:
            InputValidationError: ``data`` is invalid; each issue names the field.
            ConflictError: A record with this ``sourcedId`` exists (emulator behaviour).
            UnprocessableEntityError: The platform rejected the record.
        """
        return await self._post(self._body(data), options)

    async def update(
        self, sourced_id: str, data: W | M | Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> M | None:
        """Replace a record with a complete new version (one ``PUT``, never GET-then-PUT).

        Gradebook collections create the record when it does not exist (create-or-replace);
        rostering and resources answer 404 instead (use `upsert` to create it then).

        Args:
            sourced_id: The record's id.
            data: The complete record (as for `create`). A ``sourced_id`` in it must equal
                ``sourced_id``. Members left out may be cleared by the platform.
            **options: Request options.

        Returns:
            The stored record when the platform sent it back (most endpoints do), else None.

        Raises:
            InputValidationError: ``data`` is invalid or names another id.
            NotFoundError: A rostering or resources record with this id does not exist.
        """
        return await self._put(sourced_id, self._body(data, sourced_id), options)

    async def upsert(
        self, sourced_id: str, data: W | M | Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> UpsertResult[M]:
        """Create or replace a record by id.

        Gradebook collections: one ``PUT`` (the platform creates or replaces). Rostering and
        resources, whose ``PUT`` only updates: ``PUT``, and on 404 ``POST`` with this id (the
        client-side upsert the platform requires); if that ``POST`` meets a record created in
        the meantime (409) the record is replaced with one more ``PUT``.

        Args:
            sourced_id: The record's id.
            data: The complete record (as for `update`).
            **options: Request options (applied to every request of the operation).

        Returns:
            The id, whether the record was created, and the stored record when sent back.

        Raises:
            InputValidationError: ``data`` is invalid or names another id.
            OneRosterError: Any failure of the requests.
        """
        body = self._body(data, sourced_id)
        if self._spec.put_upserts:
            return UpsertResult(sourced_id, None, await self._put(sourced_id, body, options))
        try:
            record = await self._put(sourced_id, body, options)
        except NotFoundError:
            try:
                pair = await self._post(
                    body, self._idempotent(options) if body.get("sourcedId") else options
                )
            except ConflictError:
                record = await self._put(sourced_id, body, options)
            else:
                return UpsertResult(pair.allocated_sourced_id, True, None)
        return UpsertResult(sourced_id, False, record)

    async def delete(self, sourced_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a record (soft: it stays readable with ``status == "tobedeleted"``).

        Args:
            sourced_id: The record's id.
            **options: Request options.

        Raises:
            NotFoundError: No record has this id (deleting twice is not an error).
        """
        spec = self._spec
        await self._api.delete(
            self._path(spec.api, spec.item_template), sourced_id, options=options
        )

    async def bulk_create(
        self,
        items: Iterable[W | M | Mapping[str, Any]] | AsyncIterable[W | M | Mapping[str, Any]],
        *,
        chunk_size: int = DEFAULT_BULK_CHUNK_SIZE,
        concurrency: int = DEFAULT_BULK_CONCURRENCY,
        stop_on_error: bool = False,
        on_progress: Callable[[int, int | None], None] | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkReport[SourcedIdPair]:
        """Create many records: chunked, bounded concurrency, one outcome per item.

        Line items and results go as array-wrapped creates, one POST per class or line item
        and chunk; other collections one POST per record (see ``_async/bulk.py``).

        Args:
            items: The records (as for `create`), any iterable or async iterable; read
                ``chunk_size`` at a time.
            chunk_size: Items read (and at most sent in one array-wrapped create) at a time.
            concurrency: Requests in flight at most.
            stop_on_error: Start no new request after the first failure (the rest is skipped).
            on_progress: Called as ``on_progress(done, total)`` after each item's outcome
                (``total`` is None for an input without a length, like a generator); for a
                progress bar such as tqdm's or rich's.
            **options: Request options for every request.

        Returns:
            A `BulkReport`: one result per item in input order (``.succeeded``, ``.failed``
            with typed errors, ``.skipped``; ``.raise_for_failures()``).

        Raises:
            InputValidationError: ``items`` is one value (a string, bytes or one record) or
                not iterable, or ``chunk_size`` or ``concurrency`` is invalid; nothing was
                sent. Failures of items are reported, not raised.
        """
        from timeback_oneroster._async import bulk

        knobs = bulk.BulkKnobs(chunk_size, concurrency, stop_on_error, on_progress)
        return await bulk.bulk_create(self, items, knobs, options)

    async def bulk_upsert(
        self,
        items: Iterable[W | M | Mapping[str, Any]] | AsyncIterable[W | M | Mapping[str, Any]],
        *,
        chunk_size: int = DEFAULT_BULK_CHUNK_SIZE,
        concurrency: int = DEFAULT_BULK_CONCURRENCY,
        stop_on_error: bool = False,
        on_progress: Callable[[int, int | None], None] | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkReport[UpsertResult[M]]:
        """Create or replace many records by their ``sourcedId`` (`upsert` per record).

        Args:
            items: The complete records, each with its ``sourced_id``; any iterable or async
                iterable.
            chunk_size: Items read at a time.
            concurrency: Requests in flight at most.
            stop_on_error: Start no new request after the first failure (the rest is skipped).
            on_progress: Called as ``on_progress(done, total)`` after each item's outcome
                (``total`` is None for an input without a length, like a generator); for a
                progress bar such as tqdm's or rich's.
            **options: Request options for every request.

        Returns:
            A `BulkReport` of `UpsertResult` (without the stored records), in input order.

        Raises:
            InputValidationError: ``items`` is one value (a string, bytes or one record) or
                not iterable, or ``chunk_size`` or ``concurrency`` is invalid; nothing was
                sent. Failures of items (also an item without a ``sourcedId``) are reported,
                not raised.
        """
        from timeback_oneroster._async import bulk

        knobs = bulk.BulkKnobs(chunk_size, concurrency, stop_on_error, on_progress)
        return await bulk.bulk_upsert(self, items, knobs, options)

    async def bulk_delete(
        self,
        sourced_ids: Iterable[str] | AsyncIterable[str],
        *,
        chunk_size: int = DEFAULT_BULK_CHUNK_SIZE,
        concurrency: int = DEFAULT_BULK_CONCURRENCY,
        stop_on_error: bool = False,
        on_progress: Callable[[int, int | None], None] | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkReport[None]:
        """Delete (soft) many records by id, one ``DELETE`` each.

        Args:
            sourced_ids: The ids, any iterable or async iterable.
            chunk_size: Ids read at a time.
            concurrency: Requests in flight at most.
            stop_on_error: Start no new request after the first failure (the rest is skipped).
            on_progress: Called as ``on_progress(done, total)`` after each item's outcome
                (``total`` is None for an input without a length, like a generator); for a
                progress bar such as tqdm's or rich's.
            **options: Request options for every request.

        Returns:
            A `BulkReport` in input order; an unknown id fails with `NotFoundError`.

        Raises:
            InputValidationError: ``sourced_ids`` is one value (a string or bytes, whose
                characters would be taken for ids) or not iterable, or ``chunk_size`` or
                ``concurrency`` is invalid; nothing was sent.
        """
        from timeback_oneroster._async import bulk

        knobs = bulk.BulkKnobs(chunk_size, concurrency, stop_on_error, on_progress)
        return await bulk.bulk_delete(self, sourced_ids, knobs, options)


class AsyncPatchableCollection(AsyncCollection[M, W], Generic[M, W, P]):
    """A writable collection with ``patch`` (the platform documents PATCH for three).

    Args:
        api: The base client.
        paths: The platform's base paths.
        spec: The collection's endpoint and write form.
        patch_input: The partial form (`EnrollmentPatch`, ...).
    """

    def __init__(
        self,
        api: AsyncAPIClient,
        paths: OneRosterPaths,
        spec: CollectionSpec[M, W],
        patch_input: type[P],
    ) -> None:
        super().__init__(api, paths, spec)
        self._patch_input = patch_input

    async def patch(
        self, sourced_id: str, data: P | Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> M | None:
        """Change some members of a record (``PATCH``); the others keep their values.

        Args:
            sourced_id: The record's id.
            data: The members to change (the patch form or a dict); an explicit None sends
                ``null``.
            **options: Request options.

        Returns:
            The stored record when the platform sent it back, else None.

        Raises:
            InputValidationError: A member is unknown or invalid.
            NotFoundError: No record has this id.
        """
        from timeback_oneroster._models import to_wire_patch

        with oneroster_errors():
            body = to_wire_patch(data, self._patch_input)
        spec = self._spec
        response = await self._api.patch(
            self._path(spec.api, spec.item_template),
            sourced_id,
            json={self._write_key: body},
            options=options,
        )
        return read_optional_single(response, spec.keys, spec.model)
