"""Sections of a test part and the items they hold, in order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup
from timeback_qti._errors import input_error, qti_errors
from timeback_qti._models import Section
from timeback_qti._parsing import page_query, parse_body, read_page_of
from timeback_qti._requests import (
    MAX_QTI_PAGE_SIZE,
    item_ref_body,
    json_form,
    list_query,
    order_body,
    require_identifier,
)

__all__ = ["AsyncSections"]


def _ids(*pairs: tuple[object, str]) -> None:
    for value, name in pairs:
        require_identifier(value, name)


class AsyncSections(AsyncEndpointGroup):
    """``client.sections``: the sections of a test part, their items and the items' order."""

    def list(
        self,
        test_identifier: str,
        part_identifier: str,
        *,
        query: str | None = None,
        sort: str | None = None,
        order: str | None = None,
        offset: int = 0,
        limit: int = 100,
        max_items: int | None = None,
        concurrency: int = 4,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[Section]:
        """The sections of a test part, page by page.

        Args:
            test_identifier: The test.
            part_identifier: The part.
            query: Free text matched against titles and identifiers.
            sort: The member to sort by.
            order: ``asc`` or ``desc``.
            offset: Index of the first section wanted.
            limit: Sections per request.
            max_items: Stop after this many (None: all of them).
            concurrency: Page requests in flight once the total is known.
            **options: Per-call `RequestOptions`, for every page request.

        Returns:
            A paginator of sections.

        Raises:
            InputValidationError: A parameter is invalid; nothing was sent.
            NotFoundError: No such test or part (when a page is fetched).
        """
        with qti_errors():
            _ids((test_identifier, "test_identifier"), (part_identifier, "part_identifier"))
            params = list_query(query=query, sort=sort, order=order)
            return self._api.paginate(
                self._base + "/assessment-tests/{}/test-parts/{}/sections",
                test_identifier,
                part_identifier,
                read_page=read_page_of(Section),
                params=params,
                page_query=page_query,
                offset=offset,
                page_size=limit,
                max_items=max_items,
                concurrency=concurrency,
                max_page_size=MAX_QTI_PAGE_SIZE,
                options=options,
            )

    async def create(
        self,
        test_identifier: str,
        part_identifier: str,
        section: Section | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> Section:
        """Add a section to a test part.

        Args:
            test_identifier: The test.
            part_identifier: The part.
            section: The section (identifier, title, visible, item references).
            **options: Per-call `RequestOptions`.

        Returns:
            The stored section.

        Raises:
            InputValidationError: The section has no identifier; nothing was sent.
            NotFoundError: No such test or part.
            ConflictError: The part already has a section with this identifier.
        """
        with qti_errors():
            _ids((test_identifier, "test_identifier"), (part_identifier, "part_identifier"))
            body = json_form(section, "section")
        response = await self._api.request(
            "POST",
            self._base + "/assessment-tests/{}/test-parts/{}/sections",
            test_identifier,
            part_identifier,
            json=body,
            options=options,
        )
        return parse_body(response, Section)

    async def get(
        self,
        test_identifier: str,
        part_identifier: str,
        identifier: str,
        **options: Unpack[RequestOptions],
    ) -> Section:
        """One section.

        Args:
            test_identifier: The test.
            part_identifier: The part.
            identifier: The section.
            **options: Per-call `RequestOptions`.

        Returns:
            The section with its item references in order.

        Raises:
            NotFoundError: No such test, part or section.
        """
        with qti_errors():
            _ids(
                (test_identifier, "test_identifier"),
                (part_identifier, "part_identifier"),
                (identifier, "identifier"),
            )
        response = await self._api.request(
            "GET",
            self._base + "/assessment-tests/{}/test-parts/{}/sections/{}",
            test_identifier,
            part_identifier,
            identifier,
            options=options,
        )
        return parse_body(response, Section)

    async def update(
        self,
        test_identifier: str,
        part_identifier: str,
        identifier: str,
        section: Section | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> Section:
        """Replace a section (its identifier stays the same).

        Args:
            test_identifier: The test.
            part_identifier: The part.
            identifier: The section.
            section: The new section.
            **options: Per-call `RequestOptions`.

        Returns:
            The stored section.

        Raises:
            InputValidationError: The section names another identifier; nothing was sent.
            NotFoundError: No such test, part or section.
        """
        with qti_errors():
            _ids((test_identifier, "test_identifier"), (part_identifier, "part_identifier"))
            body = json_form(section, "section")
            if body["identifier"] != identifier:
                raise input_error(
                    f"the section's identifier {body['identifier']!r} differs from {identifier!r}",
                    "identifier",
                )
        response = await self._api.request(
            "PUT",
            self._base + "/assessment-tests/{}/test-parts/{}/sections/{}",
            test_identifier,
            part_identifier,
            identifier,
            json=body,
            options=options,
        )
        return parse_body(response, Section)

    async def delete(
        self,
        test_identifier: str,
        part_identifier: str,
        identifier: str,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Remove a section from a test part.

        Args:
            test_identifier: The test.
            part_identifier: The part.
            identifier: The section.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such test, part or section.
        """
        with qti_errors():
            _ids(
                (test_identifier, "test_identifier"),
                (part_identifier, "part_identifier"),
                (identifier, "identifier"),
            )
        await self._api.request(
            "DELETE",
            self._base + "/assessment-tests/{}/test-parts/{}/sections/{}",
            test_identifier,
            part_identifier,
            identifier,
            options=options,
        )

    async def add_item(
        self,
        test_identifier: str,
        part_identifier: str,
        identifier: str,
        item_identifier: str,
        *,
        href: str | None = None,
        sequence: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Section:
        """Add an item to a section (at the end, or at position ``sequence``).

        Args:
            test_identifier: The test.
            part_identifier: The part.
            identifier: The section.
            item_identifier: The item to add.
            href: Where the item is (the service's default when None).
            sequence: Its 1-based position (None: last).
            **options: Per-call `RequestOptions`.

        Returns:
            The section with its item references in order.

        Raises:
            InputValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such test, part, section or item.
        """
        with qti_errors():
            _ids(
                (test_identifier, "test_identifier"),
                (part_identifier, "part_identifier"),
                (identifier, "identifier"),
            )
            body = item_ref_body(item_identifier, href=href, sequence=sequence)
        response = await self._api.request(
            "POST",
            self._base + "/assessment-tests/{}/test-parts/{}/sections/{}/items",
            test_identifier,
            part_identifier,
            identifier,
            json=body,
            options=options,
        )
        return parse_body(response, Section)

    async def remove_item(
        self,
        test_identifier: str,
        part_identifier: str,
        identifier: str,
        item_identifier: str,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Remove an item from a section (the item itself stays in the bank).

        Args:
            test_identifier: The test.
            part_identifier: The part.
            identifier: The section.
            item_identifier: The item to remove.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: No such test, part or section, or the item is not in it.
        """
        with qti_errors():
            _ids(
                (test_identifier, "test_identifier"),
                (part_identifier, "part_identifier"),
                (identifier, "identifier"),
                (item_identifier, "item_identifier"),
            )
        await self._api.request(
            "DELETE",
            self._base + "/assessment-tests/{}/test-parts/{}/sections/{}/items/{}",
            test_identifier,
            part_identifier,
            identifier,
            item_identifier,
            options=options,
        )

    async def reorder_items(
        self,
        test_identifier: str,
        part_identifier: str,
        identifier: str,
        item_identifiers: Iterable[str],
        **options: Unpack[RequestOptions],
    ) -> Section:
        """Put a section's items in this order.

        Args:
            test_identifier: The test.
            part_identifier: The part.
            identifier: The section.
            item_identifiers: Every item of the section, in the new order.
            **options: Per-call `RequestOptions`.

        Returns:
            The section with its item references in the new order.

        Raises:
            InputValidationError: No items, or an item named twice; nothing was sent.
            BadRequestError: The list does not hold exactly the section's items.
            NotFoundError: No such test, part or section.
        """
        with qti_errors():
            _ids(
                (test_identifier, "test_identifier"),
                (part_identifier, "part_identifier"),
                (identifier, "identifier"),
            )
            body = order_body(item_identifiers)
        response = await self._api.request(
            "PUT",
            self._base + "/assessment-tests/{}/test-parts/{}/sections/{}/items/order",
            test_identifier,
            part_identifier,
            identifier,
            json=body,
            options=options,
        )
        return parse_body(response, Section)
