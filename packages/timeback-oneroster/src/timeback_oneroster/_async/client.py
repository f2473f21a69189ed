"""`OneRosterClient`: the OneRoster 1.2 client (rostering, gradebook, resources).

The client owns one `AsyncAPIClient` (URLs, auth, retries, typed errors) and exposes every
endpoint through resource attributes named after the collections: ``client.users``,
``client.schools``, ``client.line_items``... A sub-collection is reached from its parent:
``client.schools.classes(school_id)``, ``client.classes.student_results(class_id, student_id)``.
"""

from __future__ import annotations

from timeback_auth import ClientCredentialsAuth
from timeback_common import AsyncServiceClient
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
from timeback_oneroster._errors import OneRosterError
from timeback_oneroster._paths import ONEROSTER_PATHS, OneRosterPaths
from timeback_oneroster._version import __version__

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

    users: AsyncUsers
    students: AsyncStudents
    teachers: AsyncTeachers
    orgs: AsyncOrgs
    schools: AsyncSchools
    academic_sessions: AsyncAcademicSessions
    terms: AsyncTerms
    grading_periods: AsyncGradingPeriods
    classes: AsyncClasses
    courses: AsyncCourses
    enrollments: AsyncEnrollments
    demographics: AsyncDemographics
    categories: AsyncCategories
    line_items: AsyncLineItems
    results: AsyncResults
    score_scales: AsyncScoreScales
    assessment_line_items: AsyncAssessmentLineItems
    assessment_results: AsyncAssessmentResults
    resources: AsyncResources

    def _bind_resources(self) -> None:
        api, paths = self._api, self._paths
        self.users = AsyncUsers(api, paths)
        self.students = AsyncStudents(api, paths)
        self.teachers = AsyncTeachers(api, paths)
        self.orgs = AsyncOrgs(api, paths)
        self.schools = AsyncSchools(api, paths)
        self.academic_sessions = AsyncAcademicSessions(api, paths)
        self.terms = AsyncTerms(api, paths)
        self.grading_periods = AsyncGradingPeriods(api, paths)
        self.classes = AsyncClasses(api, paths)
        self.courses = AsyncCourses(api, paths)
        self.enrollments = AsyncEnrollments(api, paths)
        self.demographics = AsyncDemographics(api, paths)
        self.categories = AsyncCategories(api, paths)
        self.line_items = AsyncLineItems(api, paths)
        self.results = AsyncResults(api, paths)
        self.score_scales = AsyncScoreScales(api, paths)
        self.assessment_line_items = AsyncAssessmentLineItems(api, paths)
        self.assessment_results = AsyncAssessmentResults(api, paths)
        self.resources = AsyncResources(api, paths)
