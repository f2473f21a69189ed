"""Request bodies and list queries of the QTI service, checked before anything is sent. Pure.

Content is given in one of two forms: QTI 3.0 XML (sent as ``{"format": "xml", "xml": ...}``,
as the service prefers), which is first read through the safe parser (so unsafe or malformed
XML never leaves the client), or the JSON form, as a model of this package or a plain mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from timeback_common import Page, check_identifiers, compute_next_offset
from timeback_qti._errors import QtiError, input_error
from timeback_qti._xml import root_identifier

__all__ = [
    "MAX_QTI_PAGE_SIZE",
    "content_body",
    "feedback_body",
    "item_ref_body",
    "json_form",
    "json_replacement",
    "list_query",
    "metadata_mapping",
    "order_body",
    "part_modes",
    "qti_page",
    "replacement_body",
    "require_identifier",
    "validate_body",
]

T = TypeVar("T")

MAX_QTI_PAGE_SIZE = 1000
"""The largest ``limit`` the client asks for in one page request."""

_ROOTS = {
    "item": "qti-assessment-item",
    "stimulus": "qti-assessment-stimulus",
    "test": "qti-assessment-test",
}


def require_identifier(value: object, argument: str) -> str:
    """An identifier argument: a non-empty string.

    Raises:
        InputValidationError: It is not (also a `QtiError`).
    """
    return check_identifiers(QtiError, **{argument: value})[0]


def json_form(value: object, what: str) -> dict[str, Any]:
    """The JSON form of a model or mapping, which must carry an identifier.

    Raises:
        InputValidationError: Not a model or mapping, or no identifier.
    """
    if isinstance(value, BaseModel):
        body = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    elif isinstance(value, Mapping):
        body = dict(value)
    else:
        raise input_error(
            f"{what} must be a model of timeback_qti or a mapping, got {type(value).__name__}",
            what,
        )
    require_identifier(body.get("identifier"), f"{what}.identifier")
    return body


def metadata_mapping(metadata: object) -> dict[str, Any]:
    """A copy of the ``metadata`` argument, which must be a mapping.

    Raises:
        InputValidationError: It is not a mapping.
    """
    if not isinstance(metadata, Mapping):
        raise input_error("metadata must be a mapping", "metadata")
    return dict(metadata)


def content_body(
    kind: str,
    *,
    xml: str | bytes | None,
    data: object,
    metadata: Mapping[str, Any] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The body creating or replacing an item, stimulus or test, and its identifier.

    Args:
        kind: ``item``, ``stimulus`` or ``test``.
        xml: The QTI 3.0 XML (exclusive with ``data``).
        data: The JSON form: a model or a mapping (exclusive with ``xml``).
        metadata: Metadata sent with XML content.

    Returns:
        (identifier, body).

    Raises:
        QtiXmlError: The XML is unsafe, malformed, of another kind, or has no identifier.
        InputValidationError: Neither or both forms given, or the JSON form has no identifier.
    """
    if (xml is None) == (data is None):
        raise input_error(f"give the {kind} either as xml= or as data (one of the two)", "xml")
    extra = None if metadata is None else metadata_mapping(metadata)
    if xml is not None:
        identifier = root_identifier(xml, _ROOTS[kind], what=f"{kind} XML")
        body: dict[str, Any] = {"format": "xml", "xml": _text_of(xml)}
        if extra is not None:
            body["metadata"] = extra
        return identifier, body
    body = json_form(data, kind)
    if extra is not None:
        body["metadata"] = {**(body.get("metadata") or {}), **extra}
    return str(body["identifier"]), body


