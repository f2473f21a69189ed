"""Orgs and schools (``R/orgs``, ``R/schools``; school-scoped gradebook ``G/schools/...``).

``client.orgs`` holds every organisation (districts, schools, departments...);
``client.schools`` holds the ones of type ``school`` and reaches what belongs to one school:
classes, courses, enrollments, students, teachers, terms, one class's enrollments, students and
teachers, and the school's line items and score scales.
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
    AcademicSession,
    Class,
    Course,
    Enrollment,
    LineItem,
    LineItemInput,
    Org,
    OrgInput,
    SchoolInput,
    ScoreScale,
    SourcedIdPair,
    User,
)
from timeback_oneroster._params import ListParams
from timeback_oneroster._paths import OneRosterPaths

__all__ = ["ORGS", "SCHOOLS", "AsyncOrgs", "AsyncSchools"]

ORGS = CollectionSpec("rostering", "/orgs", WIRE_KEYS["orgs"], Org, OrgInput, item="/orgs/{}")
SCHOOLS = CollectionSpec(
    "rostering", "/schools", WIRE_KEYS["schools"], Org, SchoolInput, item="/schools/{}"
)


class AsyncOrgs(AsyncCollection[Org, OrgInput]):
    """``client.orgs``: every organisation (``R/orgs``): districts, schools, departments...

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, ORGS)


class AsyncSchools(AsyncCollection[Org, SchoolInput]):
    """``client.schools``: the orgs of type ``school`` (``R/schools``) and their sub-resources.

    Inherits ``list``, ``get``, ``create`` (``type`` defaults to ``school``), ``update``,
    ``upsert`` and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, SCHOOLS)

    def classes(self, school_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Class]:
        """The school's classes (``GET R/schools/{id}/classes``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the classes.
        """
        return self._list(
            Listing("rostering", "/schools/{}/classes", WIRE_KEYS["classes"], Class),
            school_id,
            **params,
        )

    def courses(self, school_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Course]:
        """The school's courses (``GET R/schools/{id}/courses``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the courses.
        """
        return self._list(
            Listing("rostering", "/schools/{}/courses", WIRE_KEYS["courses"], Course),
            school_id,
            **params,
        )

    def enrollments(
        self, school_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[Enrollment]:
        """The enrollments in the school's classes (``GET R/schools/{id}/enrollments``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the enrollments.
        """
        return self._list(
            Listing("rostering", "/schools/{}/enrollments", WIRE_KEYS["enrollments"], Enrollment),
            school_id,
            **params,
        )

    def students(self, school_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[User]:
        """The school's students (``GET R/schools/{id}/students``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the students.
        """
        return self._list(
            Listing("rostering", "/schools/{}/students", WIRE_KEYS["students"], User),
            school_id,
            **params,
        )

    def teachers(self, school_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[User]:
        """The school's teachers (``GET R/schools/{id}/teachers``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the teachers.
        """
        return self._list(
            Listing("rostering", "/schools/{}/teachers", WIRE_KEYS["teachers"], User),
            school_id,
            **params,
        )

    def terms(
        self, school_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[AcademicSession]:
        """The school's terms (``GET R/schools/{id}/terms``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the terms.
        """
        return self._list(
            Listing("rostering", "/schools/{}/terms", WIRE_KEYS["terms"], AcademicSession),
            school_id,
            **params,
        )

    def class_enrollments(
        self, school_id: str, class_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[Enrollment]:
        """One class's enrollments (``GET R/schools/{sid}/classes/{cid}/enrollments``).

        Args:
            school_id: The school's id.
            class_id: The id of a class of that school.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the enrollments.

        Raises:
            NotFoundError: While iterating: the school or the class does not exist, or the
                class is not the school's.
        """
        return self._list(
            Listing(
                "rostering",
                "/schools/{}/classes/{}/enrollments",
                WIRE_KEYS["enrollments"],
                Enrollment,
            ),
            school_id,
            class_id,
            **params,
        )

    def class_students(
        self, school_id: str, class_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[User]:
        """One class's students (``GET R/schools/{sid}/classes/{cid}/students``).

        Args:
            school_id: The school's id.
            class_id: The id of a class of that school.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the students.

        Raises:
            NotFoundError: While iterating: the school or the class does not exist, or the
                class is not the school's.
        """
        return self._list(
            Listing("rostering", "/schools/{}/classes/{}/students", WIRE_KEYS["students"], User),
            school_id,
            class_id,
            **params,
        )

    def class_teachers(
        self, school_id: str, class_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[User]:
        """One class's teachers (``GET R/schools/{sid}/classes/{cid}/teachers``).

        Args:
            school_id: The school's id.
            class_id: The id of a class of that school.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the teachers.

        Raises:
            NotFoundError: While iterating: the school or the class does not exist, or the
                class is not the school's.
        """
        return self._list(
            Listing("rostering", "/schools/{}/classes/{}/teachers", WIRE_KEYS["teachers"], User),
            school_id,
            class_id,
            **params,
        )

    def line_items(self, school_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[LineItem]:
        """The school's line items (``GET G/schools/{id}/lineItems``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the line items.
        """
        return self._list(
            Listing("gradebook", "/schools/{}/lineItems", WIRE_KEYS["lineItems"], LineItem),
            school_id,
            **params,
        )

    async def create_line_items(
        self,
        school_id: str,
        line_items: Iterable[LineItemInput | LineItem | Mapping[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> builtins.list[SourcedIdPair]:
        """Create line items for the school in one request (``POST G/schools/{id}/lineItems``).

        Args:
            school_id: The school's id.
            line_items: The line items (input forms, fetched records or dicts); sent as
                ``{"lineItems": [...]}``.
            **options: Request options.

        Returns:
            One pair of ids per line item, in order.

        Raises:
            InputValidationError: An item is invalid; issues name it (``lineItems[2].title``).
        """
        return await self._create_items(
            "gradebook",
            "/schools/{}/lineItems",
            school_id,
            key="lineItems",
            items=line_items,
            input_type=LineItemInput,
            options=options,
        )

    def score_scales(
        self, school_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[ScoreScale]:
        """The score scales of the school's classes (``GET G/schools/{id}/scoreScales``).

        Args:
            school_id: The school's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the score scales.
        """
        return self._list(
            Listing("gradebook", "/schools/{}/scoreScales", WIRE_KEYS["scoreScales"], ScoreScale),
            school_id,
            **params,
        )
