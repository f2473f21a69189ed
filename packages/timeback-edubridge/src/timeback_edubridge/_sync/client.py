# This file is generated from packages/timeback-edubridge/src/timeback_edubridge/_async/client.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""`SyncEdubridgeClient`: the async client of Timeback Edubridge (wire contract section 5).

The sync twin, ``SyncEdubridgeClient`` in ``timeback_edubridge._sync.client``, is generated from
this file by ``scripts/unasync.py``; edit this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx
from typing_extensions import Self

from timeback_auth import ClientCredentialsAuth
from timeback_common import (
    DEFAULT_TIMEOUT,
    APIResponse,
    SyncAPIClient,
    ClientSettings,
    QueryParams,
    RequestOptions,
    TimeoutTypes,
    resolve_settings,
)
from timeback_edubridge._sync.resources.analytics import SyncAnalytics
from timeback_edubridge._sync.resources.applications import SyncApplications
from timeback_edubridge._sync.resources.caliper import SyncCaliperIngest
from timeback_edubridge._sync.resources.enrollments import SyncEnrollments
from timeback_edubridge._sync.resources.learning_reports import SyncLearningReports
from timeback_edubridge._sync.resources.progression import SyncProgression
from timeback_edubridge._sync.resources.subject_tracks import SyncSubjectTracks
from timeback_edubridge._sync.resources.users import SyncUsers
from timeback_edubridge._errors import EdubridgeError, unsupported_error
from timeback_edubridge._version import __version__

__all__ = ["SyncEdubridgeClient"]

_NOT_GIVEN: Any = object()


class SyncEdubridgeClient:
    """Async client of Timeback Edubridge: enrollments, analytics, users, subject tracks, apps.

    Resources are attributes: `enrollments`, `analytics`, `users`, `subject_tracks`,
    `applications`, `learning_reports`, `progression` and `caliper` (the Edubridge Caliper
    ingest). Every error it raises is an `EdubridgeError` (and a class of the shared tree, such
    as ``NotFoundError``). On the LearnWith.AI platform, which has no Edubridge, every call
    raises ``UnsupportedOperationError`` without sending anything.

    Example:
        >>> with SyncEdubridgeClient(env="staging", client_id="...", client_secret="...") as c:
        ...     enrollments = c.enrollments.list("student-1")  # doctest: +SKIP
        ...     week = c.analytics.summary(email="ada@example.com")  # doctest: +SKIP
    """

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
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        settings: ClientSettings | None = None,
        auth: httpx.Auth | None = None,
    ) -> None:
        """Create a client; nothing is sent until the first call.

        Args:
            env: ``"staging"`` or ``"production"`` (environment mode; default
                ``TIMEBACK_ENV``).
            platform: ``"beyond-ai"`` (default) or ``"learnwith-ai"`` (no Edubridge there).
            base_url: One origin for every service (base URL mode, e.g. the emulator).
            auth_url: The OAuth2 token URL (alias ``token_url``).
            token_url: Same as ``auth_url``.
            services: Base URL per service (explicit services mode), e.g.
                ``{"edubridge": "https://api.example.com"}``.
            client_id: OAuth2 client id (default ``TIMEBACK_CLIENT_ID``).
            client_secret: OAuth2 client secret (default ``TIMEBACK_CLIENT_SECRET``).
            scope: Token scope (default: the platform's).
            timeout: Default timeout: seconds, an `httpx.Timeout`, or None for none.
            max_retries: Retries after a failed attempt (default 2).
            default_headers: Headers sent with every request.
            http_client: An httpx client (connection pool) to share; not closed by `close`.
            transport: A transport for the pool created here (tests, the emulator).
            settings: Resolved settings (the umbrella ``SyncTimebackClient`` passes its own); the
                configuration arguments above are then ignored.
            auth: The auth flow to use (the umbrella client passes its shared one); by default
                a ``ClientCredentialsAuth`` for the settings' credentials.

        Raises:
            ConfigurationError: Missing or contradictory configuration (the message names the
                argument and the environment variable), no Edubridge URL configured, or both
                ``http_client`` and ``transport``.
        """
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
        self._settings = settings
        if auth is None:
            auth = ClientCredentialsAuth.from_settings(settings)
        # No base client (and no pool) on a platform without Edubridge: every call raises
        # UnsupportedOperationError before it would need one.
        self._api: SyncAPIClient | None = None
        if settings.paths.edubridge is not None:
            self._api = SyncAPIClient(
                base_url=settings.url("edubridge"),
                auth=auth,
                service_name="edubridge",
                service_version=__version__,
                service_error=EdubridgeError,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                http_client=http_client,
                transport=transport,
            )
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.enrollments = SyncEnrollments(self)
        """Enrollments: list, enroll, unenroll, reset goals and progress, default class."""
        self.analytics = SyncAnalytics(self)
        """Analytics: activity and weekly facts, enrollment facts, highest grade, summaries."""
        self.users = SyncUsers(self)
        """Users by role (Edubridge user shape)."""
        self.subject_tracks = SyncSubjectTracks(self)
        """Subject tracks: list, upsert, delete, groups."""
        self.applications = SyncApplications(self)
        """Applications and their usage metrics."""
        self.learning_reports = SyncLearningReports(self)
        """Learning reports: MAP profile, time saved."""
        self.progression = SyncProgression(self)
        """Progression: enqueue a placement flow, create a course, the lesson catalog."""
        self.caliper = SyncCaliperIngest(self)
        """The Edubridge Caliper ingest (``E/caliper/event``)."""

    @property
    def settings(self) -> ClientSettings:
        """The resolved configuration (platform, URLs, credentials; the secret is not shown)."""
        return self._settings

    @property
    def is_supported(self) -> bool:
        """Whether the configured platform offers Edubridge (False on LearnWith.AI)."""
        return self._api is not None

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
            default_headers: Headers merged over the current ones.

        Returns:
            The copy; closing it does not close the shared pool.

        Raises:
            ConfigurationError: ``max_retries`` is negative.
        """
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        if self._api is not None:
            changes: dict[str, Any] = {
                "max_retries": max_retries,
                "default_headers": default_headers,
            }
            if timeout is not _NOT_GIVEN:
                changes["timeout"] = timeout
            clone._api = self._api.with_options(**changes)
        clone._bind_resources()
        return clone

    def _request(
        self,
        method: str,
        path: str,
        *ids: str,
        params: QueryParams | None = None,
        json: Any = None,
        options: RequestOptions | None = None,
        under_base_path: bool = True,
    ) -> APIResponse:
        """Send one Edubridge operation; ``path`` is relative to the Edubridge base path, or to
        the API host's root when ``under_base_path`` is False (the goals endpoint, #24).

        Raises:
            UnsupportedOperationError: The platform has no Edubridge; nothing was sent.
            TimebackError: Whatever the base client raises (all also `EdubridgeError`).
        """
        prefix = self._settings.paths.edubridge
        if self._api is None or prefix is None:
            raise unsupported_error(self._settings.platform)
        full_path = prefix + path if under_base_path else path
        return self._api.request(
            method, full_path, *ids, params=params, json=json, options=options
        )

    def close(self) -> None:
        """Close the connection pool if this client created it (a shared one stays open)."""
        if self._api is not None:
            self._api.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self._api.base_url if self._api is not None else "unsupported"
        return f"{type(self).__name__}(platform={self._settings.platform!r}, base_url={where!r})"
