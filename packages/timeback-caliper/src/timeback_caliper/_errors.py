"""Errors of the Caliper client.

Every error a public method of ``timeback_caliper`` raises is a `CaliperError`. Errors of the
shared tree (``timeback_common``) arrive as combined classes that are both: a 400 is a
``BadRequestError`` *and* a `CaliperError`, a rejected argument an ``InputValidationError`` *and*
a `CaliperError`. Five situations have no counterpart in the shared tree and get their own
classes here::

    TimebackError
    └── CaliperError                  root of everything this package raises
        ├── (combined) CaliperBadRequestError, CaliperInputValidationError, ...
        ├── JobFailedError            a processing job ended ``failed``; ``reason`` says why
        ├── JobTimeoutError           ``jobs.wait`` ran out of time (also a ``TimeoutError``)
        ├── BufferFullError           ``emit`` found the sender's buffer full for too long
        ├── SenderClosedError         ``emit`` on a closed sender
        └── SpoolError                the spool file could not be read or written (disk full)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeback_common import TimebackError, as_service_error

if TYPE_CHECKING:
    from ._models import Job

__all__ = [
    "BufferFullError",
    "CaliperError",
    "JobFailedError",
    "JobTimeoutError",
    "SenderClosedError",
    "SpoolError",
    "as_caliper_error",
]


class CaliperError(TimebackError):
    """Root of every error raised by the Caliper client."""


class JobFailedError(CaliperError):
    """A Caliper processing job ended ``failed`` (or its result says ``error``).

    Attributes:
        job: The job as last read from the platform.
        job_id: Its id.
        reason: The platform's failure reason (``failedReason``), when it gave one.
    """

    def __init__(self, job: Job, job_id: str) -> None:
        reason = job.failed_reason
        super().__init__(
            f"Caliper job {job_id} failed" + (f": {reason}" if reason else " (no reason given)")
        )
        self.job = job
        self.job_id = job_id
        self.reason = reason


class JobTimeoutError(CaliperError, TimeoutError):
    """A job did not finish before the deadline given to ``jobs.wait`` (request time included).

    Attributes:
        job: The job as last read (None when not even one poll finished in time).
        job_id: Its id.
        timeout: The deadline, in seconds.
    """

    def __init__(self, job: Job | None, job_id: str, timeout: float) -> None:
        state = job.state if job is not None else None
        super().__init__(
            f"Caliper job {job_id} did not finish within {timeout:g} s"
            + (f" (last state: {state})" if state else "")
        )
        self.job = job
        self.job_id = job_id
        self.timeout = timeout


class BufferFullError(CaliperError):
    """A buffered sender could not take an event: its buffer stayed full for ``block_timeout``.

    The event was not accepted; the caller still holds it and may emit it again later.

    Attributes:
        pending: Events waiting for delivery when the sender gave up.
    """

    def __init__(self, message: str, *, pending: int) -> None:
        super().__init__(message)
        self.pending = pending


class SenderClosedError(CaliperError):
    """``emit`` (or ``flush``) was called on a buffered sender that is closed."""


class SpoolError(CaliperError):
    """A buffered sender's spool file could not be written or read (disk full, I/O error).

    Raised by ``emit`` when the event could not be stored (it was then not accepted); in the
    background worker the failure is logged and the operation retried.
    """


def as_caliper_error(exc: TimebackError) -> CaliperError:
    """``exc`` as an instance of `CaliperError` and of its own class (`as_service_error`)."""
    return as_service_error(exc, CaliperError)  # type: ignore[return-value]
