"""`WebhooksClient`: manage webhooks and their filters, async.

The sync twin, ``SyncWebhooksClient``, is generated from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

from timeback_auth import ClientCredentialsAuth
from timeback_common import AsyncServiceClient
from timeback_webhooks._async.resources.webhooks import AsyncWebhooks
from timeback_webhooks._errors import WebhooksError
from timeback_webhooks._paths import WEBHOOKS_PATHS, WebhooksPaths
from timeback_webhooks._version import __version__

__all__ = ["WebhooksClient"]


class WebhooksClient(AsyncServiceClient[WebhooksPaths]):
    """Client of Timeback webhooks (served from the Caliper host, Beyond-AI only).

    Configure it like every Timeback client: ``env=`` (environment mode, the Caliper host),
    ``base_url=`` with ``auth_url=`` (one origin, e.g. the local emulator) or
    ``services={"webhooks": ...}`` with ``auth_url=``. On the LearnWith.AI platform, which has
    no webhooks, every call raises ``UnsupportedOperationError`` without sending anything.

    Attributes:
        webhooks: Register, read, change and remove webhooks; ``webhooks.filters`` for their
            filters (`AsyncWebhooks`).

    The constructor's arguments are those of every service client, documented on
    `AsyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also a
            `WebhooksError`).

    Example:
        >>> async with WebhooksClient(env="staging", client_id="...", client_secret="...") as c:
        ...     hook = await c.webhooks.create(  # doctest: +SKIP
        ...         name="grades", target_url="https://example.com/hook", secret="s3cret"
        ...     )
    """

    webhooks: AsyncWebhooks

    service_name = "webhooks"
    service_error = WebhooksError
    service_version = __version__
    platform_paths = WEBHOOKS_PATHS

    default_auth = staticmethod(ClientCredentialsAuth.from_settings)

    def _bind_resources(self) -> None:
        self.webhooks = AsyncWebhooks(self._api, self._paths)
