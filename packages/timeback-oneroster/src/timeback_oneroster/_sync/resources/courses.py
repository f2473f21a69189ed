# This file is generated from packages/timeback-oneroster/src/timeback_oneroster/_async/resources/courses.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Courses (``R/courses``) with their course components and component resources
(``R/courses/components``, ``R/courses/component-resources``), the course structure create, and
course resources (``X/resources/courses/...``).

The two sub-collections live under the courses path, so they are reached as
``client.courses.components`` and ``client.courses.component_resources``, each a full collection
(``list``, ``get``, ``create``, ``update``, ``upsert``, ``delete``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from typing_extensions import Unpack

from timeback_common import SyncAPIClient, SyncPaginator, RequestOptions
from timeback_oneroster._sync._collection import SyncCollection
from timeback_oneroster._endpoints import CollectionSpec, Listing
from timeback_oneroster._models import (
    WIRE_KEYS,
    Class,
    ComponentResource,
    ComponentResourceInput,
    Course,
    CourseComponent,
    CourseComponentInput,
    CourseInput,
    Resource,
    SourcedIdPair,
)
from timeback_oneroster._params import ListParams
from timeback_oneroster._paths import OneRosterPaths

__all__ = [
    "COMPONENT_RESOURCES",
    "COURSES",
    "COURSE_COMPONENTS",
    "SyncComponentResources",
    "SyncCourseComponents",
    "SyncCourses",
]

COURSES = CollectionSpec("rostering", "/courses", WIRE_KEYS["courses"], Course, CourseInput)
COURSE_COMPONENTS = CollectionSpec(
    "rostering",
    "/courses/components",
    WIRE_KEYS["courseComponents"],
    CourseComponent,
    CourseComponentInput,
)
COMPONENT_RESOURCES = CollectionSpec(
    "rostering",
    "/courses/component-resources",
    WIRE_KEYS["componentResources"],
    ComponentResource,
    ComponentResourceInput,
)


class SyncCourseComponents(SyncCollection[CourseComponent, CourseComponentInput]):
    """``client.courses.components``: course components, the units and lessons of a course
    (``R/courses/components``).

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``. The
    components of one course: ``list(filter={"course.sourcedId": course_id})``.
    """

    def __init__(self, api: SyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, COURSE_COMPONENTS)


class SyncComponentResources(SyncCollection[ComponentResource, ComponentResourceInput]):
    """``client.courses.component_resources``: the resources placed in course components
    (``R/courses/component-resources``).

    Inherits ``list``, ``get``, ``create`` (a ``sourced_id`` is required), ``update``,
    ``upsert`` and ``delete``.
    """

    def __init__(self, api: SyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, COMPONENT_RESOURCES)


class SyncCourses(SyncCollection[Course, CourseInput]):
    """``client.courses``: every course (``R/courses``) and what is scoped to one course.

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``.

    Attributes:
        components: The course components (`SyncCourseComponents`).
        component_resources: The component resources (`SyncComponentResources`).
    """

    components: SyncCourseComponents
    component_resources: SyncComponentResources

    def __init__(self, api: SyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, COURSES)
        self.components = SyncCourseComponents(api, paths)
        self.component_resources = SyncComponentResources(api, paths)

    def classes(self, course_id: str, **params: Unpack[ListParams]) -> SyncPaginator[Class]:
        """The classes of the course (``GET R/courses/{id}/classes``).

        Args:
            course_id: The course's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the classes.

        Raises:
            InputValidationError: A parameter was rejected (raised here, nothing was sent).
            NotFoundError: While iterating: the course does not exist.
            OneRosterError: While iterating: any other failure.
        """
        return self._list(
            Listing("rostering", "/courses/{}/classes", WIRE_KEYS["classes"], Class),
            course_id,
            **params,
        )

    def create_structure(
        self,
        course: CourseInput | Course | Mapping[str, Any],
        structure: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> SourcedIdPair:
        """Create a course and its component tree in one call (``POST R/courses/structure``).

        The platform does not document the shape of ``courseStructure``; ``structure`` is sent
        as given. The emulator accepts a list of components (or ``{"components": [...]}``),
        each with optional ``children`` and ``componentResources``.

        Args:
            course: The course (checked like `create`'s input).
            structure: The component tree, sent as ``courseStructure``.
            **options: Request options.

        Returns:
            The ids of the course (list its components with
            ``components.list(filter={"course.sourcedId": ...})``).

        Raises:
            InputValidationError: ``course`` is invalid, or ``structure`` cannot be sent as JSON.
            UnprocessableEntityError: The platform rejected the course or the structure.
            OneRosterError: Any other failure.
        """
        body = self._wire(course, CourseInput)
        return self._post_created(
            "rostering",
            "/courses/structure",
            body={"course": body, "courseStructure": structure},
            sent_id=body.get("sourcedId"),
            options=options,
        )

    def resources(self, course_id: str, **params: Unpack[ListParams]) -> SyncPaginator[Resource]:
        """The resources of the course (``GET X/resources/courses/{id}/resources``).

        Args:
            course_id: The course's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the resources.

        Raises:
            InputValidationError: A parameter was rejected (raised here, nothing was sent).
            NotFoundError: While iterating: the course does not exist.
            OneRosterError: While iterating: any other failure.
        """
        return self._assigned_resources("courses", course_id, **params)

    def assign_resource(
        self,
        course_id: str,
        resource_id: str,
        *,
        date_assigned: date | datetime | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Assign a resource to the course (``POST X/resources/courses/{id}/resources``).

        Args:
            course_id: The course's id.
            resource_id: The resource's id.
            date_assigned: When it was assigned (default: the platform's now).
            **options: Request options.

        Raises:
            NotFoundError: The course or the resource does not exist.
            OneRosterError: Any other failure.
        """
        self._assign_resource("courses", course_id, resource_id, date_assigned, options)

    def unassign_resource(
        self, course_id: str, resource_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove a resource from the course
        (``DELETE X/resources/courses/{id}/resources/{rid}``).

        Args:
            course_id: The course's id.
            resource_id: The resource's id.
            **options: Request options.

        Raises:
            NotFoundError: The course does not exist or the resource is not assigned to it.
            OneRosterError: Any other failure.
        """
        self._unassign_resource("courses", course_id, resource_id, options)
