# This file is generated from packages/timeback-caliper/tests/_async/test_jobs.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""``client.jobs``: read a job, wait for it within a deadline, surface a failed job's reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from timeback_caliper import (
    ActivityEvent,
    SyncCaliperClient,
    CaliperError,
    JobFailedError,
    JobTimeoutError,
)
from timeback_common import InputValidationError, NotFoundError
from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.timeback_emulator(seed=None)

SENSOR = "https://reading.example.com"


def test_get_reads_the_job_a_send_created(
    client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    receipt = client.events.send(SENSOR, [make_event()])

    job = client.jobs.get(receipt.job_ids[0])

    assert job.id == receipt.job_ids[0]
    assert job.state == "waiting"


def test_wait_returns_the_completed_job_with_an_id_for_every_event(
    client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    events = [make_event() for _ in range(3)]
    receipt = client.events.send(SENSOR, events)

    job = client.jobs.wait(receipt.job_ids[0], poll_interval=0.01)

    assert job.state == "completed"
    assert job.is_finished
    assert job.return_value is not None
    assert [r.external_id for r in job.return_value.results] == [e.id for e in events]
    assert all(r.allocated_id for r in job.return_value.results)


def test_wait_raises_job_failed_with_the_platforms_reason(
    emu: InProcessEmulator, client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    emu.fail_next_jobs(1, reason="schema registry unavailable")
    receipt = client.events.send(SENSOR, [make_event()])

    with pytest.raises(JobFailedError) as raised:
        client.jobs.wait(receipt.job_ids[0], poll_interval=0.01)

    error = raised.value
    assert isinstance(error, CaliperError)
    assert error.reason == "schema registry unavailable"
    assert error.job_id == receipt.job_ids[0]
    assert error.job.state == "failed"
    assert "schema registry unavailable" in str(error)


@pytest.mark.timeback_emulator(seed=None, job_polls=100_000)
def test_wait_gives_up_at_the_deadline_with_the_last_state_seen(
    client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    receipt = client.events.send(SENSOR, [make_event()])

    with pytest.raises(JobTimeoutError) as raised:
        client.jobs.wait(receipt.job_ids[0], timeout=0.2, poll_interval=0.02)

    error = raised.value
    assert isinstance(error, CaliperError)
    assert isinstance(error, TimeoutError)
    assert error.job is not None
    assert error.job.state == "waiting"


def test_wait_counts_request_time_against_its_deadline(
    emu: InProcessEmulator, client: SyncCaliperClient, make_event: Callable[..., ActivityEvent]
) -> None:
    # given polls that each take longer than the whole deadline
    receipt = client.events.send(SENSOR, [make_event()])
    emu.add_fault(path_prefix="/jobs", latency_ms=150, count=None)

    # then the first poll's answer ("waiting") arrives past the deadline: no second poll
    with pytest.raises(JobTimeoutError):
        client.jobs.wait(receipt.job_ids[0], timeout=0.1, poll_interval=0)

    assert emu.request_count("GET", "/jobs/{jobId}/status") == 1


def test_get_of_an_unknown_job_raises_not_found(client: SyncCaliperClient) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.jobs.get("no-such-job")

    assert isinstance(raised.value, CaliperError)


@pytest.mark.parametrize(("timeout", "poll_interval"), [(0, 1.0), (-1, 1.0), (5, -1)])
def test_wait_refuses_a_bad_deadline(
    client: SyncCaliperClient, timeout: float, poll_interval: float
) -> None:
    with pytest.raises(InputValidationError) as raised:
        client.jobs.wait("job", timeout=timeout, poll_interval=poll_interval)

    assert isinstance(raised.value, CaliperError)
