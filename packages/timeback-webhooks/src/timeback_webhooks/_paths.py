"""Where webhooks live on each platform. Pure.

Webhooks are served from the Caliper host on Beyond-AI; LearnWith.AI has none, so there every
call raises ``UnsupportedOperationError`` without sending anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from timeback_common import Platform

__all__ = ["WEBHOOKS_PATHS", "WebhooksPaths"]


@dataclass(frozen=True)
class WebhooksPaths:
    """The webhook base paths on one platform.

    Attributes:
        webhooks: Where webhooks are managed.
        filters: Where webhook filters are managed.
    """

    webhooks: str
    filters: str


WEBHOOKS_PATHS: Mapping[Platform, WebhooksPaths | None] = {
    "beyond-ai": WebhooksPaths(webhooks="/webhooks", filters="/webhook-filters"),
    "learnwith-ai": None,
}
