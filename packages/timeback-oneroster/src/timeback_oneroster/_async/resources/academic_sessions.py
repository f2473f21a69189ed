"""Academic sessions, terms and grading periods (``R/academicSessions``, ``R/terms``,
``R/gradingPeriods``).

All three hold `AcademicSession` records; terms and grading periods are the sessions of type
``term`` and ``gradingPeriod``. Grading-period writes are wrapped in ``academicSession`` and
their single reads answer ``gradingPeriod`` (the platform names them so): `WIRE_KEYS` knows,
so nothing here does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, AsyncPaginator, RequestOptions
from timeback_oneroster._async._collection import AsyncCollection
from timeback_oneroster._endpoints import CollectionSpec, Listing
from timeback_oneroster._models import (
    WIRE_KEYS,
    AcademicSession,
    AcademicSessionInput,
    Class,
    GradingPeriodInput,
    SourcedIdPair,
    TermInput,
)
from timeback_oneroster._params import ListParams
from timeback_oneroster._paths import OneRosterPaths

__all__ = [
    "ACADEMIC_SESSIONS",
    "GRADING_PERIODS",
    "TERMS",
    "AsyncAcademicSessions",
    "AsyncGradingPeriods",
    "AsyncTerms",
]

ACADEMIC_SESSIONS = CollectionSpec(
    "rostering",
    "/academicSessions",
    WIRE_KEYS["academicSessions"],
    AcademicSession,
    AcademicSessionInput,
    item="/academicSessions/{}",
)
TERMS = CollectionSpec(
    "rostering", "/terms", WIRE_KEYS["terms"], AcademicSession, TermInput, item="/terms/{}"
)
GRADING_PERIODS = CollectionSpec(
    "rostering",
    "/gradingPeriods",
    WIRE_KEYS["gradingPeriods"],
    AcademicSession,
    GradingPeriodInput,
    item="/gradingPeriods/{}",
)


class AsyncAcademicSessions(AsyncCollection[AcademicSession, AcademicSessionInput]):
    """``client.academic_sessions``: every academic session (``R/academicSessions``).

    Inherits ``list``, ``get``, ``create`` (a ``sourced_id`` is required), ``update``,
    ``upsert`` and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ACADEMIC_SESSIONS)


class AsyncTerms(AsyncCollection[AcademicSession, TermInput]):
    """``client.terms``: the sessions of type ``term`` (``R/terms``) and their sub-resources.

    Inherits ``list`` and ``get``, and ``create``, ``update``, ``upsert`` and ``delete``, which
    the official client uses but the OpenAPI files do not document (the emulator serves them).
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, TERMS)

    def classes(self, term_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Class]:
        """The classes held in the term (``GET R/terms/{id}/classes``).

        Args:
            term_id: The term's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the classes.
        """
        return self._list(
            Listing("rostering", "/terms/{}/classes", WIRE_KEYS["classes"], Class),
            term_id,
            **params,
        )

    def grading_periods(
        self, term_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[AcademicSession]:
        """The term's grading periods (``GET R/terms/{id}/gradingPeriods``).

        Args:
            term_id: The term's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the grading periods.
        """
        return self._list(
            Listing(
                "rostering",
                "/terms/{}/gradingPeriods",
                WIRE_KEYS["termGradingPeriods"],
                AcademicSession,
            ),
            term_id,
            **params,
        )

    async def create_grading_period(
        self,
        term_id: str,
        grading_period: GradingPeriodInput | AcademicSession | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> SourcedIdPair:
        """Create a grading period in the term (``POST R/terms/{id}/gradingPeriods``).

        The body is wrapped in ``academicSession`` with ``type: gradingPeriod`` and the
        ``tenantId``/``clientAppId`` members this endpoint requires (null unless given). The
        answer may be the created session or ``sourcedIdPairs``; both are read.

        Args:
            term_id: The term's id.
            grading_period: The grading period (a ``sourced_id`` is required).
            **options: Request options.

        Returns:
            The supplied and allocated ids.

        Raises:
            InputValidationError: ``grading_period`` is invalid; issues name the fields.
        """
        keys = WIRE_KEYS["termGradingPeriods"]
        body = self._wire(grading_period, GradingPeriodInput)
        return await self._post_created(
            "rostering",
            "/terms/{}/gradingPeriods",
            term_id,
            body={keys.write_key: body},
            sent_id=body.get("sourcedId"),
            options=options,
            answer_keys=keys,
        )


class AsyncGradingPeriods(AsyncCollection[AcademicSession, GradingPeriodInput]):
    """``client.grading_periods``: the sessions of type ``gradingPeriod`` (``R/gradingPeriods``).

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``; writes are
    wrapped in ``academicSession`` and ``type`` defaults to ``gradingPeriod``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, GRADING_PERIODS)
