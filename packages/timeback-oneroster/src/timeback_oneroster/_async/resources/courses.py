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

from timeback_common import AsyncAPIClient, AsyncPaginator, RequestOptions
from timeback_oneroster._async._collection import AsyncCollection
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
    "AsyncComponentResources",
    "AsyncCourseComponents",
    "AsyncCourses",
]

COURSES = CollectionSpec(
    "rostering", "/courses", WIRE_KEYS["courses"], Course, CourseInput, item="/courses/{}"
)
COURSE_COMPONENTS = CollectionSpec(
    "rostering",
    "/courses/components",
    WIRE_KEYS["courseComponents"],
    CourseComponent,
    CourseComponentInput,
    item="/courses/components/{}",
)
COMPONENT_RESOURCES = CollectionSpec(
    "rostering",
    "/courses/component-resources",
    WIRE_KEYS["componentResources"],
    ComponentResource,
    ComponentResourceInput,
    item="/courses/component-resources/{}",
)


class AsyncCourseComponents(AsyncCollection[CourseComponent, CourseComponentInput]):
    """``client.courses.components``: course components, the units and lessons of a course
    (``R/courses/components``).

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``. The
    components of one course: ``list(filter={"course.sourcedId": course_id})``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, COURSE_COMPONENTS)


class AsyncComponentResources(AsyncCollection[ComponentResource, ComponentResourceInput]):
    """``client.courses.component_resources``: the resources placed in course components
    (``R/courses/component-resources``).

    Inherits ``list``, ``get``, ``create`` (a ``sourced_id`` is required), ``update``,
    ``upsert`` and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, COMPONENT_RESOURCES)


class AsyncCourses(AsyncCollection[Course, CourseInput]):
    """``client.courses``: every course (``R/courses``) and what is scoped to one course.

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``.

    Attributes:
        components: The course components (`AsyncCourseComponents`).
        component_resources: The component resources (`AsyncComponentResources`).
    """

    components: AsyncCourseComponents
    component_resources: AsyncComponentResources

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, COURSES)
        self.components = AsyncCourseComponents(api, paths)
        self.component_resources = AsyncComponentResources(api, paths)

    def classes(self, course_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Class]:
        """The classes of the course (``GET R/courses/{id}/classes``).

        Args:
            course_id: The course's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the classes.
        """
        return self._list(
            Listing("rostering", "/courses/{}/classes", WIRE_KEYS["classes"], Class),
            course_id,
            **params,
        )

    async def create_structure(
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
        """
        body = self._wire(course, CourseInput)
        return await self._post_created(
            "rostering",
            "/courses/structure",
            body={"course": body, "courseStructure": structure},
            sent_id=body.get("sourcedId"),
            options=options,
        )

    def resources(self, course_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Resource]:
        """The resources of the course (``GET X/resources/courses/{id}/resources``).

        Args:
            course_id: The course's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the resources.
        """
        return self._assigned_resources("courses", course_id, **params)

    async def assign_resource(
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
        """
        await self._assign_resource("courses", course_id, resource_id, date_assigned, options)

    async def unassign_resource(
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
        """
        await self._unassign_resource("courses", course_id, resource_id, options)
