"""Reading OneRoster answers into results: pages, records, created ids, exports. Pure.

Every function takes the `APIResponse` of a successful call. Bodies that do not have the
documented shape raise `APIResponseValidationError` carrying the response's status, URL and
request id, as an instance of `OneRosterError` too. Every 2xx may come with an empty body (wire
contract 3.6): where the result can do without one (a list page, an update, a create whose id
the client chose) an empty body is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar
from urllib.parse import unquote

from pydantic import BaseModel

from timeback_common import (
    APIResponse,
    APIResponseValidationError,
    ErrorIssue,
    Page,
    offset_page_from_response,
)
from timeback_oneroster._models import (
    SOURCED_ID_PAIRS_KEY,
    SourcedIdPair,
    WireKeys,
    from_wire,
    from_wire_list,
    from_wire_page,
    parse_sourced_id_pairs,
    pick_list,
    pick_single,
)

__all__ = [
    "ResourceExport",
    "UpsertResult",
    "filename_from_content_disposition",
    "page_reader",
    "read_created",
    "read_created_items",
    "read_export",
    "read_items",
    "read_model",
    "read_optional_single",
    "read_page",
    "read_single",
    "read_string_member",
    "wire_page_reader",
]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class UpsertResult(Generic[M]):
    """What `upsert` did.

    Attributes:
        sourced_id: The record's id (the allocated one when a create allocated another).
        created: True when the record did not exist and was created; False when an existing
            record was replaced; None when the platform does not say (gradebook PUT is
            create-or-replace and answers 201 either way).
        record: The stored record when the platform sent it back, else None.
    """

    sourced_id: str
    created: bool | None
    record: M | None = None


@dataclass(frozen=True)
class ResourceExport:
    """A resource exported as an IMS Common Cartridge.

    Attributes:
        content: The archive (a zip file, usually ``.imscc``).
        filename: The file name the platform suggested (``Content-Disposition``), without any
            directory part; None when it named none.
        content_type: The media type of ``content`` (``application/zip``), when sent.
    """

    content: bytes
    filename: str | None
    content_type: str | None

    def __repr__(self) -> str:
        return (
            f"ResourceExport(filename={self.filename!r}, content_type={self.content_type!r}, "
            f"size={len(self.content)})"
        )


def _revalidated(
    response: APIResponse, exc: APIResponseValidationError
) -> APIResponseValidationError:
    """The same problem, reported with the response's status, URL, request id and service."""
    return response.validation_error(exc.message, body=exc.body, issues=exc.issues)


def read_page(
    response: APIResponse, keys: WireKeys, model: type[M], *, offset: int, limit: int
) -> Page[M]:
    """One page of a list: its records, the total and where the next page starts.

    Args:
        response: The answer to ``GET <collection>?offset=..&limit=..``.
        keys: The listed records' envelope keys.
        model: The model of one record.
        offset: The offset the page was requested at.
        limit: The ``limit`` that was requested.

    Returns:
        The page (an empty body reads as an empty last page).

    Raises:
        APIResponseValidationError: No accepted list member, or a record cannot be read.
    """
    content = response.content
    fast = from_wire_page(content, keys.list_keys, model) if content.strip() else None
    if fast is not None:
        items, envelope = fast
        return offset_page_from_response(
            items, offset=offset, limit=limit, body=envelope, headers=response.headers
        )
    # The detailed way: json.loads, then the records; its errors name record and member.
    body = response.json()
    items = []
    if body is not None:
        try:
            items = from_wire_list(pick_list(body, keys), model, path=keys.list_key)
        except APIResponseValidationError as exc:
            raise _revalidated(response, exc) from None
    return offset_page_from_response(
        items, offset=offset, limit=limit, body=body, headers=response.headers
    )


def page_reader(keys: WireKeys, model: type[M]) -> Callable[[APIResponse, int, int], Page[M]]:
    """`read_page` for one collection, as the base client's ``paginate`` calls it."""

    def read(response: APIResponse, offset: int, limit: int) -> Page[M]:
        return read_page(response, keys, model, offset=offset, limit=limit)

    return read


