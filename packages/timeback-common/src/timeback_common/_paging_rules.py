"""Pagination decisions: what a page is, where the next one starts, when to stop. Pure, no I/O.

A service turns one HTTP response into a `Page` with `offset_page_from_response` (or, for a
page-numbered endpoint, `page_number_request` + `page_from_page_number_response`); the paginators
of `timeback_common._paginators` walk the pages with a `PageWalk`. Everything here is a plain
function of its arguments, so it is table-tested without a server.

The stop rule is the one of wire contract section 4.5:

1. start at the caller's offset and never reset it;
2. next offset = this page's offset + records received (never + ``limit``, never the body's
   ``offset``, which the vendor prose calls "offset for the next page");
3. stop when a page is empty; when a total is known (``totalCount`` in the body, else the
   ``X-Total-Count`` header) stop when the next offset reaches it, which saves the empty request
   a full last page would otherwise cost (pitfall 8); a ``Link`` header with ``rel="next"`` means
   more, and a ``Link`` header without it means the end; with neither a total nor a ``Link``
   header, a page shorter than its ``limit`` is the last one.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

from ._errors import ErrorIssue, InputValidationError

if TYPE_CHECKING:
    from ._response import APIResponse

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_PAGE_SIZE",
    "FULL_WALK_CONCURRENCY",
    "FULL_WALK_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "Page",
    "PageNumberRequest",
    "PageWalk",
    "TotalKey",
    "check_paging_options",
    "compute_next_offset",
    "compute_next_page_number",
    "offset_page_from_response",
    "page_from_page_number_response",
    "page_number_request",
    "parse_link_header",
    "read_count",
    "read_total",
]

T = TypeVar("T")

#: OneRoster's default ``limit`` (wire contract section 4.2).
DEFAULT_PAGE_SIZE = 100
#: The Timeback implementation limit for ``limit``; the client never sends more (pitfall 30).
MAX_PAGE_SIZE = 3000
#: Page requests in flight at once once the total is known.
DEFAULT_CONCURRENCY = 4
#: The page size of a walk that goes on past its first page (``to_list()``, a whole
#: iteration) when the caller chose none: ``scripts/bench/client_cost.py`` measures it against a
#: server with latency; big pages save round trips and per-request work.
FULL_WALK_PAGE_SIZE = 1000
#: Requests in flight of such a walk when the caller chose no ``concurrency``.
FULL_WALK_CONCURRENCY = 4

#: Where a total can sit in a body: one member name, or a path of names into nested objects
#: (Caliper's event list keeps it at ``("pagination", "total")``).
TotalKey: TypeAlias = "str | Sequence[str]"


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list, with what is known about the rest.

    Iterating a page iterates its items; ``len(page)`` is the number of items.

    Attributes:
        items: The records of this page, in server order.
        offset: The offset this page was requested at (the index of ``items[0]``).
        limit: The page size that was requested.
        total: Records matching the query across all pages, when the server said.
        next_offset: Where the next page starts, or None when there are no more records.
        next_url: The ``Link: <...>; rel="next"`` URL, when the server sent one.
        response: The `APIResponse` this page was read from: ``status_code``, ``headers``
            (``X-Total-Count``, ``Link``, rate-limit headers...), ``request_id``, as a
            ``with_raw_response`` call gives them. None for a page no request produced (an
            empty page of a paginator that has nothing left, or a hand-built page).

    Example:
        >>> page = Page(items=["a", "b"], offset=0, limit=2, total=5, next_offset=2)
        >>> page.has_more, list(page)
        (True, ['a', 'b'])
    """

    items: list[T]
    offset: int
    limit: int
    total: int | None = None
    next_offset: int | None = None
    next_url: str | None = None
    response: APIResponse | None = field(default=None, compare=False, repr=False)

    @property
    def has_more(self) -> bool:
        """Whether records follow this page."""
        return self.next_offset is not None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# --------------------------------------------------------------------------------------------
# Offset paging (OneRoster, Caliper event lists, Edubridge users)


