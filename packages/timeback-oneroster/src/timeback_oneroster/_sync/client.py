# This file is generated from packages/timeback-oneroster/src/timeback_oneroster/_async/client.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""`SyncOneRosterClient`: the OneRoster 1.2 client (rostering, gradebook, resources).

The client owns one `SyncAPIClient` (URLs, auth, retries, typed errors) and exposes every
endpoint through resource attributes named after the collections: ``client.users``,
``client.schools``, ``client.line_items``... A sub-collection is reached from its parent:
``client.schools.classes(school_id)``, ``client.classes.student_results(class_id, student_id)``.
"""

from __future__ import annotations

import httpx

from timeback_auth import ClientCredentialsAuth
from timeback_common import SyncServiceClient, ClientSettings
from timeback_oneroster._sync.resources.academic_sessions import (
    SyncAcademicSessions,
    SyncGradingPeriods,
    SyncTerms,
)
from timeback_oneroster._sync.resources.assessments import (
    SyncAssessmentLineItems,
    SyncAssessmentResults,
)
from timeback_oneroster._sync.resources.classes import SyncClasses
from timeback_oneroster._sync.resources.courses import SyncCourses
from timeback_oneroster._sync.resources.demographics import SyncDemographics
from timeback_oneroster._sync.resources.enrollments import SyncEnrollments
from timeback_oneroster._sync.resources.gradebook import (
    SyncCategories,
    SyncLineItems,
    SyncResults,
    SyncScoreScales,
)
from timeback_oneroster._sync.resources.orgs import SyncOrgs, SyncSchools
from timeback_oneroster._sync.resources.resources import SyncResources
from timeback_oneroster._sync.resources.users import SyncStudents, SyncTeachers, SyncUsers
from timeback_oneroster._errors import OneRosterError
from timeback_oneroster._paths import ONEROSTER_PATHS, OneRosterPaths
from timeback_oneroster._version import __version__

__all__ = ["SyncOneRosterClient"]


class SyncOneRosterClient(SyncServiceClient[OneRosterPaths]):
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
    every service client, documented on `SyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also a
            `OneRosterError`).

    Example:
        >>> with SyncOneRosterClient(env="staging", client_id="...", client_secret="...") as c:
        ...     students = c.students.list(max_items=10).to_list()  # doctest: +SKIP
    """

    service_name = "oneroster"
    service_error = OneRosterError
    service_version = __version__
    platform_paths = ONEROSTER_PATHS

    @staticmethod
    def default_auth(settings: ClientSettings) -> httpx.Auth:
        """The client-credentials flow of ``settings`` (one cached token per credentials)."""
        return ClientCredentialsAuth.from_settings(settings)

    users: SyncUsers
    students: SyncStudents
    teachers: SyncTeachers
    orgs: SyncOrgs
    schools: SyncSchools
    academic_sessions: SyncAcademicSessions
    terms: SyncTerms
    grading_periods: SyncGradingPeriods
    classes: SyncClasses
    courses: SyncCourses
    enrollments: SyncEnrollments
    demographics: SyncDemographics
    categories: SyncCategories
    line_items: SyncLineItems
    results: SyncResults
    score_scales: SyncScoreScales
    assessment_line_items: SyncAssessmentLineItems
    assessment_results: SyncAssessmentResults
    resources: SyncResources

    def _bind_resources(self) -> None:
        api, paths = self._api, self._paths
        self.users = SyncUsers(api, paths)
        self.students = SyncStudents(api, paths)
        self.teachers = SyncTeachers(api, paths)
        self.orgs = SyncOrgs(api, paths)
        self.schools = SyncSchools(api, paths)
        self.academic_sessions = SyncAcademicSessions(api, paths)
        self.terms = SyncTerms(api, paths)
        self.grading_periods = SyncGradingPeriods(api, paths)
        self.classes = SyncClasses(api, paths)
        self.courses = SyncCourses(api, paths)
        self.enrollments = SyncEnrollments(api, paths)
        self.demographics = SyncDemographics(api, paths)
        self.categories = SyncCategories(api, paths)
        self.line_items = SyncLineItems(api, paths)
        self.results = SyncResults(api, paths)
        self.score_scales = SyncScoreScales(api, paths)
        self.assessment_line_items = SyncAssessmentLineItems(api, paths)
        self.assessment_results = SyncAssessmentResults(api, paths)
        self.resources = SyncResources(api, paths)
