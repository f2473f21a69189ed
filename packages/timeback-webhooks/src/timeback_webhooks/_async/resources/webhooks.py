"""``client.webhooks``: register, read, change and remove webhooks."""

from __future__ import annotations

import builtins
from functools import partial
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, RequestOptions, validate_input
from timeback_webhooks._async.resources._base import AsyncEndpointGroup
from timeback_webhooks._async.resources.filters import AsyncWebhookFilters
from timeback_webhooks._errors import WebhooksError
from timeback_webhooks._models import Webhook, WebhookInput
from timeback_webhooks._paths import WebhooksPaths

__all__ = ["AsyncWebhooks"]


class AsyncWebhooks(AsyncEndpointGroup[Webhook]):
    """Webhooks: where the platform POSTs matching Caliper events.

    Attributes:
        filters: The filters deciding which events a webhook receives (`AsyncWebhookFilters`).

    What every method may raise is described on `AsyncEndpointGroup`.

    Args:
        api: The client's base API client (pool, auth, retries, typed errors).
        paths: The webhook base paths on the configured platform.
    """

    _model = Webhook
    _key = "webhook"

    def __init__(self, api: AsyncAPIClient, paths: WebhooksPaths) -> None:
        super().__init__(api, paths.webhooks)
        self.filters = AsyncWebhookFilters(api, paths)

    async def list(
        self, sensor: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[Webhook]:
        """Every webhook, or those of one sensor.

        Args:
            sensor: Only webhooks registered for this sensor.
            **options: Per-call `RequestOptions`.

        Returns:
            The webhooks (secrets hidden in reprs).

        Raises:
            WebhooksError: The request failed.
        """
        params = {"sensor": sensor} if sensor is not None else None
        return await self._all(self._base + "/", options, params)

    async def get(self, webhook_id: str, **options: Unpack[RequestOptions]) -> Webhook:
        """One webhook.

        Args:
            webhook_id: The webhook's id.
            **options: Per-call `RequestOptions`.

        Returns:
            The webhook.

        Raises:
            InputValidationError: ``webhook_id`` is empty (nothing was sent).
            NotFoundError: No such webhook.
        """
        return await self._one("GET", self._base + "/{}", options, webhook_id=webhook_id)

    async def create(
        self,
        *,
        name: str,
        target_url: str,
        secret: str,
        active: bool = True,
        sensor: str | None = None,
        description: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Webhook:
        """Register a webhook.

        Args:
            name: A name.
            target_url: An absolute http(s) URL the platform POSTs deliveries to.
            secret: The shared secret deliveries are signed with; keep it to verify them.
            active: Whether deliveries start at once.
            sensor: Deliver only events sent by this sensor.
            description: Free text.
            **options: Per-call `RequestOptions`.

        Returns:
            The webhook as stored.

        Raises:
            InputValidationError: An argument is invalid (nothing was sent); the message never
                holds the secret.
        """
        body = partial(_body, name, target_url, secret, active, sensor, description)
        return await self._one("POST", self._base + "/", options, body)

    async def update(
        self,
        webhook_id: str,
        *,
        name: str,
        target_url: str,
        secret: str,
        active: bool = True,
        sensor: str | None = None,
        description: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Webhook:
        """Replace a webhook (the whole webhook is sent, as for `create`).

        Args:
            webhook_id: The webhook's id.
            name: A name.
            target_url: An absolute http(s) URL.
            secret: The shared secret.
            active: Whether deliveries are made.
            sensor: Deliver only events sent by this sensor.
            description: Free text.
            **options: Per-call `RequestOptions`.

        Returns:
            The webhook as stored.

        Raises:
            InputValidationError: An argument is invalid (nothing was sent).
            NotFoundError: No such webhook.
        """
        body = partial(_body, name, target_url, secret, active, sensor, description)
        return await self._one("PUT", self._base + "/{}", options, body, webhook_id=webhook_id)

    async def delete(self, webhook_id: str, **options: Unpack[RequestOptions]) -> None:
        """Remove a webhook (and stop its deliveries).

        Args:
            webhook_id: The webhook's id.
            **options: Per-call `RequestOptions`.

        Raises:
            InputValidationError: ``webhook_id`` is empty (nothing was sent).
            NotFoundError: No such webhook.
        """
        await self._delete(self._base + "/{}", options, webhook_id=webhook_id)

    async def activate(self, webhook_id: str, **options: Unpack[RequestOptions]) -> Webhook:
        """Start deliveries of a webhook.

        Args:
            webhook_id: The webhook's id.
            **options: Per-call `RequestOptions`.

        Returns:
            The webhook, now active.

        Raises:
            InputValidationError: ``webhook_id`` is empty (nothing was sent).
            NotFoundError: No such webhook.
        """
        return await self._one("PUT", self._base + "/{}/activate", options, webhook_id=webhook_id)

    async def deactivate(self, webhook_id: str, **options: Unpack[RequestOptions]) -> Webhook:
        """Stop deliveries of a webhook (it stays registered).

        Args:
            webhook_id: The webhook's id.
            **options: Per-call `RequestOptions`.

        Returns:
            The webhook, now inactive.

        Raises:
            InputValidationError: ``webhook_id`` is empty (nothing was sent).
            NotFoundError: No such webhook.
        """
        path = self._base + "/{}/deactivate"
        return await self._one("PUT", path, options, webhook_id=webhook_id)


def _body(
    name: str,
    target_url: str,
    secret: str,
    active: bool,
    sensor: str | None,
    description: str | None,
) -> dict[str, Any]:
    fields = {
        "name": name,
        "target_url": target_url,
        "secret": secret,
        "active": active,
        "sensor": sensor,
        "description": description,
    }
    # pydantic echoes a rejected value in its message: the secret must never be one of them.
    try:
        model = validate_input(WebhookInput, fields, service_error=WebhooksError)
    except WebhooksError as exc:
        _scrub(exc, secret)
        raise
    return model.to_body()


def _scrub(exc: BaseException, secret: object) -> None:
    if isinstance(secret, str) and secret and secret in str(exc):
        exc.args = tuple(
            arg.replace(secret, "**********") if isinstance(arg, str) else arg for arg in exc.args
        )