def compute_next_offset(
    *,
    offset: int,
    limit: int,
    received: int,
    total: int | None,
    has_next_link: bool | None,
) -> int | None:
    """Where the next page starts, or None when this page was the last (wire contract 4.5).

    Args:
        offset: The offset this page was requested at.
        limit: The ``limit`` that was requested.
        received: How many records the page held.
        total: The total across all pages, when known (``totalCount`` / ``X-Total-Count``).
        has_next_link: None when the response had no ``Link`` header, else whether that header
            had ``rel="next"``.

    Returns:
        ``offset + received`` when more records follow, else None.

    Example:
        >>> compute_next_offset(offset=0, limit=100, received=100, total=100, has_next_link=None)
        >>> compute_next_offset(offset=0, limit=100, received=60, total=250, has_next_link=None)
        60
    """
    if received <= 0:
        return None
    next_offset = offset + received
    if total is not None:
        # A known total beats a full page or a Link header: no empty request after the end.
        return next_offset if next_offset < total else None
    if has_next_link is not None:
        return next_offset if has_next_link else None
    return next_offset if received >= limit else None


def parse_link_header(value: object) -> dict[str, str]:
    """The links of an RFC 8288 ``Link`` header, by relation type.

    A link with several relation types (``rel="prev first"``) is listed under each; relation
    types are lower-cased; the first link of a relation type wins. Anything that cannot be read
    is skipped, so garbage gives ``{}``, never an exception.

    Args:
        value: The header value (several ``Link`` headers joined with ``,`` are fine).

    Returns:
        A dict such as ``{"next": "https://...offset=200", "last": "https://...offset=900"}``.

    Example:
        >>> parse_link_header('<https://h/u?offset=2>; rel="next", <https://h/u>; rel=first')
        {'next': 'https://h/u?offset=2', 'first': 'https://h/u'}
    """
    if not isinstance(value, str):
        return {}
    links: dict[str, str] = {}
    position = 0
    while True:
        start = value.find("<", position)
        if start < 0:
            break
        end = value.find(">", start + 1)
        if end < 0:
            break
        url = value[start + 1 : end].strip()
        params, position = _scan_link_params(value, end + 1)
        rel = _link_param(params, "rel")
        if url and rel:
            for relation in rel.split():
                links.setdefault(relation.lower(), url)
    return links


def _scan_link_params(value: str, position: int) -> tuple[list[str], int]:
    """The ``;``-separated parameters after a ``<url>``, up to the ``,`` that ends the link.

    Returns the raw parameters and the position after that comma. Separators inside quoted
    strings do not count (``title="a, b; c"``).
    """
    params: list[str] = []
    current: list[str] = []
    in_quotes = False
    escaped = False
    index = position
    while index < len(value):
        char = value[index]
        index += 1
        if in_quotes:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_quotes = False
            continue
        if char == '"':
            in_quotes = True
            current.append(char)
        elif char == ";":
            params.append("".join(current))
            current = []
        elif char == ",":
            break
        elif char == "<":
            # No parameter holds a bare "<": a new link lost its comma. Let the caller read it.
            index -= 1
            break
        else:
            current.append(char)
    params.append("".join(current))
    return params, index


def _link_param(params: list[str], name: str) -> str | None:
    """The value of parameter ``name`` (first occurrence, quotes and escapes removed)."""
    for raw in params:
        key, sep, val = raw.partition("=")
        if not sep or key.strip().lower() != name:
            continue
        val = val.strip()
        if len(val) >= 2 and val[0] == '"' and val[-1] == '"':
            val = val[1:-1]
            chars: list[str] = []
            escaped = False
            for char in val:
                if escaped or char != "\\":
                    chars.append(char)
                    escaped = False
                else:
                    escaped = True
            val = "".join(chars)
        return val
    return None


def read_count(body: object, key: TotalKey) -> int | None:
    """A non-negative whole number from a JSON body, or None when absent or not a count.

    Args:
        body: The decoded JSON body (anything; a non-object gives None).
        key: A member name, or a path of member names into nested objects.

    Returns:
        The number; numeric strings (``"250"``) and whole floats (``250.0``) are accepted,
        booleans, negatives, fractions and anything else give None.
    """
    path = (key,) if isinstance(key, str) else tuple(key)
    value: object = body
    for name in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return _as_count(value)


