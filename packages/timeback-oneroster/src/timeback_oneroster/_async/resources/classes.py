"""Classes (``R/classes``) and everything scoped to one class: its students, teachers and
enrollments, its gradebook (``G/classes/...``) and its resources (``X/resources/classes/...``).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, AsyncPaginator, RequestOptions
from timeback_oneroster._async._collection import AsyncCollection
from timeback_oneroster._endpoints import CollectionSpec, Listing
from timeback_oneroster._models import (
    WIRE_KEYS,
    Category,
    Class,
    ClassEnrollmentInput,
    ClassInput,
    Enrollment,
    LineItem,
    LineItemInput,
    Resource,
    Result,
    ResultInput,
    ScoreScale,
    SourcedIdPair,
    User,
)
from timeback_oneroster._params import ListParams
from timeback_oneroster._paths import OneRosterPaths

__all__ = ["CLASSES", "AsyncClasses"]

CLASSES = CollectionSpec(
    "rostering", "/classes", WIRE_KEYS["classes"], Class, ClassInput, item="/classes/{}"
)


class AsyncClasses(AsyncCollection[Class, ClassInput]):
    """``client.classes``: every class (``R/classes``) and what is scoped to one class.

    Inherits ``list``, ``get``, ``create`` (the school is sent as ``org``), ``update``,
    ``upsert`` and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, CLASSES)

    # -- roster --------------------------------------------------------------------------------

    def students(self, class_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[User]:
        """The class's students (``GET R/classes/{id}/students``).

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the students (users).
        """
        return self._list(
            Listing("rostering", "/classes/{}/students", WIRE_KEYS["classStudents"], User),
            class_id,
            **params,
        )

    def teachers(self, class_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[User]:
        """The class's teachers (``GET R/classes/{id}/teachers``).

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the teachers (users).
        """
        return self._list(
            Listing("rostering", "/classes/{}/teachers", WIRE_KEYS["classTeachers"], User),
            class_id,
            **params,
        )

    async def add_student(
        self,
        class_id: str,
        enrollment: ClassEnrollmentInput | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> SourcedIdPair:
        """Enroll a student in the class (``POST R/classes/{id}/students``).

        Args:
            class_id: The class's id.
            enrollment: ``{"user": student_id, "primary"?, "begin_date"?, "end_date"?}`` or a
                `ClassEnrollmentInput`; the role and class come from the call.
            **options: Request options.

        Returns:
            The ids of the new enrollment.

        Raises:
            InputValidationError: ``enrollment`` is invalid.
        """
        return await self._enroll(
            "/classes/{}/students",
            class_id,
            enrollment,
            options,
        )

    async def add_teacher(
        self,
        class_id: str,
        enrollment: ClassEnrollmentInput | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> SourcedIdPair:
        """Enroll a teacher in the class (``POST R/classes/{id}/teachers``).

        Args:
            class_id: The class's id.
            enrollment: ``{"user": teacher_id, "primary"?, "begin_date"?, "end_date"?}`` or a
                `ClassEnrollmentInput`; the role and class come from the call.
            **options: Request options.

        Returns:
            The ids of the new enrollment.

        Raises:
            InputValidationError: ``enrollment`` is invalid.
        """
        return await self._enroll(
            "/classes/{}/teachers",
            class_id,
            enrollment,
            options,
        )

    async def _enroll(
        self,
        template: str,
        class_id: str,
        enrollment: ClassEnrollmentInput | Mapping[str, Any],
        options: RequestOptions,
    ) -> SourcedIdPair:
        body = self._wire(enrollment, ClassEnrollmentInput)
        return await self._post_created(
            "rostering",
            template,
            class_id,
            body={WIRE_KEYS["classStudents"].write_key: body},
            sent_id=body.get("sourcedId"),
            options=options,
        )

    def enrollments(
        self, class_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[Enrollment]:
        """The class's enrollments (``GET R/classes/{id}/enrollments``).

        The official client uses this endpoint; the OpenAPI files do not document it. The
        portable form is ``client.enrollments.list(filter={"class.sourcedId": class_id})``.

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the enrollments.
        """
        return self._list(
            Listing("rostering", "/classes/{}/enrollments", WIRE_KEYS["enrollments"], Enrollment),
            class_id,
            **params,
        )

    # -- gradebook -----------------------------------------------------------------------------

    def categories(self, class_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Category]:
        """The categories used by the class's line items (``GET G/classes/{id}/categories``).

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the categories.
        """
        return self._list(
            Listing("gradebook", "/classes/{}/categories", WIRE_KEYS["categories"], Category),
            class_id,
            **params,
        )

    def line_items(self, class_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[LineItem]:
        """The class's line items (``GET G/classes/{id}/lineItems``).

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the line items.
        """
        return self._list(
            Listing("gradebook", "/classes/{}/lineItems", WIRE_KEYS["lineItems"], LineItem),
            class_id,
            **params,
        )

    async def create_line_items(
        self,
        class_id: str,
        line_items: Iterable[LineItemInput | LineItem | Mapping[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> builtins.list[SourcedIdPair]:
        """Create line items for the class in one request (``POST G/classes/{id}/lineItems``).

        Args:
            class_id: The class's id.
            line_items: The line items (input forms, fetched records or dicts); sent as
                ``{"lineItems": [...]}`` (the platform takes an array here, not one record).
            **options: Request options.

        Returns:
            One pair of ids per line item, in order.

        Raises:
            InputValidationError: An item is invalid; issues name it (``lineItems[2].title``).
        """
        return await self._create_items(
            "gradebook",
            "/classes/{}/lineItems",
            class_id,
            key="lineItems",
            items=line_items,
            input_type=LineItemInput,
            options=options,
        )

    def results(self, class_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Result]:
        """The results of the class (``GET G/classes/{id}/results``).

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the results.
        """
        return self._list(
            Listing("gradebook", "/classes/{}/results", WIRE_KEYS["results"], Result),
            class_id,
            **params,
        )

    def score_scales(
        self, class_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[ScoreScale]:
        """The class's score scales (``GET G/classes/{id}/scoreScales``).

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the score scales.
        """
        return self._list(
            Listing("gradebook", "/classes/{}/scoreScales", WIRE_KEYS["scoreScales"], ScoreScale),
            class_id,
            **params,
        )

    def line_item_results(
        self, class_id: str, line_item_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[Result]:
        """The results of one of the class's line items
        (``GET G/classes/{cid}/lineItems/{lid}/results``).

        Args:
            class_id: The class's id.
            line_item_id: The id of a line item of that class.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the results.

        Raises:
            NotFoundError: While iterating: the class or line item does not exist, or the line
                item is not the class's.
        """
        return self._list(
            Listing("gradebook", "/classes/{}/lineItems/{}/results", WIRE_KEYS["results"], Result),
            class_id,
            line_item_id,
            **params,
        )

    def student_results(
        self, class_id: str, student_id: str, **params: Unpack[ListParams]
    ) -> AsyncPaginator[Result]:
        """One student's results in the class (``GET G/classes/{cid}/students/{sid}/results``).

        Args:
            class_id: The class's id.
            student_id: The student's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the results.
        """
        return self._list(
            Listing("gradebook", "/classes/{}/students/{}/results", WIRE_KEYS["results"], Result),
            class_id,
            student_id,
            **params,
        )

    async def create_academic_session_results(
        self,
        class_id: str,
        academic_session_id: str,
        results: Iterable[ResultInput | Result | Mapping[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> builtins.list[SourcedIdPair]:
        """Create results of the class for an academic session in one request
        (``POST G/classes/{cid}/academicSessions/{aid}/results``).

        Args:
            class_id: The class's id.
            academic_session_id: The academic session's (e.g. a grading period's) id.
            results: The results (input forms, fetched records or dicts); sent as
                ``{"results": [...]}``.
            **options: Request options.

        Returns:
            One pair of ids per result, in order.

        Raises:
            InputValidationError: A result is invalid; issues name it (``results[0].student``).
        """
        return await self._create_items(
            "gradebook",
            "/classes/{}/academicSessions/{}/results",
            class_id,
            academic_session_id,
            key="results",
            items=results,
            input_type=ResultInput,
            options=options,
        )

    # -- resources -----------------------------------------------------------------------------

    def resources(self, class_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Resource]:
        """The resources of the class (``GET X/resources/classes/{id}/resources``).

        Args:
            class_id: The class's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the resources.
        """
        return self._assigned_resources("classes", class_id, **params)

    async def assign_resource(
        self,
        class_id: str,
        resource_id: str,
        *,
        date_assigned: date | datetime | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Assign a resource to the class (``POST X/resources/classes/{id}/resources``).

        Args:
            class_id: The class's id.
            resource_id: The resource's id.
            date_assigned: When it was assigned (default: the platform's now).
            **options: Request options.
        """
        await self._assign_resource("classes", class_id, resource_id, date_assigned, options)

    async def unassign_resource(
        self, class_id: str, resource_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove a resource from the class
        (``DELETE X/resources/classes/{id}/resources/{rid}``).

        Args:
            class_id: The class's id.
            resource_id: The resource's id.
            **options: Request options.

        Raises:
            NotFoundError: The class does not exist or the resource is not assigned to it.
        """
        await self._unassign_resource("classes", class_id, resource_id, options)
