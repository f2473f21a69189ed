"""Assessment line items and results (``G/assessmentLineItems``, ``G/assessmentResults``).

Like the other gradebook entities their ``PUT`` is create-or-replace; unlike them they also
take ``PATCH`` (Timeback extension).
"""

from __future__ import annotations

from timeback_common import AsyncAPIClient
from timeback_oneroster._async._collection import AsyncPatchableCollection
from timeback_oneroster._endpoints import CollectionSpec
from timeback_oneroster._models import (
    WIRE_KEYS,
    AssessmentLineItem,
    AssessmentLineItemInput,
    AssessmentLineItemPatch,
    AssessmentResult,
    AssessmentResultInput,
    AssessmentResultPatch,
)
from timeback_oneroster._paths import OneRosterPaths

__all__ = [
    "ASSESSMENT_LINE_ITEMS",
    "ASSESSMENT_RESULTS",
    "AsyncAssessmentLineItems",
    "AsyncAssessmentResults",
]

ASSESSMENT_LINE_ITEMS = CollectionSpec(
    "gradebook",
    "/assessmentLineItems",
    WIRE_KEYS["assessmentLineItems"],
    AssessmentLineItem,
    AssessmentLineItemInput,
    put_upserts=True,
    item="/assessmentLineItems/{}",
)
ASSESSMENT_RESULTS = CollectionSpec(
    "gradebook",
    "/assessmentResults",
    WIRE_KEYS["assessmentResults"],
    AssessmentResult,
    AssessmentResultInput,
    put_upserts=True,
    item="/assessmentResults/{}",
)


class AsyncAssessmentLineItems(
    AsyncPatchableCollection[AssessmentLineItem, AssessmentLineItemInput, AssessmentLineItemPatch]
):
    """``client.assessment_line_items``: assessments (``G/assessmentLineItems``).

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``), ``delete`` and ``patch``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ASSESSMENT_LINE_ITEMS, AssessmentLineItemPatch)


class AsyncAssessmentResults(
    AsyncPatchableCollection[AssessmentResult, AssessmentResultInput, AssessmentResultPatch]
):
    """``client.assessment_results``: scores of students on assessments
    (``G/assessmentResults``); Timeback keeps activity metrics (``xp``, ``accuracy``...) in
    ``metadata``.

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``), ``delete`` and ``patch``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ASSESSMENT_RESULTS, AssessmentResultPatch)
