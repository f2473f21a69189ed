"""Where the QTI service lives on each platform. Pure.

On both platforms the QTI paths start at the root of the service's URL: on Beyond-AI the QTI
host's URL (``https://qti.alpha-1edtech.ai/api`` in production) already ends in ``/api``; on
LearnWith.AI the QTI paths are at the root of the platform's one host.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from timeback_common import Platform

__all__ = ["QTI_PATHS", "QtiPaths"]


@dataclass(frozen=True)
class QtiPaths:
    """The QTI base path on one platform.

    Attributes:
        base: What every QTI path is appended to (``""``: the root of the QTI URL).
    """

    base: str


QTI_PATHS: Mapping[Platform, QtiPaths | None] = {
    "beyond-ai": QtiPaths(base=""),
    "learnwith-ai": QtiPaths(base=""),
}
