"""Subject tracks."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import EdubridgeModel, GradeText

__all__ = [
    "SubjectTrack",
    "SubjectTrackCourse",
    "SubjectTrackGroup",
    "SubjectTrackOrg",
    "SubjectTrackUpsert",
]


class SubjectTrackCourse(EdubridgeModel):
    """The course a track points to."""

    sourced_id: str | None = None
    title: str | None = None
    metadata: dict[str, Any] | None = None


class SubjectTrackOrg(EdubridgeModel):
    """The campus a track belongs to (absent for global tracks)."""

    sourced_id: str | None = None
    name: str | None = None


class SubjectTrack(EdubridgeModel):
    """Which course a subject and grade lead to, globally or for one campus."""

    id: str
    subject: str | None = None
    grade: GradeText | None = None
    course: SubjectTrackCourse | None = None
    org: SubjectTrackOrg | None = None


class SubjectTrackGroup(EdubridgeModel):
    """``GET E/subject-track/groups``: a named set of tracks (global or per campus)."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    tracks: list[SubjectTrack] = Field(default_factory=list)


class SubjectTrackUpsert(EdubridgeModel):
    """The body of ``PUT E/subject-track/`` (upsert keyed by subject + grade + org).

    Attributes:
        org_sourced_id: The campus; ``None`` for a global track. Sent as ``null`` when absent,
            as the official client does (the platform is known to accept that form).
    """

    subject: str
    grade: GradeText
    course_id: str
    org_sourced_id: str | None = None

    def to_body(self) -> dict[str, Any]:
        """``{"subject", "grade", "courseId", "orgSourcedId"}`` (``orgSourcedId`` may be null)."""
        return {
            "subject": self.subject,
            "grade": self.grade,
            "courseId": self.course_id,
            "orgSourcedId": self.org_sourced_id,
        }
