"""Subject tracks: which course a subject and grade lead to."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._models import SubjectTrack, SubjectTrackGroup, SubjectTrackUpsert
from timeback_edubridge._params import subject_track_body
from timeback_edubridge._parsing import parse_keyed, parse_keyed_list

__all__ = ["AsyncSubjectTracks"]


class AsyncSubjectTracks(AsyncEndpointGroup):
    """``client.subject_tracks``: global and per-campus subject tracks."""

    async def list(self, **options: Unpack[RequestOptions]) -> builtins.list[SubjectTrack]:
        """Every subject track (one request; the endpoint does not page).

        Args:
            **options: Per-call `RequestOptions`.

        Returns:
            The tracks, global ones without ``org``.
        """
        response = await self._api.request("GET", self._base + "/subject-track/", options=options)
        return parse_keyed_list(response, SubjectTrack, "subjectTrack")

    async def upsert(
        self,
        track: SubjectTrackUpsert | Mapping[str, Any] | None = None,
        *,
        subject: str | None = None,
        grade: str | int | None = None,
        course_id: str | None = None,
        org_sourced_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SubjectTrack:
        """Create or replace the track of a subject and grade (globally, or for one campus).

        The platform keys tracks by subject + grade + org and derives the id. Safe to repeat.

        Args:
            track: The whole track as a `SubjectTrackUpsert` or dict (instead of keywords).
            subject: The subject, e.g. ``"Math"``.
            grade: The grade level (``"3"``; numbers are converted).
            course_id: The course the track leads to.
            org_sourced_id: The campus; None for a global track (sent as ``null``).
            **options: Per-call `RequestOptions`.

        Returns:
            The stored track.

        Raises:
            InputValidationError: A required member is missing, or the track was given both
                ways; nothing was sent.
        """
        body = subject_track_body(
            track, subject=subject, grade=grade, course_id=course_id, org_sourced_id=org_sourced_id
        )
        response = await self._api.request(
            "PUT", self._base + "/subject-track/", json=body, options=options
        )
        return parse_keyed(response, SubjectTrack, "subjectTrack")

    async def delete(self, track_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a subject track.

        Args:
            track_id: The track's id (as returned by `list` or `upsert`).
            **options: Per-call `RequestOptions`.
        """
        await self._api.request(
            "DELETE", self._base + "/subject-track/{}", track_id, options=options
        )

    async def groups(self, **options: Unpack[RequestOptions]) -> builtins.list[SubjectTrackGroup]:
        """The tracks grouped: one global group and one group per campus.

        Args:
            **options: Per-call `RequestOptions`.

        Returns:
            The groups, each with its tracks.
        """
        response = await self._api.request(
            "GET", self._base + "/subject-track/groups", options=options
        )
        return parse_keyed_list(response, SubjectTrackGroup, "groups")