def read_total(
    body: object,
    headers: Mapping[str, str] | None = None,
    *,
    total_key: TotalKey = "totalCount",
    total_header: str | None = "X-Total-Count",
) -> int | None:
    """The total number of records across all pages, from the body first, then the headers.

    Never raises: a missing, malformed or negative total gives None.

    Args:
        body: The decoded JSON body.
        headers: The response headers (any mapping; looked up case-insensitively).
        total_key: Where the body keeps the total: ``"totalCount"`` (OneRoster) or a path such
            as ``("pagination", "total")`` (Caliper event lists).
        total_header: The header to fall back to; None to ignore headers.

    Returns:
        The total, or None when neither the body nor the headers hold a usable one.

    Example:
        >>> read_total({"totalCount": "12"}, {})
        12
        >>> read_total({"users": []}, {"x-total-count": "40"})
        40
    """
    total = read_count(body, total_key)
    if total is None and total_header is not None:
        total = _as_count(_header(headers, total_header))
    return total


def offset_page_from_response(
    items: list[T],
    *,
    offset: int,
    limit: int,
    body: object,
    headers: Mapping[str, str] | None = None,
    total_key: TotalKey = "totalCount",
) -> Page[T]:
    """Build the `Page` of an offset-paged list response (OneRoster, Caliper, Edubridge users).

    Only the total is read from the body (``totalCount``, or ``total_key``); the body's
    ``offset``, ``limit``, ``pageCount`` and ``pageNumber`` are deliberately ignored (pitfall 7).

    Args:
        items: The records of the page, already parsed.
        offset: The offset the page was requested at.
        limit: The ``limit`` that was requested.
        body: The decoded JSON body.
        headers: The response headers (``X-Total-Count``, ``Link``).
        total_key: Where the body keeps the total (see `read_total`).

    Returns:
        The page, with ``total``, ``next_offset`` and ``next_url`` filled in.

    Example:
        >>> page = offset_page_from_response(
        ...     ["a", "b"], offset=0, limit=2, body={"totalCount": 3}, headers={}
        ... )
        >>> page.total, page.next_offset
        (3, 2)
    """
    total = read_total(body, headers, total_key=total_key)
    link = _header(headers, "Link")
    links = parse_link_header(link)
    next_offset = compute_next_offset(
        offset=offset,
        limit=limit,
        received=len(items),
        total=total,
        has_next_link=None if link is None else "next" in links,
    )
    return Page(
        items=items,
        offset=offset,
        limit=limit,
        total=total,
        next_offset=next_offset,
        next_url=links.get("next"),
    )


# --------------------------------------------------------------------------------------------
# Page-number paging (Edubridge progression catalog, wire contract 5.1)


def compute_next_page_number(
    *,
    page_number: int,
    limit: int,
    received: int,
    page_count: int | None,
) -> int | None:
    """The next 1-based page number, or None when this page was the last (wire contract 5.1).

    Args:
        page_number: This page's 1-based number.
        limit: The ``limit`` that was requested.
        received: How many records the page held.
        page_count: The body's ``pageCount``, when known.

    Returns:
        ``page_number + 1`` while ``page_number < page_count``; without a page count, while the
        page was full. None after an empty page.
    """
    if received <= 0:
        return None
    if page_count is not None:
        return page_number + 1 if page_number < page_count else None
    return page_number + 1 if received >= limit else None


@dataclass(frozen=True, slots=True)
class PageNumberRequest:
    """How to read records ``offset .. offset + limit`` from a page-numbered endpoint.

    Attributes:
        page: The 1-based page number to send.
        limit: The page size to send.
        skip: How many leading records of that page come before ``offset``.
    """

    page: int
    limit: int
    skip: int


