"""Where PowerPath lives on each platform. Pure.

LearnWith.AI has no PowerPath: there every call raises ``UnsupportedOperationError`` without
sending anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from timeback_common import Platform

__all__ = ["POWERPATH_PATHS", "PowerPathPaths"]


@dataclass(frozen=True)
class PowerPathPaths:
    """The PowerPath base path on one platform.

    Attributes:
        base: Where every PowerPath endpoint lives, on the API host.
    """

    base: str


POWERPATH_PATHS: Mapping[Platform, PowerPathPaths | None] = {
    "beyond-ai": PowerPathPaths(base="/powerpath"),
    "learnwith-ai": None,
}
