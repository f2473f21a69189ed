"""``client.webhooks.filters``: the conditions deciding which events a webhook receives."""

from __future__ import annotations

import builtins
from typing import Any

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, RequestOptions, validate_input
from timeback_webhooks._errors import WebhooksError, input_error
from timeback_webhooks._models import (
    FilterOperator,
    FilterType,
    WebhookFilter,
    WebhookFilterInput,
)
from timeback_webhooks._parsing import parse_keyed, parse_keyed_list
from timeback_webhooks._paths import WebhooksPaths

__all__ = ["AsyncWebhookFilters"]


def _check_id(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise input_error(f"{name} must be a non-empty string, got {value!r}")
    return value


class AsyncWebhookFilters:
    """Webhook filters: an event is delivered only when every active filter matches it.

    Args:
        api: The client's base API client.
        paths: The webhook base paths on the configured platform.
    """

    def __init__(self, api: AsyncAPIClient, paths: WebhooksPaths) -> None:
        self._api = api
        self._base = paths.filters

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}{self._base}>"

    async def list(self, **options: Unpack[RequestOptions]) -> builtins.list[WebhookFilter]:
        """Every filter of every webhook.

        Args:
            **options: Per-call `RequestOptions`.

        Returns:
            The filters.

        Raises:
            UnsupportedOperationError: The platform has no webhooks (nothing was sent).
            APIError: The request failed; every error is also a `WebhooksError`.
        """
        response = await self._api.get(self._base + "/", options=options)
        return parse_keyed_list(response, WebhookFilter, "filters")

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
            UnsupportedOperationError: The platform has no webhooks.
        """
        _check_id("webhook_id", webhook_id)
        response = await self._api.get(self._base + "/webhook/{}", webhook_id, options=options)
        return parse_keyed_list(response, WebhookFilter, "filters")

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
            UnsupportedOperationError: The platform has no webhooks.
        """
        _check_id("filter_id", filter_id)
        response = await self._api.get(self._base + "/{}", filter_id, options=options)
        return parse_keyed(response, WebhookFilter, "filter")

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
            UnsupportedOperationError: The platform has no webhooks.
        """
        body = _body(webhook_id, key, value, operator, type, active)
        response = await self._api.post(self._base + "/", json=body, options=options)
        return parse_keyed(response, WebhookFilter, "filter")

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
            UnsupportedOperationError: The platform has no webhooks.
        """
        _check_id("filter_id", filter_id)
        body = _body(webhook_id, key, value, operator, type, active)
        response = await self._api.put(self._base + "/{}", filter_id, json=body, options=options)
        return parse_keyed(response, WebhookFilter, "filter")

    async def delete(self, filter_id: str, **options: Unpack[RequestOptions]) -> None:
        """Remove a filter.

        Args:
            filter_id: The filter's id.
            **options: Per-call `RequestOptions`.

        Raises:
            InputValidationError: ``filter_id`` is empty (nothing was sent).
            NotFoundError: No such filter.
            UnsupportedOperationError: The platform has no webhooks.
        """
        _check_id("filter_id", filter_id)
        await self._api.delete(self._base + "/{}", filter_id, options=options)


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
