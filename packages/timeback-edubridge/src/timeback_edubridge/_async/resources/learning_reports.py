"""Learning reports (MAP profile, time saved and goals."""

from __future__ import annotations

from typing_extensions import Unpack

from timeback_common import RequestOptions, parse_model
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._models import GoalSnapshot, MapProfile, TimeSaved
from timeback_edubridge._parsing import parse_keyed

__all__ = ["AsyncLearningReports"]


class AsyncLearningReports(AsyncEndpointGroup):
    """``client.learning_reports``: reports about one learner."""

    async def map_profile(self, user_id: str, **options: Unpack[RequestOptions]) -> MapProfile:
        """The learner's NWEA MAP profile (RIT score, percentile, grade level, test date).

        Args:
            user_id: The learner's user ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The profile; members the platform adds are kept (``model_extra``).
        """
        response = await self._api.request(
            "GET", self._base + "/learning-reports/map-profile/{}", user_id, options=options
        )
        return parse_keyed(response, MapProfile)

    async def time_saved(self, user_id: str, **options: Unpack[RequestOptions]) -> TimeSaved:
        """School time the learner saved this school year, and how it was calculated.

        Args:
            user_id: The learner's user ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            Hours and days saved, school days elapsed, the dates they count from.
        """
        response = await self._api.request(
            "GET", self._base + "/time-saved/user/{}", user_id, options=options
        )
        return parse_keyed(response, TimeSaved)

    async def goals(self, student_id: str, **options: Unpack[RequestOptions]) -> GoalSnapshot:
        """The learner's per-subject goals and pace (``GET /goals/{studentId}/subjects``).

        This endpoint lives on the API host outside ``/edubridge`` and its answer is thinly
        documented: members beyond `SubjectGoal`'s are kept.

        Args:
            student_id: The learner's user ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            One entry per subject: daily XP goal, pacing, XP earned and projected.

        Raises:
            UnsupportedOperationError: The platform has no Edubridge (nor this endpoint).
        """
        response = await self._api.request("GET", "/goals/{}/subjects", student_id, options=options)
        return parse_model(GoalSnapshot, response.json(), response)
