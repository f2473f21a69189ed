"""Pure decisions for reading and waiting on Caliper processing jobs.

A send may create a job (``jobId``) that moves ``waiting -> active -> completed`` (or
``failed``). ``jobs.wait`` polls it until it finishes or a deadline passes; the deadline counts
the time spent in requests, not only the sleeps between them, so each poll's own timeout and
retry budget are cut to what is left (`bounded_timeout`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

import httpx

from timeback_common import ErrorIssue, InputValidationError, short_repr

from ._errors import as_caliper_error
from ._models import Job

__all__ = ["JobOutcome", "bounded_timeout", "check_wait_times", "job_body", "job_outcome"]

JobOutcome = Literal["completed", "failed", "unfinished"]


def job_body(body: object) -> object:
    """The job object of a status answer: ``{"job": {...}}``, or the job unwrapped."""
    if isinstance(body, Mapping) and isinstance(body.get("job"), Mapping):
        return body["job"]
    return body


def job_outcome(job: Job) -> JobOutcome:
    """Whether a job completed, failed, or is still to finish.

    A job counts as failed when its ``state`` is ``failed`` or when it completed with a
    ``returnValue.status`` of ``error``; unknown states count as unfinished.
    """
    errored = job.return_value is not None and job.return_value.status == "error"
    if job.state == "failed" or (job.state == "completed" and errored):
        return "failed"
    if job.state == "completed":
        return "completed"
    return "unfinished"


def bounded_timeout(timeout: httpx.Timeout, remaining: float) -> httpx.Timeout:
    """``timeout`` with every phase cut to ``remaining`` seconds (a phase of None gets it too).

    Example:
        >>> bounded_timeout(httpx.Timeout(30.0, connect=5.0), 2.0)
        Timeout(timeout=2.0)
    """
    remaining = max(remaining, 0.001)

    def cut(value: float | None) -> float:
        return remaining if value is None else min(value, remaining)

    return httpx.Timeout(
        connect=cut(timeout.connect),
        read=cut(timeout.read),
        write=cut(timeout.write),
        pool=cut(timeout.pool),
    )


def check_wait_times(timeout: object, poll_interval: object) -> None:
    """Refuse a ``jobs.wait`` ``timeout`` or ``poll_interval`` that is not a finite number.

    Raises:
        InputValidationError: (also a `CaliperError`) naming the argument.
    """
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            message = f"{name} must be a number of seconds, not {short_repr(value)}"
            error = InputValidationError(message, [ErrorIssue(message=message, path=name)])
            raise as_caliper_error(error)
