"""List parameters: what every OneRoster listing accepts, checked and turned into a query. Pure.

Every list method of the client takes the same keyword arguments, described once by
`ListParams` (the OneRoster list parameters plus the paging controls and the per-call
`RequestOptions`)::

    client.users.list(filter=F("status") == "active", sort="familyName", fields=["givenName"])
    client.classes.students(class_id, search="smith", limit=500, max_items=1_000)

`build_list_request` checks them before anything is sent and splits them into the fixed query
(``filter``, ``sort``, ``orderBy``, ``fields``, ``search``), the paging controls and the request
options; the paginator adds ``limit`` and ``offset`` to each page request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from timeback_common import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    REQUEST_OPTION_KEYS,
    ErrorIssue,
    InputValidationError,
    RequestOptions,
)
from timeback_oneroster._filters import FilterLike, render_filter

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "LIST_PARAM_KEYS",
    "MAX_PAGE_SIZE",
    "REQUEST_OPTION_KEYS",
    "ListParams",
    "ListRequest",
    "build_list_request",
    "fields_value",
    "request_options",
]


class ListParams(RequestOptions, total=False):
    """Keyword arguments of every list method (all optional; None means "not given").

    Attributes:
        filter: Which records to return: a builder expression (``F("role") == "student"``), a
            dict (AND of equalities; a list value means "any of"), or a raw filter string sent
            unchanged. Checked against the platform's limits (LearnWith.AI: at most two
            predicates, AND and OR not mixed) before anything is sent.
        sort: Field to sort by (e.g. ``"familyName"``); the server breaks ties by ``sourcedId``.
        order_by: ``"asc"`` (default) or ``"desc"``.
        fields: Only these fields in each record: a list of names or one comma-separated string.
        search: Free-text search (Timeback extension; users, students, teachers, courses,
            classes, orgs and schools document which fields it searches).
        offset: Index of the first record to return (default 0); always honoured.
        limit: Page size: records per request. The platform accepts at most 3000; a larger
            value is sent as 3000. It does not bound the total: use ``max_items``. By default
            the first page holds 100 records and a walk over everything (``await list()``,
            ``to_list()``, iterating past the first page) asks for 1000 at a time.
        max_items: Stop after this many records (default: all of them).
        concurrency: Page requests in flight at most once the total is known (default 4; 1
            fetches strictly one page after the other).
    """

    filter: FilterLike | None
    sort: str | None
    order_by: Literal["asc", "desc"] | None
    fields: str | Sequence[str] | None
    search: str | None
    offset: int | None
    limit: int | None
    max_items: int | None
    concurrency: int | None


LIST_PARAM_KEYS = frozenset(ListParams.__annotations__) - REQUEST_OPTION_KEYS


@dataclass(frozen=True)
class ListRequest:
    """A checked list call: fixed query, paging controls and request options.

    Attributes:
        query: ``filter``, ``sort``, ``orderBy``, ``fields``, ``search`` as sent (not encoded).
        offset: Where the walk starts.
        page_size: The ``limit`` of each page request (at most 3000), or None for the
            paginator's choice.
        max_items: The most records to return, or None.
        concurrency: Page requests in flight at most, or None for the paginator's default.
        options: The per-call request options.
    """

    query: dict[str, str] = field(default_factory=dict)
    offset: int = 0
    page_size: int | None = None
    max_items: int | None = None
    concurrency: int | None = None
    options: RequestOptions = field(default_factory=lambda: RequestOptions())


def _invalid(message: str, path: str) -> InputValidationError:
    return InputValidationError(
        f"invalid list parameters: {path}: {message}", [ErrorIssue(message, path)]
    )


def fields_value(fields: str | Sequence[str] | object) -> str | None:
    """The ``fields`` query value: names joined by commas, or None when no projection is asked.

    Args:
        fields: A list of field names, or one comma-separated string.

    Returns:
        ``"givenName,familyName"``, or None for None or an empty selection.

    Raises:
        InputValidationError: ``fields`` is neither, or a name is empty or holds a comma.

    Example:
        >>> fields_value(["givenName", "familyName"])
        'givenName,familyName'
    """
    if fields is None:
        return None
    if isinstance(fields, str):
        names = [name.strip() for name in fields.split(",")]
        names = [name for name in names if name]
    elif isinstance(fields, Sequence) and not isinstance(fields, (bytes, bytearray)):
        names = []
        for index, name in enumerate(fields):
            if not isinstance(name, str) or not name.strip() or "," in name:
                raise _invalid(
                    "each field must be a non-empty name without commas", f"fields[{index}]"
                )
            names.append(name.strip())
    else:
        raise _invalid(
            f"expected a list of names or a comma-separated string, got {type(fields).__name__}",
            "fields",
        )
    return ",".join(names) or None


def request_options(params: Mapping[str, Any]) -> RequestOptions:
    """The `RequestOptions` among ``params`` (everything that is not a list parameter)."""
    options = RequestOptions()
    for key in REQUEST_OPTION_KEYS.intersection(params):
        options[key] = params[key]  # type: ignore[literal-required]  # key is an option name
    return options


def _text(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _invalid("must be a non-empty string", name)
    return value.strip()


def _count(params: Mapping[str, Any], name: str) -> int | None:
    # Only the type is checked here; the paginator checks the ranges (one message for all).
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(f"must be an integer, got {type(value).__name__}", name)
    return value


def build_list_request(params: Mapping[str, Any], *, strict_filters: bool = False) -> ListRequest:
    """Check the keyword arguments of a list method and split them (nothing is sent).

    Args:
        params: The keyword arguments (`ListParams`).
        strict_filters: Enforce the LearnWith.AI filter limits (from the platform settings).

    Returns:
        The checked request. ``limit`` above 3000 is lowered to 3000; the other
        paging numbers are range-checked by the paginator.

    Raises:
        InputValidationError: An unknown keyword, a value of the wrong type, an ``order_by``
            other than ``asc``/``desc``, or a filter that cannot be expressed or breaks the
            platform's limits. Each issue names the parameter.

    Example:
        >>> build_list_request({"sort": "familyName", "order_by": "desc", "limit": 5000}).query
        {'sort': 'familyName', 'orderBy': 'desc'}
    """
    unknown = sorted(set(params) - LIST_PARAM_KEYS - REQUEST_OPTION_KEYS)
    if unknown:
        issues = [ErrorIssue("unknown keyword argument", name) for name in unknown]
        raise InputValidationError(
            f"unknown list parameter(s): {', '.join(unknown)}; expected some of "
            f"{', '.join(sorted(LIST_PARAM_KEYS))} or a request option",
            issues,
        )
    query: dict[str, str] = {}
    sort = _text(params, "sort")
    if sort is not None:
        query["sort"] = sort
    order_by = _text(params, "order_by")
    if order_by is not None:
        if order_by.lower() not in ("asc", "desc"):
            raise _invalid("must be 'asc' or 'desc'", "order_by")
        query["orderBy"] = order_by.lower()
    fields = fields_value(params.get("fields"))
    if fields is not None:
        query["fields"] = fields
    search = params.get("search")
    if search is not None:
        if not isinstance(search, str):
            raise _invalid(f"must be a string, got {type(search).__name__}", "search")
        if search:
            query["search"] = search
    filter_ = params.get("filter")
    if filter_ is not None:
        text = render_filter(filter_, strict=strict_filters)
        if text.strip():
            query["filter"] = text
    offset = _count(params, "offset")
    limit = _count(params, "limit")
    return ListRequest(
        query=query,
        offset=0 if offset is None else offset,
        page_size=None if limit is None else min(limit, MAX_PAGE_SIZE),
        max_items=_count(params, "max_items"),
        concurrency=_count(params, "concurrency"),
        options=request_options(params),
    )