def wire_page_reader(
    keys: WireKeys, model: type[M]
) -> Callable[[APIResponse, int, int], Page[tuple[M, dict[str, Any]]]]:
    """`read_page` pairing each record with its JSON object as sent (``list_with_wire``)."""

    def read(response: APIResponse, offset: int, limit: int) -> Page[tuple[M, dict[str, Any]]]:
        page = read_page(response, keys, model, offset=offset, limit=limit)
        objects = pick_list(response.json(), keys) if page.items else []
        if len(objects) != len(page.items) or not all(isinstance(o, dict) for o in objects):
            raise response.validation_error("list records are not all JSON objects")
        paired: Page[Any] = page  # the same page, its items replaced by pairs
        return replace(paired, items=list(zip(page.items, objects, strict=True)))

    return read


def read_items(response: APIResponse, keys: WireKeys, model: type[M]) -> list[M]:
    """The records of a list that is not paginated (``R/users/{id}/agents``).

    Raises:
        APIResponseValidationError: No accepted list member, or a record cannot be read.
    """
    body = response.json()
    if body is None:
        return []
    try:
        return from_wire_list(pick_list(body, keys), model, path=keys.list_key)
    except APIResponseValidationError as exc:
        raise _revalidated(response, exc) from None


def read_single(response: APIResponse, keys: WireKeys, model: type[M]) -> M:
    """The record of a single read (``{"user": {...}}``).

    Raises:
        APIResponseValidationError: No accepted single member, or the record cannot be read.
    """
    body = response.json()
    try:
        return from_wire(pick_single(body, keys), model)
    except APIResponseValidationError as exc:
        raise _revalidated(response, exc) from None


def read_optional_single(response: APIResponse, keys: WireKeys, model: type[M]) -> M | None:
    """The record a write sent back, or None when it sent none (a PUT body is optional).

    Raises:
        APIResponseValidationError: A record is present but cannot be read.
    """
    body = response.json()
    if not isinstance(body, Mapping) or not any(
        isinstance(body.get(key), Mapping) for key in keys.single_keys
    ):
        return None
    return read_single(response, keys, model)


def read_model(response: APIResponse, model: type[M]) -> M:
    """A whole body as one model (answers that are not enveloped, e.g. credential registration).

    Raises:
        APIResponseValidationError: The body is not an object of that shape.
    """
    body = response.json()
    if not isinstance(body, Mapping):
        raise response.validation_error(f"expected a JSON object for {model.__name__}", body=body)
    try:
        return from_wire(body, model)
    except APIResponseValidationError as exc:
        raise _revalidated(response, exc) from None


def read_string_member(response: APIResponse, name: str) -> str:
    """One string member of the body (``{"password": "..."}``).

    Raises:
        APIResponseValidationError: The body holds no such string; its value is never shown.
    """
    body = response.json()
    value = body.get(name) if isinstance(body, Mapping) else None
    if not isinstance(value, str):
        # The body is left out of the error on purpose: it may hold a secret.
        raise response.validation_error(
            f"response body has no string {name!r} member",
            issues=[ErrorIssue(message="missing string member", path=name)],
        )
    return value


