"""Sections of a test part and the items they hold, in order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncPaginator, RequestOptions
from timeback_qti._async.resources._base import AsyncEndpointGroup, Paging
from timeback_qti._models import Section
from timeback_qti._requests import item_ref_body, json_form, json_replacement, order_body

__all__ = ["AsyncSections"]


def _ids(
    test_identifier: str, part_identifier: str, identifier: str | None = None
) -> dict[str, object]:
    """The identifiers of a section's path, named after their arguments (the last may be absent)."""
    ids: dict[str, object] = {
        "test_identifier": test_identifier,
        "part_identifier": part_identifier,
    }
    if identifier is not None:
        ids["identifier"] = identifier
    return ids


class AsyncSections(AsyncEndpointGroup):
    """``client.sections``: the sections of a test part, their items and the items' order.

    What every method may raise and the arguments every ``list`` takes are described on
    `AsyncEndpointGroup`.
    """

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
            NotFoundError: No such test or part (when a page is fetched).
        """
        search = {"query": query, "sort": sort, "order": order}
        paging = Paging(offset, limit, max_items, concurrency)
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections"
        return self._paginate(
            Section, search, paging, options, path, _ids(test_identifier, part_identifier)
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
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections"
        ids = _ids(test_identifier, part_identifier)
        return await self._read(
            Section, "POST", path, ids, options, partial(json_form, section, "section")
        )

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
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections/{}"
        ids = _ids(test_identifier, part_identifier, identifier)
        return await self._read(Section, "GET", path, ids, options)

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
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections/{}"
        ids = _ids(test_identifier, part_identifier, identifier)
        body = partial(json_replacement, section, "section", identifier)
        return await self._read(Section, "PUT", path, ids, options, body)

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
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections/{}"
        await self._send(
            "DELETE", path, _ids(test_identifier, part_identifier, identifier), options
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
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections/{}/items"
        ids = _ids(test_identifier, part_identifier, identifier)
        body = partial(item_ref_body, item_identifier, href=href, sequence=sequence)
        return await self._read(Section, "POST", path, ids, options, body)

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
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections/{}/items/{}"
        ids = {
            **_ids(test_identifier, part_identifier, identifier),
            "item_identifier": item_identifier,
        }
        await self._send("DELETE", path, ids, options)

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
        path = self._base + "/assessment-tests/{}/test-parts/{}/sections/{}/items/order"
        ids = _ids(test_identifier, part_identifier, identifier)
        return await self._read(
            Section, "PUT", path, ids, options, partial(order_body, item_identifiers)
        )
