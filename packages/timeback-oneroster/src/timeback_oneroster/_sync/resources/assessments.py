# This file is generated from packages/timeback-oneroster/src/timeback_oneroster/_async/resources/assessments.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Assessment line items and results (``G/assessmentLineItems``, ``G/assessmentResults``).

Like the other gradebook entities their ``PUT`` is create-or-replace; unlike them they also
take ``PATCH`` (Timeback extension).
"""

from __future__ import annotations

from timeback_common import SyncAPIClient
from timeback_oneroster._sync._collection import SyncPatchableCollection
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
    "SyncAssessmentLineItems",
    "SyncAssessmentResults",
]

ASSESSMENT_LINE_ITEMS = CollectionSpec(
    "gradebook",
    "/assessmentLineItems",
    WIRE_KEYS["assessmentLineItems"],
    AssessmentLineItem,
    AssessmentLineItemInput,
    put_upserts=True,
)
ASSESSMENT_RESULTS = CollectionSpec(
    "gradebook",
    "/assessmentResults",
    WIRE_KEYS["assessmentResults"],
    AssessmentResult,
    AssessmentResultInput,
    put_upserts=True,
)


class SyncAssessmentLineItems(
    SyncPatchableCollection[AssessmentLineItem, AssessmentLineItemInput, AssessmentLineItemPatch]
):
    """``client.assessment_line_items``: assessments (``G/assessmentLineItems``).

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``), ``delete`` and ``patch``.
    """

    def __init__(self, api: SyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ASSESSMENT_LINE_ITEMS, AssessmentLineItemPatch)


class SyncAssessmentResults(
    SyncPatchableCollection[AssessmentResult, AssessmentResultInput, AssessmentResultPatch]
):
    """``client.assessment_results``: scores of students on assessments
    (``G/assessmentResults``); Timeback keeps activity metrics (``xp``, ``accuracy``...) in
    ``metadata``.

    Inherits ``list``, ``get``, ``create``, ``update`` (create-or-replace), ``upsert`` (one
    ``PUT``), ``delete`` and ``patch``.
    """

    def __init__(self, api: SyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ASSESSMENT_RESULTS, AssessmentResultPatch)