def read_created(
    response: APIResponse, *, sent_id: str | None, keys: WireKeys | None = None
) -> SourcedIdPair:
    """The ids of a single create (``201 {"sourcedIdPairs": {...}}``).

    Also accepts an array of pairs (its first), the created record under one of ``keys``'
    single members (``POST R/terms/{id}/gradingPeriods`` answers ``{"academicSession"}``), and,
    when the client chose the id, an empty body.

    Args:
        response: The 201 answer.
        sent_id: The ``sourcedId`` the body carried, if any.
        keys: The created record's envelope keys, to read the id from the record itself.

    Returns:
        The supplied and allocated ids.

    Raises:
        APIResponseValidationError: The answer names no id and the client sent none.
    """
    body = response.json()
    if isinstance(body, Mapping) and SOURCED_ID_PAIRS_KEY in body:
        try:
            pairs = parse_sourced_id_pairs(body)
        except APIResponseValidationError as exc:
            raise _revalidated(response, exc) from None
        if pairs:
            return pairs[0]
    if keys is not None and isinstance(body, Mapping):
        for key in keys.single_keys:
            record = body.get(key)
            if isinstance(record, Mapping) and isinstance(record.get("sourcedId"), str):
                allocated = record["sourcedId"]
                return SourcedIdPair(
                    supplied_sourced_id=sent_id or allocated, allocated_sourced_id=allocated
                )
    if sent_id is not None:
        return SourcedIdPair(supplied_sourced_id=sent_id, allocated_sourced_id=sent_id)
    raise response.validation_error(
        "the create answer names no 'sourcedIdPairs' and no id was sent",
        body=body,
        issues=[ErrorIssue(message="missing member", path=SOURCED_ID_PAIRS_KEY)],
    )


def read_created_items(
    response: APIResponse, *, sent_ids: Sequence[str | None]
) -> list[SourcedIdPair]:
    """The ids of an array-wrapped create (``{"lineItems": [...]}``), one pair per item.

    Args:
        response: The 201 answer (``sourcedIdPairs`` as an array, or one object for one item).
        sent_ids: The ``sourcedId`` each item carried, in order.

    Returns:
        The pairs in the order the server gave them (the items' order). With an empty body, the
        pairs of the ids sent, when every item carried one.

    Raises:
        APIResponseValidationError: The answer holds no pairs and some item had no id.
    """
    body = response.json()
    if isinstance(body, Mapping) and SOURCED_ID_PAIRS_KEY in body:
        try:
            return parse_sourced_id_pairs(body)
        except APIResponseValidationError as exc:
            raise _revalidated(response, exc) from None
    if sent_ids and all(sid is not None for sid in sent_ids):
        return [
            SourcedIdPair(supplied_sourced_id=sid, allocated_sourced_id=sid)
            for sid in sent_ids
            if sid is not None
        ]
    raise response.validation_error(
        "the create answer names no 'sourcedIdPairs' and some items had no id",
        body=body,
        issues=[ErrorIssue(message="missing member", path=SOURCED_ID_PAIRS_KEY)],
    )


_FILENAME_STAR = re.compile(r"""filename\*\s*=\s*([^;]+)""", re.IGNORECASE)
_FILENAME = re.compile(r"""filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)""", re.IGNORECASE)


def _basename(name: str) -> str | None:
    # A suggested name is only a name: never let it carry directories (../../etc/passwd).
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name if name not in ("", ".", "..") else None


def filename_from_content_disposition(value: str | None) -> str | None:
    """The file name of a ``Content-Disposition`` header (RFC 6266), without directories.

    ``filename*`` (RFC 5987, e.g. ``UTF-8''r%C3%A9sum%C3%A9.imscc``) wins over ``filename``.

    Example:
        >>> filename_from_content_disposition('attachment; filename="course 1.imscc"')
        'course 1.imscc'
    """
    if not value:
        return None
    star = _FILENAME_STAR.search(value)
    if star:
        raw = star.group(1).strip().strip('"')
        charset, _, rest = raw.partition("'")
        _, _, encoded = rest.partition("'")
        if encoded:
            try:
                return _basename(unquote(encoded, encoding=charset or "utf-8", errors="strict"))
            except (LookupError, UnicodeDecodeError):
                pass
    plain = _FILENAME.search(value)
    if plain:
        raw = plain.group(1).strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        return _basename(raw)
    return None


def read_export(response: APIResponse) -> ResourceExport:
    """The archive of a resource export, with the suggested file name.

    Returns:
        The bytes as received, the name from ``Content-Disposition`` and the media type.
    """
    headers = response.headers
    content_type = headers.get("content-type")
    return ResourceExport(
        content=response.content,
        filename=filename_from_content_disposition(headers.get("content-disposition")),
        content_type=content_type.split(";", 1)[0].strip() if content_type else None,
    )