def page_number_request(offset: int, limit: int, *, max_limit: int) -> PageNumberRequest:
    """Map an offset window onto one page of a page-numbered endpoint.

    The paginators speak offsets; an endpoint that takes ``page`` and ``limit`` can serve any
    window that fits inside one of its pages. This picks the smallest page size (at least
    ``limit``, at most ``max_limit``) whose page holds the whole window. When none does, the page
    holding ``offset`` is used and covers only part of the window: the resulting page is short,
    and the paginator continues from where it really ended, so nothing is skipped.

    Args:
        offset: Index of the first record wanted.
        limit: How many records are wanted.
        max_limit: The endpoint's largest page size (500 for the Edubridge catalog).

    Returns:
        The page number, page size and number of leading records to drop.

    Example:
        >>> page_number_request(200, 100, max_limit=500)
        PageNumberRequest(page=3, limit=100, skip=0)
        >>> page_number_request(230, 30, max_limit=500)
        PageNumberRequest(page=7, limit=38, skip=2)
    """
    limit = max(1, min(limit, max_limit))
    last = offset + limit - 1
    for size in range(limit, max_limit + 1):
        if offset // size == last // size:
            page = offset // size + 1
            return PageNumberRequest(page=page, limit=size, skip=offset - (page - 1) * size)
    page = offset // limit + 1
    return PageNumberRequest(page=page, limit=limit, skip=offset - (page - 1) * limit)


def page_from_page_number_response(
    rows: list[T],
    *,
    offset: int,
    limit: int,
    request: PageNumberRequest,
    body: object,
    headers: Mapping[str, str] | None = None,
) -> Page[T]:
    """Build the offset `Page` for records ``offset .. offset + limit`` of a numbered page.

    Args:
        rows: All records of the server page ``request.page``.
        offset: The offset the paginator asked for.
        limit: The number of records the paginator asked for.
        request: What was sent, from `page_number_request`.
        body: The decoded JSON body (``totalCount``, ``pageCount``, ``pageNumber`` when present).
        headers: The response headers (``X-Total-Count``).

    Returns:
        The requested window of ``rows`` as a page, with ``total`` and ``next_offset``.
    """
    items = rows[request.skip : request.skip + limit]
    total = read_total(body, headers)
    received = len(items)
    next_offset: int | None = offset + received
    if received == 0:
        next_offset = None
    elif total is not None:
        next_offset = compute_next_offset(
            offset=offset, limit=limit, received=received, total=total, has_next_link=None
        )
    elif request.skip + received >= len(rows):
        # The window reached the end of this server page: more only if another page exists.
        page_number = read_count(body, "pageNumber") or request.page
        next_page = compute_next_page_number(
            page_number=page_number,
            limit=request.limit,
            received=len(rows),
            page_count=read_count(body, "pageCount"),
        )
        if next_page is None:
            next_offset = None
    return Page(items=items, offset=offset, limit=limit, total=total, next_offset=next_offset)


# --------------------------------------------------------------------------------------------
# The walk: bookkeeping shared by AsyncPaginator and SyncPaginator


