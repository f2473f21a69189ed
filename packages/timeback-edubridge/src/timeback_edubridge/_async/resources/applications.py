"""Applications and their usage metrics."""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._models import Application, ApplicationMetrics
from timeback_edubridge._parsing import parse_keyed, parse_keyed_list

__all__ = ["AsyncApplications"]


class AsyncApplications(AsyncEndpointGroup):
    """``client.applications``: the learning applications and how they are used."""

    async def list(self, **options: Unpack[RequestOptions]) -> builtins.list[Application]:
        """Every application (one request; the endpoint does not page).

        Args:
            **options: Per-call `RequestOptions`.

        Returns:
            The applications, with their domains.
        """
        response = await self._api.request("GET", self._base + "/applications/", options=options)
        return parse_keyed_list(response, Application, "applications")

    async def metrics(
        self, application_sourced_id: str, **options: Unpack[RequestOptions]
    ) -> ApplicationMetrics:
        """Usage of one application: users, active users, sessions, average session length.

        Args:
            application_sourced_id: The application's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The metrics.
        """
        response = await self._api.request(
            "GET", self._base + "/applicationMetrics/{}", application_sourced_id, options=options
        )
        return parse_keyed(response, ApplicationMetrics)
