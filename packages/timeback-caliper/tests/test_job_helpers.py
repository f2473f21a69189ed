"""Pure helpers of ``jobs.wait``: reading the job, its outcome, cutting timeouts to a deadline."""

from __future__ import annotations

import httpx
import pytest

from timeback_caliper import Job
from timeback_caliper._jobs import bounded_timeout, job_body, job_outcome


def test_job_body_accepts_the_wrapped_and_the_bare_job() -> None:
    assert job_body({"job": {"id": "j"}}) == {"id": "j"}
    assert job_body({"id": "j", "state": "active"}) == {"id": "j", "state": "active"}


@pytest.mark.parametrize(
    ("job", "outcome"),
    [
        ({"state": "completed", "returnValue": {"status": "success"}}, "completed"),
        ({"state": "completed"}, "completed"),
        ({"state": "completed", "returnValue": {"status": "error"}}, "failed"),
        ({"state": "failed", "failedReason": "boom"}, "failed"),
        ({"state": "waiting"}, "unfinished"),
        ({"state": "delayed"}, "unfinished"),
        ({}, "unfinished"),
    ],
)
def test_job_outcome(job: dict[str, object], outcome: str) -> None:
    assert job_outcome(Job.model_validate(job)) == outcome


def test_bounded_timeout_cuts_every_phase_to_the_time_left() -> None:
    cut = bounded_timeout(httpx.Timeout(30.0, connect=5.0, pool=None), 2.0)

    assert (cut.connect, cut.read, cut.write, cut.pool) == (2.0, 2.0, 2.0, 2.0)
    kept = bounded_timeout(httpx.Timeout(30.0, connect=1.0), 10.0)
    assert (kept.connect, kept.read) == (1.0, 10.0)
    assert bounded_timeout(httpx.Timeout(None), -1.0).read == 0.001
