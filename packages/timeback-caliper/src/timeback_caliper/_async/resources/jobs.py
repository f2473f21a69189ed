"""``client.jobs``: the processing jobs Caliper sends create."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

from typing_extensions import TypedDict, Unpack

from timeback_caliper._errors import CaliperError, JobFailedError, JobTimeoutError
from timeback_caliper._jobs import bounded_timeout, check_wait_times, job_body, job_outcome
from timeback_caliper._models import Job
from timeback_caliper._paths import CaliperPaths
from timeback_common import (
    APIConnectionError,
    AsyncAPIClient,
    ErrorIssue,
    InputValidationError,
    RequestOptions,
    async_sleep,
    parse_model,
    service_error_class,
)

__all__ = ["AsyncJobs", "JobWaitOptions"]


class JobWaitOptions(TypedDict, total=False):
    """The `RequestOptions` `AsyncJobs.wait` takes for each poll (its ``timeout`` is the wait's).

    Attributes:
        max_retries: Retries of each poll (within the time left).
        extra_headers: Headers added to each poll.
        extra_query: Query parameters added to each poll.
    """

    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]


class AsyncJobs:
    """Caliper processing jobs: ``client.jobs``."""

    def __init__(self, api: AsyncAPIClient, paths: CaliperPaths) -> None:
        self._api = api
        self._paths = paths

    async def get(self, job_id: str, **options: Unpack[RequestOptions]) -> Job:
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
        self._paths.require_full_api("jobs.get")
        return await _get_job(self._api, job_id, options)

    async def wait(
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
            >>> receipt = await client.events.send(sensor_id, events)
            >>> for job_id in receipt.job_ids:
            ...     await client.jobs.wait(job_id, timeout=30)
        """
        self._paths.require_full_api("jobs.wait")
        check_wait_times(timeout, poll_interval)
        if not timeout > 0 or not poll_interval >= 0:
            cls = service_error_class(CaliperError, InputValidationError)
            raise cls(
                "timeout must be > 0 and poll_interval >= 0",
                [ErrorIssue(f"got timeout={timeout!r}, poll_interval={poll_interval!r}")],
            )
        request_options = cast(RequestOptions, options)
        started = time.monotonic()
        job: Job | None = None
        while True:
            remaining = timeout - (time.monotonic() - started)
            if remaining <= 0:
                raise JobTimeoutError(job, job_id, timeout)
            # The deadline counts request time: cut this poll's timeout and retry budget to it.
            api = self._api.with_options(
                retry_policy=replace(self._api.retry_policy, deadline=remaining)
            )
            poll_options = RequestOptions(**request_options)
            poll_options["timeout"] = bounded_timeout(api.timeout, remaining)
            try:
                job = await _get_job(api, job_id, poll_options)
            except APIConnectionError as exc:  # timeouts included
                if time.monotonic() - started >= timeout:
                    raise JobTimeoutError(job, job_id, timeout) from exc
                raise
            outcome = job_outcome(job)
            if outcome == "completed":
                return job
            if outcome == "failed":
                raise JobFailedError(job, job_id)
            remaining = timeout - (time.monotonic() - started)
            if remaining <= 0:
                raise JobTimeoutError(job, job_id, timeout)
            await async_sleep(min(poll_interval, remaining))


async def _get_job(api: AsyncAPIClient, job_id: str, options: RequestOptions) -> Job:
    response = await api.get("/jobs/{}/status", job_id, options=options)
    return parse_model(Job, job_body(response.json()), response)
