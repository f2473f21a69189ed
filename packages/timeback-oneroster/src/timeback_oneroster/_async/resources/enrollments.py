"""Enrollments (``R/enrollments``): who is in which class in which role; also PATCH."""

from __future__ import annotations

from timeback_common import AsyncAPIClient
from timeback_oneroster._async._collection import AsyncPatchableCollection
from timeback_oneroster._endpoints import CollectionSpec
from timeback_oneroster._models import WIRE_KEYS, Enrollment, EnrollmentInput, EnrollmentPatch
from timeback_oneroster._paths import OneRosterPaths

__all__ = ["ENROLLMENTS", "AsyncEnrollments"]

ENROLLMENTS = CollectionSpec(
    "rostering",
    "/enrollments",
    WIRE_KEYS["enrollments"],
    Enrollment,
    EnrollmentInput,
    item="/enrollments/{}",
)


class AsyncEnrollments(AsyncPatchableCollection[Enrollment, EnrollmentInput, EnrollmentPatch]):
    """``client.enrollments``: every enrollment (``R/enrollments``).

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert``, ``delete`` and ``patch``
    (with `EnrollmentPatch` members, e.g. ``{"end_date": "2026-06-30"}``).
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ENROLLMENTS, EnrollmentPatch)
