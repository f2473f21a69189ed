"""Timeback webhooks: manage webhooks and filters, verify deliveries, receive them once.

- `WebhooksClient` / `SyncWebhooksClient`: ``client.webhooks`` (list, get, create, update,
  delete, activate, deactivate) and ``client.webhooks.filters``, on the Caliper host
  (Beyond-AI only);
- `verify_webhook`: check a delivery's signature over the raw bytes and parse it, with
  pluggable schemes (`StandardWebhooks`, the default, and `HexSignature`); neither is confirmed
  as the platform's production scheme;
- `WebhookReceiver`: an ASGI application that verifies deliveries and runs a handler once per
  delivery id (`MemorySeenStore`, `SQLiteSeenStore`), and `handle_delivery`, its core for
  Flask, Django and other WSGI applications.
"""

from __future__ import annotations

from timeback_webhooks._async.client import WebhooksClient
from timeback_webhooks._async.resources.filters import AsyncWebhookFilters
from timeback_webhooks._async.resources.webhooks import AsyncWebhooks
from timeback_webhooks._errors import SeenStoreError, WebhooksError, WebhookVerificationError
from timeback_webhooks._models import (
    FILTER_OPERATORS,
    FILTER_TYPES,
    FilterOperator,
    FilterType,
    Webhook,
    WebhookFilter,
    WebhookFilterInput,
    WebhookInput,
)
from timeback_webhooks._receiver import DeliveryHandler, WebhookReceiver, handle_delivery
from timeback_webhooks._seen import MemorySeenStore, SeenStore, SQLiteSeenStore
from timeback_webhooks._sync.client import SyncWebhooksClient
from timeback_webhooks._sync.resources.filters import SyncWebhookFilters
from timeback_webhooks._sync.resources.webhooks import SyncWebhooks
from timeback_webhooks._verify import (
    HexSignature,
    SecretsType,
    SignatureScheme,
    SignedHeaders,
    StandardWebhooks,
    WebhookDelivery,
    verify_webhook,
)
from timeback_webhooks._version import __version__

__all__ = [
    "FILTER_OPERATORS",
    "FILTER_TYPES",
    "AsyncWebhookFilters",
    "AsyncWebhooks",
    "DeliveryHandler",
    "FilterOperator",
    "FilterType",
    "HexSignature",
    "MemorySeenStore",
    "SQLiteSeenStore",
    "SecretsType",
    "SeenStore",
    "SeenStoreError",
    "SignatureScheme",
    "SignedHeaders",
    "StandardWebhooks",
    "SyncWebhookFilters",
    "SyncWebhooks",
    "SyncWebhooksClient",
    "Webhook",
    "WebhookDelivery",
    "WebhookFilter",
    "WebhookFilterInput",
    "WebhookInput",
    "WebhookReceiver",
    "WebhookVerificationError",
    "WebhooksClient",
    "WebhooksError",
    "__version__",
    "handle_delivery",
    "verify_webhook",
]
