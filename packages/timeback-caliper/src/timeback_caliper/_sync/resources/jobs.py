# This file is generated from packages/timeback-caliper/src/timeback_caliper/_async/resources/jobs.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""``client.jobs``: the processing jobs Caliper sends create (wire contract section 6.1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from typing_extensions import TypedDict, Unpack

from timeback_caliper._models import Job
from timeback_common import RequestOptions

if TYPE_CHECKING:
    from timeback_caliper._sync.client import SyncCaliperClient

__all__ = ["SyncJobs", "JobWaitOptions"]


class JobWaitOptions(TypedDict, total=False):
    """The `RequestOptions` `SyncJobs.wait` takes for each poll (its ``timeout`` is the wait's).

    Attributes:
        max_retries: Retries of each poll (within the time left).
        extra_headers: Headers added to each poll.
        extra_query: Query parameters added to each poll.
    """

    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]


class SyncJobs:
    """Caliper processing jobs: ``client.jobs``."""

    def __init__(self, client: SyncCaliperClient) -> None:
        self._client = client

    def get(self, job_id: str, **options: Unpack[RequestOptions]) -> Job:
        """A job's current status (``GET /jobs/{jobId}/status``).

        Args:
            job_id: The id from a send (``receipt.job_ids``).
            **options: `RequestOptions`.

        Returns:
            The `Job` (``state``: ``waiting``, ``active``, ``completed`` or ``failed``).

        Raises:
            UnsupportedOperationError: The platform (LearnWith.AI) has no jobs.
            NotFoundError: No job has that id.
            APIError: Any other failure.

        Every error is also a `CaliperError`.
        """
        self._client._require_caliper_api("jobs.get")
        return self._client._get_job(self._client._api, job_id, options)

    def wait(
        self,
        job_id: str,
        *,
        timeout: float = 60.0,
        poll_interval: float = 0.5,
        **options: Unpack[JobWaitOptions],
    ) -> Job:
        """Poll a job until it completes, within a deadline that counts request time too.

        Args:
            job_id: The id from a send.
            timeout: Seconds for the whole wait, requests and retries included.
            poll_interval: Seconds between polls.
            **options: `JobWaitOptions` for each poll; each poll's own timeout and retries are
                cut to the time left.

        Returns:
            The completed `Job` (``return_value.results`` maps event ids to stored ids).

        Raises:
            JobFailedError: The job failed; ``reason`` holds the platform's ``failedReason``.
            JobTimeoutError: The deadline passed first (also a ``TimeoutError``).
            UnsupportedOperationError: The platform (LearnWith.AI) has no jobs.
            InputValidationError: ``timeout`` or ``poll_interval`` is out of range.
            APIError: A poll failed for another reason.

        Every error is also a `CaliperError`.

        Example:
            >>> receipt = client.events.send(sensor_id, events)
            >>> for job_id in receipt.job_ids:
            ...     client.jobs.wait(job_id, timeout=30)
        """
        return self._client._wait_for_job(
            job_id, timeout, poll_interval, cast(RequestOptions, options)
        )
