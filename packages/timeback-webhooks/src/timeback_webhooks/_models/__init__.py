"""Wire models of webhooks and webhook filters. Pure."""

from __future__ import annotations

from timeback_webhooks._models._filters import (
    FILTER_OPERATORS,
    FILTER_TYPES,
    FilterOperator,
    FilterType,
    WebhookFilter,
    WebhookFilterInput,
)
from timeback_webhooks._models._webhooks import Webhook, WebhookInput, WebhooksModel

__all__ = [
    "FILTER_OPERATORS",
    "FILTER_TYPES",
    "FilterOperator",
    "FilterType",
    "Webhook",
    "WebhookFilter",
    "WebhookFilterInput",
    "WebhookInput",
    "WebhooksModel",
]
