# This file is generated from packages/timeback-oneroster/src/timeback_oneroster/_async/resources/enrollments.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Enrollments (``R/enrollments``): who is in which class in which role; also PATCH."""

from __future__ import annotations

from timeback_common import SyncAPIClient
from timeback_oneroster._sync._collection import SyncPatchableCollection
from timeback_oneroster._endpoints import CollectionSpec
from timeback_oneroster._models import WIRE_KEYS, Enrollment, EnrollmentInput, EnrollmentPatch
from timeback_oneroster._paths import OneRosterPaths

__all__ = ["ENROLLMENTS", "SyncEnrollments"]

ENROLLMENTS = CollectionSpec(
    "rostering", "/enrollments", WIRE_KEYS["enrollments"], Enrollment, EnrollmentInput
)


class SyncEnrollments(SyncPatchableCollection[Enrollment, EnrollmentInput, EnrollmentPatch]):
    """``client.enrollments``: every enrollment (``R/enrollments``).

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert``, ``delete`` and ``patch``
    (with `EnrollmentPatch` members, e.g. ``{"end_date": "2026-06-30"}``).
    """

    def __init__(self, api: SyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ENROLLMENTS, EnrollmentPatch)
