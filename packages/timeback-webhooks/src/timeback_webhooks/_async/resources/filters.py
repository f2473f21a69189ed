"""``client.webhooks.filters``: the conditions deciding which events a webhook receives."""

from __future__ import annotations

import builtins
from functools import partial
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, RequestOptions, validate_input
from timeback_webhooks._async.resources._base import AsyncEndpointGroup
from timeback_webhooks._errors import WebhooksError
from timeback_webhooks._models import (
    FilterOperator,
    FilterType,
    WebhookFilter,
    WebhookFilterInput,
)
from timeback_webhooks._paths import WebhooksPaths

__all__ = ["AsyncWebhookFilters"]


class AsyncWebhookFilters(AsyncEndpointGroup[WebhookFilter]):
    """Webhook filters: an event is delivered only when every active filter matches it.

    What every method may raise is described on `AsyncEndpointGroup`.

    Args:
        api: The client's base API client.
        paths: The webhook base paths on the configured platform.
    """

    _model = WebhookFilter
    _key = "filter"

    def __init__(self, api: AsyncAPIClient, paths: WebhooksPaths) -> None:
        super().__init__(api, paths.filters)

    async def list(self, **options: Unpack[RequestOptions]) -> builtins.list[WebhookFilter]:
        """Every filter of every webhook.

        Args:
            **options: Per-call `RequestOptions`.

        Returns:
            The filters.

        Raises:
            WebhooksError: The request failed.
        """
        return await self._all(self._base + "/", options)

    async def list_for(
        self, webhook_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[WebhookFilter]:
        """The filters of one webhook.

        Args:
            webhook_id: The webhook's id.
            **options: Per-call `RequestOptions`.

        Returns:
            Its filters.

        Raises:
            InputValidationError: ``webhook_id`` is empty (nothing was sent).
        """
        return await self._all(self._base + "/webhook/{}", options, webhook_id=webhook_id)

    async def get(self, filter_id: str, **options: Unpack[RequestOptions]) -> WebhookFilter:
        """One filter.

        Args:
            filter_id: The filter's id.
            **options: Per-call `RequestOptions`.

        Returns:
            The filter.

        Raises:
            InputValidationError: ``filter_id`` is empty (nothing was sent).
            NotFoundError: No such filter.
        """
        return await self._one("GET", self._base + "/{}", options, filter_id=filter_id)

    async def create(
        self,
        *,
        webhook_id: str,
        key: str,
        value: str | float | bool,
        operator: FilterOperator = "eq",
        type: FilterType = "string",
        active: bool = True,
        **options: Unpack[RequestOptions],
    ) -> WebhookFilter:
        """Add a filter to a webhook.

        Args:
            webhook_id: The webhook it belongs to.
            key: A dotted path into the event: ``type``, ``action``, ``actor.id``,
                ``object.subject``, ``extensions.x``.
            value: What the event's value is compared with; for ``in``/``notIn`` a
                comma-separated list.
            operator: ``eq``, ``neq``, ``gt``, ``gte``, ``lt``, ``lte``, ``contains``,
                ``notContains``, ``in``, ``notIn``, ``startsWith``, ``endsWith`` or ``regexp``.
            type: How both values are read: ``string``, ``number`` or ``boolean``.
            active: Whether the filter applies.
            **options: Per-call `RequestOptions`.

        Returns:
            The filter as stored.

        Raises:
            InputValidationError: An unknown operator or type, a value that does not fit the
                type, an operator that does not apply to the type, or a regular expression that
                does not compile (nothing was sent).
        """
        body = partial(_body, webhook_id, key, value, operator, type, active)
        return await self._one("POST", self._base + "/", options, body)

    async def update(
        self,
        filter_id: str,
        *,
        webhook_id: str,
        key: str,
        value: str | float | bool,
        operator: FilterOperator = "eq",
        type: FilterType = "string",
        active: bool = True,
        **options: Unpack[RequestOptions],
    ) -> WebhookFilter:
        """Replace a filter (the whole filter is sent, as for `create`).

        Args:
            filter_id: The filter's id.
            webhook_id: The webhook it belongs to.
            key: A dotted path into the event.
            value: What the event's value is compared with.
            operator: One of the 13 operators (see `create`).
            type: ``string``, ``number`` or ``boolean``.
            active: Whether the filter applies.
            **options: Per-call `RequestOptions`.

        Returns:
            The filter as stored.

        Raises:
            InputValidationError: An argument is invalid (nothing was sent).
            NotFoundError: No such filter.
        """
        body = partial(_body, webhook_id, key, value, operator, type, active)
        return await self._one("PUT", self._base + "/{}", options, body, filter_id=filter_id)

    async def delete(self, filter_id: str, **options: Unpack[RequestOptions]) -> None:
        """Remove a filter.

        Args:
            filter_id: The filter's id.
            **options: Per-call `RequestOptions`.

        Raises:
            InputValidationError: ``filter_id`` is empty (nothing was sent).
            NotFoundError: No such filter.
        """
        await self._delete(self._base + "/{}", options, filter_id=filter_id)


def _body(
    webhook_id: str,
    key: str,
    value: str | float | bool,
    operator: str,
    kind: str,
    active: bool,
) -> dict[str, Any]:
    fields = {
        "webhook_id": webhook_id,
        "filter_key": key,
        "filter_value": value,
        "filter_operator": operator,
        "filter_type": kind,
        "active": active,
    }
    return validate_input(WebhookFilterInput, fields, service_error=WebhooksError).to_body()
