"""Users by role, in the Edubridge user shape.

Not OneRoster's: ``enabledUser`` is a string, ``grades`` are strings and roles carry no
``sourcedId``, so OneRoster's `User` model would reject or misread them.

``E/users/`` returns one page and no total, so `AsyncUsers.list` walks it with the short-page
stop rule: a page shorter than its ``limit`` is the last one (one extra, empty request follows a
full last page; nothing says where the end is).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from typing_extensions import Unpack

from timeback_common import (
    MAX_PAGE_SIZE,
    APIResponse,
    AsyncPaginator,
    Page,
    RequestOptions,
    offset_page_from_response,
)
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._models import EdubridgeUser
from timeback_edubridge._params import users_query
from timeback_edubridge._parsing import parse_keyed_list

__all__ = ["AsyncUsers"]


class AsyncUsers(AsyncEndpointGroup):
    """``client.users``: users whose roles are all among the roles asked for."""

    def list(
        self,
        roles: str | Iterable[str],
        *,
        org_sourced_ids: str | Iterable[str] | None = None,
        fields: str | Sequence[str] | None = None,
        filter: str | None = None,
        sort: str | None = None,
        order_by: str | None = None,
        search: str | None = None,
        offset: int = 0,
        limit: int = 100,
        max_items: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[EdubridgeUser]:
        """Users whose roles are exclusively among ``roles``, page by page.

        Not a coroutine: it returns a paginator at once, and nothing is sent until it is used::

            students = await client.users.list("student").to_list()  # every one, as a list
            async for user in client.users.list(["teacher", "aide"]):  # streamed
                ...
            page = await client.users.list("student").first_page()  # one page; has_more

        (On the async client, awaiting the paginator itself is the same as ``to_list()``.)

        Args:
            roles: One role or several (``"student"``, ``["teacher", "administrator"]``); a
                user matches when every one of their roles is among them.
            org_sourced_ids: Only users of these orgs (schools, districts).
            fields: Members to return (``"sourcedId,email"`` or a list); others are left out.
            filter: A raw OneRoster filter expression, e.g. ``"grades='3'"``.
            sort: The member to sort by.
            order_by: ``"asc"`` or ``"desc"``.
            search: Free-text search over given name, family name and e-mail.
            offset: Where to start (never reset to 0).
            limit: Records per request (1..3000).
            max_items: Stop after this many users (None: all of them).
            **options: Per-call `RequestOptions`, applied to every page request.

        Returns:
            A paginator of `EdubridgeUser` (grades are strings, as sent).

        Raises:
            InputValidationError: No role, an empty role or org id, ``order_by`` not
                ``asc``/``desc``, or ``offset``/``limit``/``max_items`` out of range; raised
                here, before anything is sent.
            BadRequestError: The platform refused the filter, sort or a parameter (when a page
                is fetched; so are the errors below).
        """
        query = users_query(
            roles=roles,
            org_sourced_ids=org_sourced_ids,
            fields=fields,
            filter=filter,
            sort=sort,
            order_by=order_by,
            search=search,
        )

        return self._api.paginate(
            self._base + "/users/",
            read_page=_read_users_page,
            params=query,
            offset=offset,
            page_size=limit,
            max_items=max_items,
            max_page_size=MAX_PAGE_SIZE,
            options=options,
        )


def _read_users_page(response: APIResponse, offset: int, limit: int) -> Page[EdubridgeUser]:
    return offset_page_from_response(
        parse_keyed_list(response, EdubridgeUser, "users"),
        offset=offset,
        limit=limit,
        body=response.json(),
        headers=response.headers,
    )