@dataclass
class PageWalk:
    """Where a walk over an offset-paged collection stands, and which requests come next.

    The paginators own the I/O; this object owns the decisions. It accepts pages strictly in
    order: a page is taken only if it was requested at the current offset. Pages fetched ahead
    of time (`plan`) assume each page is full; the first page that is not ends the plan and the
    walk turns sequential, continuing from where that page really ended.

    Attributes:
        offset: Where the next record to fetch sits (after a finished walk: where it ended).
        page_size: The ``limit`` of a full request.
        max_items: The most records to take over the whole walk (None: no cap).
        taken: Records taken so far.
        total: The latest total the server reported.
        done: No record is left on the server.
        sequential: A page did not end where it was expected to; fetch no more pages ahead.
    """

    offset: int
    page_size: int = DEFAULT_PAGE_SIZE
    max_items: int | None = None
    taken: int = 0
    total: int | None = None
    done: bool = False
    sequential: bool = False

    @property
    def remaining(self) -> int | None:
        """How many more records ``max_items`` allows (None: no cap)."""
        return None if self.max_items is None else max(self.max_items - self.taken, 0)

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or None when the server has no more records."""
        return None if self.done else self.offset

    def next_request(self) -> tuple[int, int] | None:
        """The ``(offset, limit)`` to fetch next, or None when the walk is over."""
        remaining = self.remaining
        if self.done or remaining == 0:
            return None
        return self.offset, self.page_size if remaining is None else min(self.page_size, remaining)

    def plan(self) -> Iterator[tuple[int, int]]:
        """The requests up to the known total, assuming full pages: safe to fetch concurrently.

        Empty unless a total is known and no page has broken the plan. The first request is
        `next_request`; no request starts at or past the total (pitfall 8) and the last one asks
        only for what ``max_items`` still allows.
        """
        if self.total is None or self.sequential:
            return
        offset, remaining = self.offset, self.remaining
        while not (self.done or self.sequential) and offset < self.total and remaining != 0:
            limit = self.page_size if remaining is None else min(self.page_size, remaining)
            yield offset, limit
            offset += limit
            if remaining is not None:
                remaining -= limit

    def accept(self, request: tuple[int, int], page: Page[T]) -> Page[T] | None:
        """Take the page fetched for ``request`` if it continues the walk.

        Args:
            request: The ``(offset, limit)`` the page was fetched with.
            page: What the fetch returned.

        Returns:
            The page cut to what ``max_items`` allows (its ``next_offset`` then points at the
            first record left out), or None when the page does not start where the walk stands
            (a page fetched ahead on a plan that no longer holds); then nothing changes except
            that the walk turns sequential.
        """
        offset, limit = request
        if self.done or offset != self.offset:
            self.sequential = True
            return None
        if page.total is not None:
            self.total = page.total
        items = page.items
        remaining = self.remaining
        next_offset = page.next_offset
        if remaining is not None and len(items) > remaining:
            items = items[:remaining]
            next_offset = offset + remaining
        self.taken += len(items)
        if not items or next_offset is None or next_offset <= offset:
            # An empty page ends the walk whatever it claims, and so does one that would not
            # advance: both would otherwise loop forever on a misbehaving server.
            self.done = True
            self.offset = offset + len(items)
            next_offset = None
        else:
            self.offset = next_offset
            if next_offset != offset + limit:
                self.sequential = True
        if items is page.items and next_offset == page.next_offset:
            return page
        return replace(page, items=items, next_offset=next_offset)


def check_paging_options(
    *,
    offset: int,
    page_size: int,
    max_items: int | None,
    concurrency: int,
    max_page_size: int = MAX_PAGE_SIZE,
) -> None:
    """Validate a paginator's options before anything is sent.

    Raises:
        InputValidationError: One issue per bad option: ``offset`` below 0, ``page_size``
            outside ``1..max_page_size``, ``max_items`` below 0, ``concurrency`` below 1, or a
            value that is not an integer.
    """
    issues: list[ErrorIssue] = []

    def check(name: str, value: object, low: int, high: float, optional: bool = False) -> None:
        if value is None and optional:
            return
        if not isinstance(value, int) or isinstance(value, bool):
            issues.append(ErrorIssue(f"must be an integer, got {type(value).__name__}", name))
        elif not low <= value <= high:
            bound = f"between {low} and {high}" if high != math.inf else f"at least {low}"
            issues.append(ErrorIssue(f"must be {bound}, got {value}", name))

    check("max_page_size", max_page_size, 1, math.inf)
    valid_max = isinstance(max_page_size, int) and not isinstance(max_page_size, bool)
    high = max_page_size if valid_max and max_page_size >= 1 else MAX_PAGE_SIZE
    check("offset", offset, 0, math.inf)
    check("page_size", page_size, 1, high)
    check("max_items", max_items, 0, math.inf, optional=True)
    check("concurrency", concurrency, 1, math.inf)
    if issues:
        summary = "; ".join(str(issue) for issue in issues)
        raise InputValidationError(f"invalid paging options: {summary}", issues)


def _as_count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return int(text)
    return None


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """A header value, looked up case-insensitively in any mapping."""
    if not headers:
        return None
    try:
        value = headers.get(name)
        if value is None:
            lowered = name.lower()
            value = next((v for k, v in headers.items() if str(k).lower() == lowered), None)
    except (TypeError, AttributeError):
        return None
    return value if isinstance(value, str) else None
