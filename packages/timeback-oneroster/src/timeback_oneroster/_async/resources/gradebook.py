"""Gradebook: categories, line items, results and score scales (``G/...``).

Their ``PUT`` is create-or-replace with the caller's ``sourcedId``: ``update`` is one request
that creates the record when it is missing, and ``upsert`` is that same single ``PUT`` (never
GET-then-PUT: that costs a second request and races with other writers).
Class- and school-scoped gradebook listings are on ``client.classes``
and ``client.schools``.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, AsyncPaginator, RequestOptions
from timeback_oneroster._async._collection import AsyncCollection
from timeback_oneroster._endpoints import CollectionSpec, Listing
from timeback_oneroster._models import (
    WIRE_KEYS,
    Category,
    CategoryInput,
    LineItem,
    LineItemInput,
    Result,
    ResultInput,
    ScoreScale,
    ScoreScaleInput,
    SourcedIdPair,
)
from timeback_oneroster._params import ListParams
from timeback_oneroster._paths import OneRosterPaths

__all__ = [
    "CATEGORIES",
    "LINE_ITEMS",
    "RESULTS",
    "SCORE_SCALES",
    "AsyncCategories",
    "AsyncLineItems",
    "AsyncResults",
    "AsyncScoreScales",
]

CATEGORIES = CollectionSpec(
    "gradebook",
    "/categories",
    WIRE_KEYS["categories"],
    Category,
    CategoryInput,
    put_upserts=True,
    item="/categories/{}",
)
LINE_ITEMS = CollectionSpec(
    "gradebook",
    "/lineItems",
    WIRE_KEYS["lineItems"],
    LineItem,
    LineItemInput,
    put_upserts=True,
    item="/lineItems/{}",
)
RESULTS = CollectionSpec(
    "gradebook",
    "/results",
    WIRE_KEYS["results"],
    Result,
    ResultInput,
    put_upserts=True,
    item="/results/{}",
)
SCORE_SCALES = CollectionSpec(
    "gradebook",
    "/scoreScales",
    WIRE_KEYS["scoreScales"],
    ScoreScale,
    ScoreScaleInput,
    put_upserts=True,
    item="/scoreScales/{}",
)


class AsyncCategories(AsyncCollection[Category, CategoryInput]):
    """``client.categories``: gradebook categories, e.g. homework or tests (``G/categories``).

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``) and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, CATEGORIES)


class AsyncLineItems(AsyncCollection[LineItem, LineItemInput]):
    """``client.line_items``: gradebook columns (``G/lineItems``) and their results.

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``) and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, LINE_ITEMS)

    def results(self, line_item_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Result]:
        """The line item's results (``GET G/lineItems/{id}/results``).

        The official client uses this endpoint; the OpenAPI files do not document it. The
        portable form is ``client.results.list(filter={"lineItem.sourcedId": line_item_id})``.

        Args:
            line_item_id: The line item's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the results.
        """
        return self._list(
            Listing("gradebook", "/lineItems/{}/results", WIRE_KEYS["results"], Result),
            line_item_id,
            **params,
        )

    async def create_results(
        self,
        line_item_id: str,
        results: Iterable[ResultInput | Result | Mapping[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> builtins.list[SourcedIdPair]:
        """Create results for the line item in one request (``POST G/lineItems/{id}/results``).

        Args:
            line_item_id: The line item's id; each result's ``line_item`` should name it.
            results: The results (input forms, fetched records or dicts); sent as
                ``{"results": [...]}``.
            **options: Request options.

        Returns:
            One pair of ids per result, in order.

        Raises:
            InputValidationError: A result is invalid; issues name it (``results[1].score``).
        """
        return await self._create_items(
            "gradebook",
            "/lineItems/{}/results",
            line_item_id,
            key="results",
            items=results,
            input_type=ResultInput,
            options=options,
        )


class AsyncResults(AsyncCollection[Result, ResultInput]):
    """``client.results``: scores of students on line items (``G/results``).

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``) and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, RESULTS)


class AsyncScoreScales(AsyncCollection[ScoreScale, ScoreScaleInput]):
    """``client.score_scales``: mappings from scores to grades (``G/scoreScales``).

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``) and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, SCORE_SCALES)
