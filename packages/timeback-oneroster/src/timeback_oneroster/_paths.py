"""Where the three OneRoster APIs live on each platform, and its filter limits. Pure.

Paths are relative to the service's origin; endpoint paths (``/users/{}``) are added to them
in the resource methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from timeback_common import Platform

__all__ = ["ONEROSTER_PATHS", "Api", "OneRosterPaths"]

Api = Literal["rostering", "gradebook", "resources"]
"""The three OneRoster APIs, each under its own base path."""


@dataclass(frozen=True)
class OneRosterPaths:
    """The base paths of the OneRoster APIs on one platform.

    Attributes:
        rostering: Rostering base path.
        gradebook: Gradebook base path.
        resources: Resources base path.
        strict_filters: Whether filters are limited to two predicates without an AND/OR mix.
    """

    rostering: str
    gradebook: str
    resources: str
    strict_filters: bool

    def base(self, api: Api) -> str:
        """The base path of ``api``.

        Example:
            >>> ONEROSTER_PATHS["learnwith-ai"].base("gradebook")
            '/gradebook/1.0'
        """
        if api == "rostering":
            return self.rostering
        if api == "gradebook":
            return self.gradebook
        return self.resources


ONEROSTER_PATHS: Mapping[Platform, OneRosterPaths] = {
    "beyond-ai": OneRosterPaths(
        rostering="/ims/oneroster/rostering/v1p2",
        gradebook="/ims/oneroster/gradebook/v1p2",
        resources="/ims/oneroster/resources/v1p2",
        strict_filters=False,
    ),
    "learnwith-ai": OneRosterPaths(
        rostering="/rostering/1.0",
        gradebook="/gradebook/1.0",
        resources="/resources/1.0",
        strict_filters=True,
    ),
}
