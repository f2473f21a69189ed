"""Where Edubridge lives on each platform. Pure.

LearnWith.AI has no Edubridge: there every call raises ``UnsupportedOperationError`` without
sending anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from timeback_common import Platform

__all__ = ["EDUBRIDGE_PATHS", "EdubridgePaths"]


@dataclass(frozen=True)
class EdubridgePaths:
    """The Edubridge base path on one platform.

    Attributes:
        base: Where every Edubridge endpoint lives (the goals endpoint is on the host root).
    """

    base: str


EDUBRIDGE_PATHS: Mapping[Platform, EdubridgePaths | None] = {
    "beyond-ai": EdubridgePaths(base="/edubridge"),
    "learnwith-ai": None,
}
