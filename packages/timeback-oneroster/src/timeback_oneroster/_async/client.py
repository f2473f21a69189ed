"""`OneRosterClient`: the OneRoster 1.2 client (rostering, gradebook, resources).

The client owns one `AsyncAPIClient` (URLs, auth, retries, typed errors) and exposes every
endpoint through resource attributes named after the collections: ``client.users``,
``client.schools``, ``client.line_items``... A sub-collection is reached from its parent:
``client.schools.classes(school_id)``, ``client.classes.student_results(class_id, student_id)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx
from typing_extensions import Self

from timeback_common import (
    DEFAULT_TIMEOUT,
    AsyncAPIClient,
    ClientSettings,
    ConfigurationError,
    TimeoutTypes,
    resolve_settings,
)
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
from timeback_oneroster._errors import OneRosterError, oneroster_errors
from timeback_oneroster._version import __version__

__all__ = ["OneRosterClient"]

_NOT_GIVEN: Any = object()


class OneRosterClient:
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

    Args:
        env: ``"staging"`` or ``"production"`` (environment mode; or ``TIMEBACK_ENV``).
        platform: ``"beyond-ai"`` (default) or ``"learnwith-ai"``; selects base paths and the
            filter limits.
        base_url: One origin for every service (base URL mode).
        auth_url: The OAuth2 token URL (required with ``base_url`` or ``services``).
        token_url: Same as ``auth_url``.
        services: Base URL per service name (explicit services mode).
        client_id: OAuth2 client id (default ``TIMEBACK_CLIENT_ID``).
        client_secret: OAuth2 client secret (default ``TIMEBACK_CLIENT_SECRET``).
        scope: Token scope (default: the platform's).
        timeout: Default timeout: seconds, an `httpx.Timeout`, or None.
        max_retries: Retries after a failed attempt (default 2).
        default_headers: Headers sent with every request.
        http_client: An ``httpx.AsyncClient`` to share (its pool); not closed by `close`.
        transport: A transport for the httpx client created here (tests, the emulator).
        settings: Already resolved settings (the umbrella ``TimebackClient`` passes them);
            then none of the configuration arguments above may be given.
        auth: An ``httpx.Auth`` to use instead of a new ``ClientCredentialsAuth`` (to share
            one token between clients).

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also a
            `OneRosterError`).

    Example:
        >>> async with OneRosterClient(env="staging", client_id="...", client_secret="...") as c:
        ...     students = await c.students.list(max_items=10).to_list()  # doctest: +SKIP
    """

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

    def __init__(
        self,
        *,
        env: str | None = None,
        platform: str | None = None,
        base_url: str | None = None,
        auth_url: str | None = None,
        token_url: str | None = None,
        services: Mapping[str, str] | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        settings: ClientSettings | None = None,
        auth: httpx.Auth | None = None,
    ) -> None:
        with oneroster_errors():
            if settings is None:
                settings = resolve_settings(
                    env=env,
                    platform=platform,
                    base_url=base_url,
                    auth_url=auth_url,
                    token_url=token_url,
                    services=services,
                    client_id=client_id,
                    client_secret=client_secret,
                    scope=scope,
                )
            else:
                given = {
                    "env": env,
                    "platform": platform,
                    "base_url": base_url,
                    "auth_url": auth_url,
                    "token_url": token_url,
                    "services": services,
                    "client_id": client_id,
                    "client_secret": client_secret,
                    "scope": scope,
                }
                clashing = sorted(name for name, value in given.items() if value is not None)
                if clashing:
                    raise ConfigurationError(
                        f"pass either settings= or {', '.join(clashing)}, not both"
                    )
            if auth is None:
                auth = _credentials_auth(settings)
            self._api = AsyncAPIClient(
                base_url=settings.url("oneroster"),
                auth=auth,
                service_name="oneroster",
                service_version=__version__,
                service_error=OneRosterError,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                http_client=http_client,
                transport=transport,
            )
        self._settings = settings
        self._init_resources()

    def _init_resources(self) -> None:
        api, paths = self._api, self._settings.paths
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

    @property
    def settings(self) -> ClientSettings:
        """The resolved configuration (platform, URLs, token URL; the secret is not shown)."""
        return self._settings

    @property
    def base_url(self) -> str:
        """The OneRoster origin requests go to (the API base paths are added per call)."""
        return self._api.base_url

    def with_options(
        self,
        *,
        timeout: TimeoutTypes = _NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A cheap copy with other defaults, sharing this client's connection pool and token.

        Args:
            timeout: New default timeout (None: no timeout).
            max_retries: New number of retries.
            default_headers: Headers merged over the current defaults.

        Returns:
            The copy; closing it leaves the shared pool open.

        Raises:
            ConfigurationError: ``max_retries`` is negative (also a `OneRosterError`).

        Example:
            >>> patient = client.with_options(timeout=120.0, max_retries=5)  # doctest: +SKIP
        """
        with oneroster_errors():
            if timeout is _NOT_GIVEN:
                api = self._api.with_options(
                    max_retries=max_retries, default_headers=default_headers
                )
            else:
                api = self._api.with_options(
                    timeout=timeout, max_retries=max_retries, default_headers=default_headers
                )
        clone = type(self).__new__(type(self))
        clone._api = api
        clone._settings = self._settings
        clone._init_resources()
        return clone

    async def close(self) -> None:
        """Close the connection pool if this client created it (a shared one stays open)."""
        await self._api.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._api.base_url!r}, "
            f"platform={self._settings.platform!r})"
        )


def _credentials_auth(settings: ClientSettings) -> httpx.Auth:
    # Imported here: building the auth is the only use, and timeback_auth pulls in authlib.
    from timeback_auth import ClientCredentialsAuth

    return ClientCredentialsAuth.from_settings(settings)
