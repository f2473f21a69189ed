# This file is generated from packages/timeback-caliper/src/timeback_caliper/_async/client.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""`SyncCaliperClient`: the Caliper service, async.

The sync twin, ``SyncCaliperClient``, is generated from this file by ``scripts/unasync.py``.
Endpoints live in ``resources/`` (``client.events``, ``client.jobs``); events are sent through
``_posting.SyncEventPoster``, which the buffered sender shares.
"""

from __future__ import annotations

import httpx

from timeback_auth import ClientCredentialsAuth
from timeback_caliper._sync._posting import SyncEventPoster
from timeback_caliper._sync.resources.events import SyncEvents
from timeback_caliper._sync.resources.jobs import SyncJobs
from timeback_caliper._errors import CaliperError
from timeback_caliper._paths import CALIPER_PATHS, CaliperPaths
from timeback_caliper._version import __version__
from timeback_common import SyncServiceClient, ClientSettings

__all__ = ["SyncCaliperClient"]


class SyncCaliperClient(SyncServiceClient[CaliperPaths]):
    """Client for Caliper 1.2 events with the Timeback profile.

    Configure it like every Timeback client: ``env=`` (environment mode), ``base_url=`` with
    ``auth_url=`` (one origin, e.g. the local emulator) or ``services=`` with ``auth_url=``;
    credentials from the arguments or ``TIMEBACK_CLIENT_ID`` / ``TIMEBACK_CLIENT_SECRET``.
    With ``platform="learnwith-ai"`` events are rewritten for that platform (its
    profile) on every path that sends them, and validate, listing and jobs, which that
    platform lacks, raise ``UnsupportedOperationError`` without sending anything.

    Attributes:
        events: Send, validate, list and get events (`SyncEvents`).
        jobs: Read and wait for processing jobs (`SyncJobs`).

    The constructor's arguments (configuration modes, ``settings=``, ``auth=``...) are those of
    every service client, documented on `SyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also a
            `CaliperError`).

    Example:
        >>> with SyncCaliperClient(env="staging", client_id="...", client_secret="...") as c:
        ...     receipt = c.events.send("https://reading.example.com", [event])
    """

    events: SyncEvents
    jobs: SyncJobs

    service_name = "caliper"
    service_error = CaliperError
    service_version = __version__
    platform_paths = CALIPER_PATHS

    @staticmethod
    def default_auth(settings: ClientSettings) -> httpx.Auth:
        """The client-credentials flow of ``settings`` (one cached token per credentials)."""
        return ClientCredentialsAuth.from_settings(settings)

    def _bind_resources(self) -> None:
        self.events = SyncEvents(SyncEventPoster(self._api, self._paths))
        self.jobs = SyncJobs(self._api, self._paths)
