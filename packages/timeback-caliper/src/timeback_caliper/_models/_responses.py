"""Bodies the Caliper service answers with: send results, stored events, jobs.

All tolerant: every member is optional and unknown members are kept, because these shapes rest
on thin sources and differ between the Caliper host and Edubridge.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import CaliperModel

__all__ = [
    "CaliperSendResult",
    "EventListPagination",
    "Job",
    "JobEventResult",
    "JobReturnValue",
    "StoredEvent",
    "StoredEventList",
]


class CaliperSendResult(CaliperModel):
    """The answer to a send or validate.

    The Caliper host answers ``{"status": "success", "message", "errors"?}`` and may add a
    ``jobId``; Edubridge's ``/edubridge/caliper/event`` answers ``{"success", "message"}``.

    Attributes:
        job_id: The processing job, when the platform created one (``None`` otherwise).
    """

    status: str | None = None
    success: bool | None = None
    message: str | None = None
    errors: Any = None
    job_id: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the platform reported success in either shape."""
        return self.status == "success" or self.success is True


class StoredEvent(CaliperModel):
    """An event as the platform stored it (``GET /caliper/events``).

    Attributes:
        id: The platform's internal integer id.
        external_id: The event's own ``urn:uuid:`` id (``externalId``).
        created_at: ``created_at`` on the wire (snake_case, as the platform sends it).
    """

    id: int | str | None = None
    external_id: str | None = None
    sensor: str | None = None
    type: str | None = None
    profile: str | None = None
    action: str | None = None
    event_time: str | None = None
    send_time: str | None = None
    created_at: str | None = Field(default=None, alias="created_at")
    updated_at: str | None = Field(default=None, alias="updated_at")
    deleted_at: str | None = Field(default=None, alias="deleted_at")
    actor: Any = None
    object: Any = None
    generated: Any = None
    target: Any = None
    referrer: Any = None
    ed_app: Any = None
    group: Any = None
    membership: Any = None
    session: Any = None
    federated_session: Any = None
    extensions: Any = None
    client_app_id: str | None = None


class EventListPagination(CaliperModel):
    """``pagination`` of ``GET /caliper/events``; ``current_page`` is 1-based."""

    total: int | None = None
    total_pages: int | None = None
    current_page: int | None = None
    limit: int | None = None


class StoredEventList(CaliperModel):
    """One page of ``GET /caliper/events``."""

    events: list[StoredEvent] = Field(default_factory=list)
    pagination: EventListPagination | None = None


class JobEventResult(CaliperModel):
    """Maps an event's ``externalId`` (its ``urn:uuid``) to the platform's ``allocatedId``."""

    allocated_id: str | int | None = None
    external_id: str | None = None


class JobReturnValue(CaliperModel):
    """``returnValue`` of a job: ``status`` is ``success`` or ``error``."""

    status: str | None = None
    results: list[JobEventResult] = Field(default_factory=list)


class Job(CaliperModel):
    """A processing job (``GET /jobs/{id}/status``).

    Attributes:
        state: ``waiting``, ``active``, ``completed`` or ``failed`` (others tolerated).
        failed_reason: ``failedReason``, when the platform gives one (undocumented).
    """

    id: str | int | None = None
    state: str | None = None
    return_value: JobReturnValue | None = None
    processed_on: int | float | str | None = None
    failed_reason: str | None = None

    @property
    def is_finished(self) -> bool:
        """Whether the job reached ``completed`` or ``failed``."""
        return self.state in ("completed", "failed")
