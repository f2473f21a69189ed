"""`EdubridgeClient`: the async client of Timeback Edubridge.

The sync twin, ``SyncEdubridgeClient`` in ``timeback_edubridge._sync.client``, is generated from
this file by ``scripts/unasync.py``; edit this one.
"""

from __future__ import annotations

import warnings

from timeback_auth import ClientCredentialsAuth
from timeback_common import AsyncServiceClient
from timeback_edubridge._async.resources.analytics import AsyncAnalytics
from timeback_edubridge._async.resources.applications import AsyncApplications
from timeback_edubridge._async.resources.caliper import AsyncCaliperIngest
from timeback_edubridge._async.resources.enrollments import AsyncEnrollments
from timeback_edubridge._async.resources.learning_reports import AsyncLearningReports
from timeback_edubridge._async.resources.progression import AsyncProgression
from timeback_edubridge._async.resources.subject_tracks import AsyncSubjectTracks
from timeback_edubridge._async.resources.users import AsyncUsers
from timeback_edubridge._errors import EdubridgeError
from timeback_edubridge._paths import EDUBRIDGE_PATHS, EdubridgePaths
from timeback_edubridge._version import __version__

__all__ = ["EdubridgeClient"]


class EdubridgeClient(AsyncServiceClient[EdubridgePaths]):
    """Async client of Timeback Edubridge: enrollments, analytics, users, subject tracks, apps.

    Resources are attributes: `enrollments`, `analytics`, `users`, `subject_tracks`,
    `applications`, `learning_reports`, `progression` and `caliper_ingest` (Edubridge's own
    Caliper ingest, apart from the Caliper service of ``CaliperClient``). Every error it raises
    is an `EdubridgeError` (and a class of the shared tree, such as ``NotFoundError``). On the
    LearnWith.AI platform, which has no Edubridge, every call raises
    ``UnsupportedOperationError`` without sending anything.

    The constructor's arguments (configuration modes, ``settings=``, ``auth=``...) are those of
    every service client, documented on `AsyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also an
            `EdubridgeError`).

    Example:
        >>> async with EdubridgeClient(env="staging", client_id="...", client_secret="...") as c:
        ...     enrollments = await c.enrollments.list("student-1")  # doctest: +SKIP
        ...     week = await c.analytics.summary(email="ada@example.com")  # doctest: +SKIP
    """

    service_name = "edubridge"
    service_error = EdubridgeError
    service_version = __version__
    platform_paths = EDUBRIDGE_PATHS

    # The client-credentials flow of the settings (one cached token per credentials).
    default_auth = staticmethod(ClientCredentialsAuth.from_settings)

    def _bind_resources(self) -> None:
        api, base = self._api, self._paths.base
        self.enrollments = AsyncEnrollments(api, base)
        """Enrollments: list, enroll, unenroll, reset goals and progress, default class."""
        self.analytics = AsyncAnalytics(api, base)
        """Analytics: activity and weekly facts, enrollment facts, highest grade, summaries."""
        self.users = AsyncUsers(api, base)
        """Users by role (Edubridge user shape)."""
        self.subject_tracks = AsyncSubjectTracks(api, base)
        """Subject tracks: list, upsert, delete, groups."""
        self.applications = AsyncApplications(api, base)
        """Applications and their usage metrics."""
        self.learning_reports = AsyncLearningReports(api, base)
        """Learning reports: MAP profile, time saved."""
        self.progression = AsyncProgression(api, base)
        """Progression: enqueue a placement flow, create a course, the lesson catalog."""
        self.caliper_ingest = AsyncCaliperIngest(api, base)
        """The Edubridge Caliper ingest (``/edubridge/caliper/event``); not the Caliper service."""

    @property
    def caliper(self) -> AsyncCaliperIngest:
        """Deprecated name of `caliper_ingest` (easily mistaken for the Caliper service).

        Raises:
            DeprecationWarning: As a warning, when warnings are errors.
        """
        warnings.warn(
            "EdubridgeClient.caliper is renamed caliper_ingest (it is Edubridge's ingest, not "
            "the Caliper service)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.caliper_ingest
