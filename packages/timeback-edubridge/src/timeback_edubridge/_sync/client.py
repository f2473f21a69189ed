# This file is generated from packages/timeback-edubridge/src/timeback_edubridge/_async/client.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""`SyncEdubridgeClient`: the async client of Timeback Edubridge (wire contract section 5).

The sync twin, ``SyncEdubridgeClient`` in ``timeback_edubridge._sync.client``, is generated from
this file by ``scripts/unasync.py``; edit this one.
"""

from __future__ import annotations

import warnings

import httpx

from timeback_auth import ClientCredentialsAuth
from timeback_common import SyncServiceClient, ClientSettings
from timeback_edubridge._sync.resources.analytics import SyncAnalytics
from timeback_edubridge._sync.resources.applications import SyncApplications
from timeback_edubridge._sync.resources.caliper import SyncCaliperIngest
from timeback_edubridge._sync.resources.enrollments import SyncEnrollments
from timeback_edubridge._sync.resources.learning_reports import SyncLearningReports
from timeback_edubridge._sync.resources.progression import SyncProgression
from timeback_edubridge._sync.resources.subject_tracks import SyncSubjectTracks
from timeback_edubridge._sync.resources.users import SyncUsers
from timeback_edubridge._errors import EdubridgeError, unsupported_message
from timeback_edubridge._paths import EDUBRIDGE_PATHS, EdubridgePaths
from timeback_edubridge._version import __version__

__all__ = ["SyncEdubridgeClient"]


class SyncEdubridgeClient(SyncServiceClient[EdubridgePaths]):
    """Async client of Timeback Edubridge: enrollments, analytics, users, subject tracks, apps.

    Resources are attributes: `enrollments`, `analytics`, `users`, `subject_tracks`,
    `applications`, `learning_reports`, `progression` and `caliper_ingest` (Edubridge's own
    Caliper ingest, apart from the Caliper service of ``SyncCaliperClient``). Every error it raises
    is an `EdubridgeError` (and a class of the shared tree, such as ``NotFoundError``). On the
    LearnWith.AI platform, which has no Edubridge, every call raises
    ``UnsupportedOperationError`` without sending anything.

    The constructor's arguments (configuration modes, ``settings=``, ``auth=``...) are those of
    every service client, documented on `SyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also an
            `EdubridgeError`).

    Example:
        >>> with SyncEdubridgeClient(env="staging", client_id="...", client_secret="...") as c:
        ...     enrollments = c.enrollments.list("student-1")  # doctest: +SKIP
        ...     week = c.analytics.summary(email="ada@example.com")  # doctest: +SKIP
    """

    service_name = "edubridge"
    service_error = EdubridgeError
    service_version = __version__
    platform_paths = EDUBRIDGE_PATHS

    @staticmethod
    def default_auth(settings: ClientSettings) -> httpx.Auth:
        """The client-credentials flow of ``settings`` (one cached token per credentials)."""
        return ClientCredentialsAuth.from_settings(settings)

    def _bind_resources(self) -> None:
        api, base = self._api, self._paths.base
        self.enrollments = SyncEnrollments(api, base)
        """Enrollments: list, enroll, unenroll, reset goals and progress, default class."""
        self.analytics = SyncAnalytics(api, base)
        """Analytics: activity and weekly facts, enrollment facts, highest grade, summaries."""
        self.users = SyncUsers(api, base)
        """Users by role (Edubridge user shape)."""
        self.subject_tracks = SyncSubjectTracks(api, base)
        """Subject tracks: list, upsert, delete, groups."""
        self.applications = SyncApplications(api, base)
        """Applications and their usage metrics."""
        self.learning_reports = SyncLearningReports(api, base)
        """Learning reports: MAP profile, time saved."""
        self.progression = SyncProgression(api, base)
        """Progression: enqueue a placement flow, create a course, the lesson catalog."""
        self.caliper_ingest = SyncCaliperIngest(api, base)
        """The Edubridge Caliper ingest (``/edubridge/caliper/event``); not the Caliper service."""

    def _unsupported_message(self, settings: ClientSettings) -> str:
        return unsupported_message(settings.platform)

    @property
    def caliper(self) -> SyncCaliperIngest:
        """Deprecated name of `caliper_ingest` (easily mistaken for the Caliper service).

        Raises:
            DeprecationWarning: As a warning, when warnings are errors.
        """
        warnings.warn(
            "SyncEdubridgeClient.caliper is renamed caliper_ingest (it is Edubridge's ingest, not "
            "the Caliper service)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.caliper_ingest
