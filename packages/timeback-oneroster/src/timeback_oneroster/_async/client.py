"""`OneRosterClient`: the OneRoster 1.2 client (rostering, gradebook, resources).

The client owns one `AsyncAPIClient` (URLs, auth, retries, typed errors) and exposes every
endpoint through resource attributes named after the collections: ``client.users``,
``client.schools``, ``client.line_items``... A sub-collection is reached from its parent:
``client.schools.classes(school_id)``, ``client.classes.student_results(class_id, student_id)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeback_auth import ClientCredentialsAuth
from timeback_common import AsyncServiceClient
from timeback_oneroster._errors import OneRosterError
from timeback_oneroster._lazy import LazyResource, forget_resources
from timeback_oneroster._paths import ONEROSTER_PATHS, OneRosterPaths
from timeback_oneroster._version import __version__

if TYPE_CHECKING:
    from timeback_oneroster._async.resources.academic_sessions import (
        AsyncAcademicSessions,
        AsyncGradingPeriods,
        AsyncTerms,
    )
    from timeback_oneroster._async.resources.assessments import (
        AsyncAssessmentLineItems,
        AsyncAssessmentResults,
    )
    from timeback_oneroster._async.resources.classes import AsyncClasses
    from timeback_oneroster._async.resources.courses import AsyncCourses
    from timeback_oneroster._async.resources.demographics import AsyncDemographics
    from timeback_oneroster._async.resources.enrollments import AsyncEnrollments
    from timeback_oneroster._async.resources.gradebook import (
        AsyncCategories,
        AsyncLineItems,
        AsyncResults,
        AsyncScoreScales,
    )
    from timeback_oneroster._async.resources.orgs import AsyncOrgs, AsyncSchools
    from timeback_oneroster._async.resources.resources import AsyncResources
    from timeback_oneroster._async.resources.users import AsyncStudents, AsyncTeachers, AsyncUsers

__all__ = ["OneRosterClient"]


class OneRosterClient(AsyncServiceClient[OneRosterPaths]):
    """Client for the Timeback OneRoster 1.2 APIs: rostering, gradebook and resources.

    Configure it in one of three modes (as every Timeback client): ``env=`` (``"staging"`` or
    ``"production"``, optionally with ``platform="learnwith-ai"``), ``base_url=`` with
    ``auth_url=`` (self-hosted, or the local emulator), or ``services={"oneroster": ...}`` with
    ``auth_url=``. Credentials come from the arguments or ``TIMEBACK_CLIENT_ID`` /
    ``TIMEBACK_CLIENT_SECRET``.

    Resources (each a collection with ``list``, ``get`` and, where writable, ``create``,
    ``update``, ``upsert``, ``delete``; sub-collections are methods of the parent):

    * rostering: `users`, `students`, `teachers`, `orgs`, `schools`, `academic_sessions`,
      `terms`, `grading_periods`, `classes`, `courses` (with ``courses.components`` and
      ``courses.component_resources``), `enrollments`, `demographics`;
    * gradebook: `categories`, `line_items`, `results`, `score_scales`,
      `assessment_line_items`, `assessment_results`;
    * resources: `resources`.

    The constructor's arguments (configuration modes, ``settings=``, ``auth=``...) are those of
    every service client, documented on `AsyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also a
            `OneRosterError`).

    Example:
        >>> async with OneRosterClient(env="staging", client_id="...", client_secret="...") as c:
        ...     students = await c.students.list(max_items=10).to_list()  # doctest: +SKIP
    """

    service_name = "oneroster"
    service_error = OneRosterError
    service_version = __version__
    platform_paths = ONEROSTER_PATHS

    # The client-credentials flow of the settings (one cached token per credentials).
    default_auth = staticmethod(ClientCredentialsAuth.from_settings)

    users: LazyResource[AsyncUsers] = LazyResource(
        "timeback_oneroster._async.resources.users", "AsyncUsers"
    )
    students: LazyResource[AsyncStudents] = LazyResource(
        "timeback_oneroster._async.resources.users", "AsyncStudents"
    )
    teachers: LazyResource[AsyncTeachers] = LazyResource(
        "timeback_oneroster._async.resources.users", "AsyncTeachers"
    )
    orgs: LazyResource[AsyncOrgs] = LazyResource(
        "timeback_oneroster._async.resources.orgs", "AsyncOrgs"
    )
    schools: LazyResource[AsyncSchools] = LazyResource(
        "timeback_oneroster._async.resources.orgs", "AsyncSchools"
    )
    academic_sessions: LazyResource[AsyncAcademicSessions] = LazyResource(
        "timeback_oneroster._async.resources.academic_sessions", "AsyncAcademicSessions"
    )
    terms: LazyResource[AsyncTerms] = LazyResource(
        "timeback_oneroster._async.resources.academic_sessions", "AsyncTerms"
    )
    grading_periods: LazyResource[AsyncGradingPeriods] = LazyResource(
        "timeback_oneroster._async.resources.academic_sessions", "AsyncGradingPeriods"
    )
    classes: LazyResource[AsyncClasses] = LazyResource(
        "timeback_oneroster._async.resources.classes", "AsyncClasses"
    )
    courses: LazyResource[AsyncCourses] = LazyResource(
        "timeback_oneroster._async.resources.courses", "AsyncCourses"
    )
    enrollments: LazyResource[AsyncEnrollments] = LazyResource(
        "timeback_oneroster._async.resources.enrollments", "AsyncEnrollments"
    )
    demographics: LazyResource[AsyncDemographics] = LazyResource(
        "timeback_oneroster._async.resources.demographics", "AsyncDemographics"
    )
    categories: LazyResource[AsyncCategories] = LazyResource(
        "timeback_oneroster._async.resources.gradebook", "AsyncCategories"
    )
    line_items: LazyResource[AsyncLineItems] = LazyResource(
        "timeback_oneroster._async.resources.gradebook", "AsyncLineItems"
    )
    results: LazyResource[AsyncResults] = LazyResource(
        "timeback_oneroster._async.resources.gradebook", "AsyncResults"
    )
    score_scales: LazyResource[AsyncScoreScales] = LazyResource(
        "timeback_oneroster._async.resources.gradebook", "AsyncScoreScales"
    )
    assessment_line_items: LazyResource[AsyncAssessmentLineItems] = LazyResource(
        "timeback_oneroster._async.resources.assessments", "AsyncAssessmentLineItems"
    )
    assessment_results: LazyResource[AsyncAssessmentResults] = LazyResource(
        "timeback_oneroster._async.resources.assessments", "AsyncAssessmentResults"
    )
    resources: LazyResource[AsyncResources] = LazyResource(
        "timeback_oneroster._async.resources.resources", "AsyncResources"
    )

    def _bind_resources(self) -> None:
        # Each resource module is imported when its attribute is first read (a script that
        # reads users loads no gradebook code); a copy rebuilds the ones already read.
        forget_resources(self)
