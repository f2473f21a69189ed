"""Learning reports (wire contract 5.2 #18-#19): a learner's MAP profile and time saved."""

from __future__ import annotations

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_edubridge._async.resources._base import AsyncResource
from timeback_edubridge._models import MapProfile, TimeSaved
from timeback_edubridge._parsing import parse_keyed

__all__ = ["AsyncLearningReports"]


class AsyncLearningReports(AsyncResource):
    """``client.learning_reports``: reports about one learner."""

    async def map_profile(self, user_id: str, **options: Unpack[RequestOptions]) -> MapProfile:
        """The learner's NWEA MAP profile (RIT score, percentile, grade level, test date).

        Args:
            user_id: The learner's user ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The profile; members the platform adds are kept (``model_extra``).

        Raises:
            NotFoundError: Unknown user.
            UnsupportedOperationError: The platform has no Edubridge.
        """
        response = await self._client._request(
            "GET", "/learning-reports/map-profile/{}", user_id, options=options
        )
        return parse_keyed(response, MapProfile)

    async def time_saved(self, user_id: str, **options: Unpack[RequestOptions]) -> TimeSaved:
        """School time the learner saved this school year, and how it was calculated.

        Args:
            user_id: The learner's user ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            Hours and days saved, school days elapsed, the dates they count from.

        Raises:
            NotFoundError: Unknown user.
            UnsupportedOperationError: The platform has no Edubridge.
        """
        response = await self._client._request(
            "GET", "/time-saved/user/{}", user_id, options=options
        )
        return parse_keyed(response, TimeSaved)
