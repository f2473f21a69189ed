"""Views: how one OneRoster resource family maps onto a store collection, and the generic
list / get / create / put / patch / delete handlers built from them."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._filter import Node, parse_filter
from timeback_emulator._schema import COLLECTIONS
from timeback_emulator._store import DuplicateError, Row, Store
from timeback_emulator.oneroster._http import (
    ApiError,
    Handler,
    ListParams,
    bad_request,
    base_url,
    endpoint,
    fields_param,
    invalid,
    json_response,
    list_params,
    list_response,
    not_found,
    path_param,
    read_object,
    store_of,
    unwrap,
)
from timeback_emulator.oneroster._models import as_input, normalize
from timeback_emulator.oneroster._render import render_one, render_rows

Condition = tuple[str, Sequence[Any]]


def _search_fields(collection: str) -> tuple[str, ...]:
    schema = COLLECTIONS.get(collection, {})
    if collection == "users":
        return ("givenName", "familyName", "email")
    if collection == "courses":
        return ("title", "courseCode")
    for name in ("title", "name"):
        if name in schema:
            return (name,)
    return ("sourcedId",)


@dataclass(frozen=True)
class View:
    """One resource family (``R/schools``, ``G/lineItems``...) over a collection.

    Attributes:
        collection: Store collection.
        list_key: Envelope key of lists.
        single_key: Envelope key of single reads (and PUT/PATCH answers).
        label: Entity name in messages (``"School"`` → ``School not found.``).
        write_keys: Accepted wrapper keys of write bodies (first one is canonical).
        base_filter: Filter restricting the collection (``type='school'``).
        defaults: Members injected on writes when absent (``type: school``).
        put_mode: ``update`` (404 when missing) or ``upsert`` (create-or-replace, 201).
        put_status: Status of a successful PUT.
        writable: Whether POST/PUT/PATCH/DELETE exist.
    """

    collection: str
    list_key: str
    single_key: str
    label: str
    write_keys: tuple[str, ...] = ()
    base_filter: str | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    put_mode: Literal["update", "upsert"] = "update"
    put_status: int = 200
    writable: bool = True

    @property
    def base_node(self) -> Node | None:
        return parse_filter(self.base_filter) if self.base_filter else None

    @property
    def schema(self) -> Mapping[str, Any]:
        return COLLECTIONS[self.collection]

    @property
    def missing(self) -> str:
        return f"{self.label} not found."


def fetch(store: Store, view: View, sourced_id: str) -> Row | None:
    """The row of ``sourced_id`` if it exists and belongs to the view."""
    if view.base_filter is None:
        return store.get_row(view.collection, sourced_id)
    node = view.base_node
    assert node is not None
    page = store.page(
        view.collection,
        filters=[node],
        conditions=[("t.sid = ?", [sourced_id])],
        limit=1,
        with_total=False,
    )
    return page.rows[0] if page.rows else None


def require(store: Store, view: View, sourced_id: str, message: str | None = None) -> Row:
    """The row of ``sourced_id`` in the view; 404 otherwise."""
    row = fetch(store, view, sourced_id)
    if row is None:
        raise not_found(message or view.missing)
    return row


# --------------------------------------------------------------------------------------------
# Lists


def list_page(
    request: Request,
    view: View,
    conditions: Sequence[Condition] = (),
    keys: Sequence[str] | None = None,
) -> Response:
    """Answer a list request over a view, restricted by extra SQL conditions."""
    store = store_of(request)
    params: ListParams = list_params(request, view.schema)
    filters: list[Node] = []
    if view.base_node is not None:
        filters.append(view.base_node)
    if params.filter is not None:
        filters.append(params.filter)
    page = store.page(
        view.collection,
        filters=filters,
        conditions=conditions,
        search=params.search,
        search_fields=_search_fields(view.collection),
        sort=params.sort,
        descending=params.descending,
        limit=params.limit,
        offset=params.offset,
    )
    text = render_rows(store, view.collection, page.rows, base_url(request), params.fields)
    assert page.total is not None
    return list_response(request, keys or (view.list_key,), text, page.total, params)


def unpaged(request: Request, view: View, key: str, conditions: Sequence[Condition]) -> Response:
    """A non-paginated list (``{"<key>": [...]}``), ``fields`` honoured."""
    store = store_of(request)
    fields = fields_param(request, view.schema)
    filters = [view.base_node] if view.base_node is not None else []
    page = store.page(view.collection, filters=filters, conditions=conditions, with_total=False)
    text = render_rows(store, view.collection, page.rows, base_url(request), fields)
    return Response(f'{{"{key}":{text}}}'.encode(), media_type="application/json")


# --------------------------------------------------------------------------------------------
# Single entities


def single(request: Request, view: View, doc: Mapping[str, Any], status: int = 200) -> Response:
    """``{"<singleKey>": entity}``."""
    return json_response(
        {view.single_key: render_one(view.collection, doc, base_url(request))}, status
    )


def pair(supplied: str | None, allocated: str) -> dict[str, str]:
    """One ``sourcedIdPairs`` item."""
    return {"suppliedSourcedId": supplied or allocated, "allocatedSourcedId": allocated}


Hook = Callable[[Store, dict[str, Any], "dict[str, Any] | None"], None]


@dataclass
class Hooks:
    """Per-collection write side effects.

    ``prepare(store, doc, previous)`` runs before a write (may fill derived members or raise an
    :class:`ApiError`); ``after(store, doc, previous)`` runs after it.
    """

    prepare: Hook | None = None
    after: Hook | None = None


HOOKS: dict[str, Hooks] = {}


def prepare_doc(
    store: Store,
    view: View,
    body: Mapping[str, Any],
    previous: dict[str, Any] | None,
    *,
    prefix: str = "",
) -> dict[str, Any]:
    """Normalise a full write body for ``view``; 422 on validation failures."""
    merged = dict(body)
    for key, value in view.defaults.items():
        merged.setdefault(key, value)
    doc, details = normalize(view.collection, merged, prefix=prefix)
    if details:
        raise invalid(details)
    hooks = HOOKS.get(view.collection)
    if hooks and hooks.prepare:
        hooks.prepare(store, doc, previous)
    return doc


def after_write(
    store: Store, view: View, doc: dict[str, Any], previous: dict[str, Any] | None
) -> None:
    hooks = HOOKS.get(view.collection)
    if hooks and hooks.after:
        hooks.after(store, doc, previous)


def create_doc(store: Store, view: View, doc: dict[str, Any]) -> dict[str, Any]:
    """Insert a prepared document; 409 on a duplicate sourcedId."""
    try:
        stored = store.insert(view.collection, doc)
    except DuplicateError:
        raise ApiError(
            409,
            "invaliddata",
            f"{view.label} with sourcedId {doc.get('sourcedId')!r} already exists.",
        ) from None
    after_write(store, view, stored, None)
    return stored


def list_handler(view: View) -> Handler:
    """GET on a collection."""

    @endpoint
    async def handle(request: Request) -> Response:
        return list_page(request, view)

    return handle


def get_handler(view: View) -> Handler:
    """GET on a single entity (``fields`` allowed)."""

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        fields = fields_param(request, view.schema)
        row = require(store, view, path_param(request, "id"))
        doc = json.loads(row.doc)
        body = {view.single_key: render_one(view.collection, doc, base_url(request), fields)}
        return json_response(body)

    return handle


def create_handler(view: View) -> Handler:
    """POST on a collection: 201 ``sourcedIdPairs``."""

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        body = unwrap(await read_object(request), view.write_keys)
        supplied = body.get("sourcedId")
        with store.transaction():
            doc = prepare_doc(store, view, body, None)
            stored = create_doc(store, view, doc)
        sid = stored["sourcedId"]
        return json_response(
            {"sourcedIdPairs": pair(supplied if isinstance(supplied, str) else None, sid)}, 201
        )

    return handle


def _check_body_id(body: Mapping[str, Any], sourced_id: str) -> None:
    given = body.get("sourcedId")
    if given is not None and given != sourced_id:
        raise bad_request(
            f"sourcedId in the body ({given!r}) does not match the path ({sourced_id!r})."
        )


def put_handler(view: View) -> Handler:
    """PUT on a single entity: update-existing (404) or create-or-replace (201)."""

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        sid = path_param(request, "id")
        body = unwrap(await read_object(request), view.write_keys)
        _check_body_id(body, sid)
        body = {**body, "sourcedId": sid}
        with store.transaction():
            row = fetch(store, view, sid)
            if row is None and (view.put_mode == "update" or store.exists(view.collection, sid)):
                raise not_found(view.missing)
            previous = json.loads(row.doc) if row is not None else None
            doc = prepare_doc(store, view, body, previous)
            stored = store.upsert(view.collection, doc)
            after_write(store, view, stored, previous)
        return single(request, view, stored, view.put_status)

    return handle


def patch_handler(view: View) -> Handler:
    """PATCH on a single entity: merge the given members, 200 with the entity."""

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        sid = path_param(request, "id")
        body = unwrap(await read_object(request), view.write_keys)
        _check_body_id(body, sid)
        with store.transaction():
            row = require(store, view, sid)
            previous = json.loads(row.doc)
            partial, details = normalize(view.collection, body, partial=True)
            if details:
                raise invalid(details)
            merged = as_input(view.collection, {**previous, **partial, "sourcedId": sid})
            doc = prepare_doc(store, view, merged, previous)
            stored = store.upsert(view.collection, doc)
            after_write(store, view, stored, previous)
        return single(request, view, stored)

    return handle


def delete_handler(view: View) -> Handler:
    """DELETE: soft delete, 204 (repeat 204, unknown 404)."""

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        sid = path_param(request, "id")
        with store.transaction():
            require(store, view, sid)
            store.soft_delete(view.collection, sid)
        return Response(status_code=204)

    return handle


def methods(**handlers: Handler) -> tuple[Handler, list[str]]:
    """Combine per-method handlers into one endpoint for a path."""
    table = {name.upper(): handler for name, handler in handlers.items()}

    async def dispatch(request: Request) -> Response:
        handler = table.get(request.method)
        if handler is None and request.method == "HEAD":
            handler = table.get("GET")
        if handler is None:
            allowed = ", ".join(table)
            return ApiError(405, "invaliddata", f"Method not allowed; use {allowed}.").response()
        return await handler(request)

    names = list(table)
    if "GET" in table:
        names.append("HEAD")
    return dispatch, names