def replacement_body(
    kind: str,
    identifier: str,
    *,
    xml: str | bytes | None,
    data: object,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The body replacing the item, stimulus or test ``identifier`` (see `content_body`).

    Raises:
        QtiXmlError: The XML is unsafe, malformed or of another kind.
        InputValidationError: The content names another identifier, or neither or both forms
            were given.
    """
    require_identifier(identifier, "identifier")
    content_identifier, body = content_body(kind, xml=xml, data=data, metadata=metadata)
    _keep_identifier(kind, content_identifier, identifier)
    return body


def json_replacement(value: object, what: str, identifier: str) -> dict[str, Any]:
    """The JSON form (see `json_form`) replacing ``identifier``, which it must keep.

    Raises:
        InputValidationError: Not a model or mapping, or it names another identifier.
    """
    body = json_form(value, what)
    _keep_identifier(what, str(body["identifier"]), identifier)
    return body


def _keep_identifier(what: str, given: str, identifier: str) -> None:
    if given != identifier:
        raise input_error(
            f"the {what}'s identifier {given!r} differs from {identifier!r}; "
            "an update keeps the identifier",
            "identifier",
        )


def list_query(
    *,
    query: str | None = None,
    sort: str | None = None,
    order: str | None = None,
    filter: str | None = None,
    extra: Mapping[str, str | None] | None = None,
) -> dict[str, str]:
    """The fixed part of a search's query (the page and limit are added per page).

    Raises:
        InputValidationError: ``order`` is not ``asc`` or ``desc``, or a value is not a string.
    """
    params: dict[str, str] = {}
    for name, value in (
        ("query", query),
        ("sort", sort),
        ("order", order),
        ("filter", filter),
        *((extra or {}).items()),
    ):
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise input_error(f"{name} must be a non-empty string, got {value!r}", name)
        params[name] = value
    if order is not None and order not in ("asc", "desc"):
        raise input_error(f"order must be 'asc' or 'desc', got {order!r}", "order")
    return params


def part_modes(navigation_mode: str | None, submission_mode: str | None) -> dict[str, str | None]:
    """The query members selecting test parts by navigation and submission mode."""
    return {"navigationMode": navigation_mode, "submissionMode": submission_mode}


class PageChoice(Protocol):
    """Which numbered page serves an offset window (`timeback_common.page_number_request`)."""

    @property
    def page(self) -> int: ...
    @property
    def limit(self) -> int: ...
    @property
    def skip(self) -> int: ...


def _count(body: object, key: str) -> int | None:
    value = body.get(key) if isinstance(body, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number >= 0 else None


def qti_page(
    rows: list[T], body: object, *, offset: int, limit: int, request: PageChoice
) -> Page[T]:
    """The offset `Page` for records ``offset .. offset + limit`` of one numbered QTI page.

    QTI lists carry ``total`` and ``pages``; the paginator speaks offsets, so the window is cut
    out of the page that `page_number_request` chose.
    """
    items = rows[request.skip : request.skip + limit]
    total = _count(body, "total")
    received = len(items)
    next_offset: int | None
    if received == 0:
        next_offset = None
    elif total is not None:
        next_offset = compute_next_offset(
            offset=offset, limit=limit, received=received, total=total, has_next_link=None
        )
    else:
        pages = _count(body, "pages")
        more = request.page < pages if pages is not None else len(rows) >= request.limit
        next_offset = offset + received if more or request.skip + received < len(rows) else None
    return Page(items=items, offset=offset, limit=limit, total=total, next_offset=next_offset)


def item_ref_body(
    item_identifier: str, *, href: str | None = None, sequence: int | None = None
) -> dict[str, Any]:
    """The body adding an item reference to a section.

    Raises:
        InputValidationError: An argument is invalid.
    """
    body: dict[str, Any] = {"identifier": require_identifier(item_identifier, "item_identifier")}
    if href is not None:
        body["href"] = require_identifier(href, "href")
    if sequence is not None:
        if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
            raise input_error(f"sequence must be a positive integer, got {sequence!r}", "sequence")
        body["sequence"] = sequence
    return body


def order_body(item_identifiers: Iterable[str]) -> dict[str, Any]:
    """The body putting a section's items in this order (positions 1, 2, 3...).

    Raises:
        InputValidationError: Empty, not strings, or an identifier repeated.
    """
    if isinstance(item_identifiers, (str, bytes)) or not isinstance(item_identifiers, Iterable):
        raise input_error("item_identifiers must be a list of identifiers", "item_identifiers")
    names = [require_identifier(v, "item_identifiers") for v in item_identifiers]
    if not names:
        raise input_error("item_identifiers must name at least one item", "item_identifiers")
    if len(set(names)) != len(names):
        raise input_error("item_identifiers names an item twice", "item_identifiers")
    return {"items": [{"identifier": name, "sequence": i} for i, name in enumerate(names, start=1)]}


def feedback_body(
    *,
    user_id: str,
    lesson_id: str,
    feedback: str,
    question_id: str | None = None,
    human_approved: bool | None = None,
) -> dict[str, Any]:
    """The body of question or lesson feedback.

    Raises:
        InputValidationError: A required member is missing or empty.
    """
    body: dict[str, Any] = {
        "userId": require_identifier(user_id, "user_id"),
        "lessonId": require_identifier(lesson_id, "lesson_id"),
        "feedback": require_identifier(feedback, "feedback"),
    }
    if question_id is not None:
        body["questionId"] = require_identifier(question_id, "question_id")
    if human_approved is not None:
        if not isinstance(human_approved, bool):
            raise input_error("human_approved must be a boolean", "human_approved")
        body["humanApproved"] = human_approved
    return body


def validate_body(schema: str, xml: str | bytes | None, entity_id: str | None) -> dict[str, Any]:
    """The body validating one document (given, or stored under ``entity_id``).

    The XML is first read through the safe parser only for safety: malformed XML is sent, so
    that the service reports its problems; unsafe XML is refused here.

    Raises:
        InputValidationError: ``schema`` unknown, or neither ``xml`` nor ``entity_id``.
        QtiXmlError: The XML is unsafe (a DTD, entities, too large).
    """
    if schema not in _ROOTS:
        raise input_error(f"schema must be one of {list(_ROOTS)}, got {schema!r}", "schema")
    body: dict[str, Any] = {"schema": schema}
    if xml is None and entity_id is None:
        raise input_error("give xml= or the entity_id of a stored entity", "xml")
    if xml is not None:
        body["xml"] = _checked_xml(xml)
    if entity_id is not None:
        body["entityId"] = require_identifier(entity_id, "entity_id")
    return body


def _text_of(xml: str | bytes) -> str:
    """XML as text for a JSON body (bytes must be UTF-8)."""
    from timeback_qti._errors import QtiXmlError

    if isinstance(xml, str):
        return xml
    try:
        return xml.decode("utf-8")
    except UnicodeDecodeError:
        raise QtiXmlError("XML given as bytes must be UTF-8; pass a str instead") from None


def _checked_xml(xml: str | bytes) -> str:
    from timeback_qti._errors import QtiXmlError
    from timeback_qti._xml import parse_xml

    if not isinstance(xml, (str, bytes)):
        raise input_error(f"xml must be a str or bytes, got {type(xml).__name__}", "xml")
    try:
        parse_xml(xml)
    except QtiXmlError as exc:
        if exc.unsafe:
            raise
    return _text_of(xml)


def batch_validate_body(
    schema: str, documents: Sequence[str | bytes], entity_ids: Sequence[str] | None
) -> dict[str, Any]:
    """The body validating several documents.

    Raises:
        InputValidationError: ``schema`` unknown, no documents, or ``entity_ids`` of another
            length.
        QtiXmlError: A document is unsafe.
    """
    if schema not in _ROOTS:
        raise input_error(f"schema must be one of {list(_ROOTS)}, got {schema!r}", "schema")
    if isinstance(documents, (str, bytes)) or not isinstance(documents, Sequence) or not documents:
        raise input_error("documents must be a non-empty list of XML documents", "documents")
    texts = [_checked_xml(d) for d in documents]
    if entity_ids is None:
        ids: list[object] = [f"document-{i}" for i in range(len(texts))]
    elif isinstance(entity_ids, (str, bytes)) or not isinstance(entity_ids, Sequence):
        raise input_error("entity_ids must be a list of ids", "entity_ids")
    else:
        ids = list(entity_ids)
    if len(ids) != len(texts):
        raise input_error("entity_ids must have one id per document", "entity_ids")
    return {
        "schema": schema,
        "xml": texts,
        "entityIds": [require_identifier(e, "entity_ids") for e in ids],
    }
