"""A webhook: where matching Caliper events are delivered, with the secret that signs them."""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr, field_validator

from timeback_common import TimebackModel

__all__ = ["Webhook", "WebhookInput", "WebhooksModel"]


class WebhooksModel(TimebackModel):
    """Base of every webhooks model: tolerant (unknown members kept, optional ones may be
    missing), as every `TimebackModel`."""


class Webhook(WebhooksModel):
    """A webhook as the platform returns it.

    The ``secret`` (when the platform returns it) is a `pydantic.SecretStr`: reprs and dumps
    show ``**********``; read it with ``webhook.secret.get_secret_value()``.

    Attributes:
        id: The webhook's id.
        name: Its name.
        target_url: Where deliveries are POSTed.
        secret: The shared secret deliveries are signed with, when returned.
        active: Whether deliveries are made.
        sensor: Only events of envelopes from this sensor are delivered (None: every sensor).
        description: Free text.
    """

    id: str
    name: str | None = None
    target_url: str | None = None
    secret: SecretStr | None = None
    active: bool | None = None
    sensor: str | None = None
    description: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class WebhookInput(WebhooksModel):
    """What `create` and `update` send: the whole webhook.

    Attributes:
        name: A name (required, not empty).
        target_url: An absolute ``http`` or ``https`` URL deliveries are POSTed to.
        secret: The shared secret deliveries will be signed with (never shown in reprs).
        active: Whether deliveries are made (default True).
        sensor: Deliver only events of envelopes from this sensor.
        description: Free text.
    """

    name: str = Field(min_length=1)
    target_url: str
    secret: SecretStr
    active: bool = True
    sensor: str | None = None
    description: str | None = None

    @field_validator("target_url")
    @classmethod
    def _absolute_http(cls, value: str) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an absolute http or https URL")
        return value

    @field_validator("secret")
    @classmethod
    def _non_empty(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value():
            raise ValueError("must not be empty")
        return value

    def to_body(self) -> dict[str, Any]:
        """The JSON body sent to the platform (the secret in clear, as the platform needs it)."""
        body = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        body["secret"] = self.secret.get_secret_value()
        return body
