"""`CaliperClient`: the Caliper service, async.

The sync twin, ``SyncCaliperClient``, is generated from this file by ``scripts/unasync.py``.
Endpoints live in ``resources/`` (``client.events``, ``client.jobs``); events are sent through
``_posting.AsyncEventPoster``, which the buffered sender shares.
"""

from __future__ import annotations

from timeback_auth import ClientCredentialsAuth
from timeback_caliper._async._posting import AsyncEventPoster
from timeback_caliper._async.resources.events import AsyncEvents
from timeback_caliper._async.resources.jobs import AsyncJobs
from timeback_caliper._errors import CaliperError
from timeback_caliper._paths import CALIPER_PATHS, CaliperPaths
from timeback_caliper._version import __version__
from timeback_common import AsyncServiceClient

__all__ = ["CaliperClient"]


class CaliperClient(AsyncServiceClient[CaliperPaths]):
    """Client for Caliper 1.2 events with the Timeback profile.

    Configure it like every Timeback client: ``env=`` (environment mode), ``base_url=`` with
    ``auth_url=`` (one origin, e.g. the local emulator) or ``services=`` with ``auth_url=``;
    credentials from the arguments or ``TIMEBACK_CLIENT_ID`` / ``TIMEBACK_CLIENT_SECRET``.
    With ``platform="learnwith-ai"`` events are rewritten for that platform (its
    profile) on every path that sends them, and validate, listing and jobs, which that
    platform lacks, raise ``UnsupportedOperationError`` without sending anything.

    Attributes:
        events: Send, validate, list and get events (`AsyncEvents`).
        jobs: Read and wait for processing jobs (`AsyncJobs`).

    The constructor's arguments (configuration modes, ``settings=``, ``auth=``...) are those of
    every service client, documented on `AsyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also a
            `CaliperError`).

    Example:
        >>> async with CaliperClient(env="staging", client_id="...", client_secret="...") as c:
        ...     receipt = await c.events.send("https://reading.example.com", [event])
    """

    events: AsyncEvents
    jobs: AsyncJobs

    service_name = "caliper"
    service_error = CaliperError
    service_version = __version__
    platform_paths = CALIPER_PATHS

    # The client-credentials flow of the settings (one cached token per credentials).
    default_auth = staticmethod(ClientCredentialsAuth.from_settings)

    def _bind_resources(self) -> None:
        self.events = AsyncEvents(AsyncEventPoster(self._api, self._paths))
        self.jobs = AsyncJobs(self._api, self._paths)
