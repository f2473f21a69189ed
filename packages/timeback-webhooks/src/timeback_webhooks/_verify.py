"""Verifying webhook deliveries: signature schemes and `verify_webhook`. Pure, no I/O.

The platform does not document how it signs deliveries, so the scheme is a choice of the
caller: `StandardWebhooks` (the published Standard Webhooks convention, the default) or
`HexSignature` (a bare hex HMAC-SHA256 of the body in one header, without a timestamp). Neither
is confirmed as the platform's production scheme.

The raw bytes are verified before anything is parsed, and signatures are compared in constant
time. Secrets never appear in messages.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeAlias, cast

from pydantic import ValidationError

from timeback_caliper import CaliperEnvelope, CaliperEvent
from timeback_webhooks._errors import WebhookVerificationError, input_error

__all__ = [
    "HexSignature",
    "SecretsType",
    "SignatureScheme",
    "SignedHeaders",
    "StandardWebhooks",
    "WebhookDelivery",
    "verify_webhook",
]

SecretsType: TypeAlias = str | bytes | Sequence[str | bytes]
"""One secret, or several (during a rotation every one of them is accepted)."""

_WEBHOOK_ID_HEADERS = ("x-timeback-webhook-id", "x-caliper-webhook-id")
_EVENT_TYPE_HEADERS = ("x-timeback-event-type", "x-caliper-event-type")
_MAX_TIMESTAMP_DIGITS = 12


@dataclass(frozen=True)
class SignedHeaders:
    """What a scheme learned from a delivery whose signature it accepted.

    Attributes:
        delivery_id: The delivery's id (the same on every retry of one delivery).
        timestamp: When the delivery was signed, when the scheme signs a time.
    """

    delivery_id: str
    timestamp: dt.datetime | None


class SignatureScheme(Protocol):
    """How deliveries are signed: implement it to verify another scheme.

    ``verify`` gets header names in lower case, the raw body and the secrets as bytes; it
    returns the delivery id (and timestamp) or raises `WebhookVerificationError`. ``sign``
    builds the headers of a delivery (for tests and local tools).
    """

    def verify(
        self,
        body: bytes,
        headers: Mapping[str, str],
        secrets: Sequence[bytes],
        *,
        tolerance: float | None,
        now: float,
    ) -> SignedHeaders:
        """Check the signature of ``body``; raise `WebhookVerificationError` if it fails."""
        ...

    def sign(
        self, body: bytes, secret: bytes, *, delivery_id: str, timestamp: float
    ) -> dict[str, str]:
        """The headers that sign ``body`` with ``secret``."""
        ...

    def secret_bytes(self, secret: str | bytes) -> bytes:
        """The key bytes of a secret as given by the user."""
        ...


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None or not value.strip():
        raise WebhookVerificationError("missing_header", f"the {name} header is missing")
    return value.strip()


def _mac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


@dataclass(frozen=True)
class StandardWebhooks:
    """The Standard Webhooks scheme (the default).

    Headers ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``:
    space-separated ``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`` entries. A secret
    beginning with ``whsec_`` is base64 after the prefix; any other is used as its UTF-8 bytes.
    A timestamp further than ``tolerance`` seconds from now is rejected (replays).
    """

    name: str = "standard"

    def secret_bytes(self, secret: str | bytes) -> bytes:
        """The key bytes: ``whsec_`` secrets base64-decoded, others as UTF-8.

        Raises:
            InputValidationError: A ``whsec_`` secret is not valid base64 (the message does
                not show it).
        """
        if isinstance(secret, bytes):
            return secret
        if secret.startswith("whsec_"):
            try:
                return base64.b64decode(secret[len("whsec_") :], validate=True)
            except (binascii.Error, ValueError):
                raise input_error("a whsec_ secret must be base64 after the prefix") from None
        return secret.encode("utf-8")

    def sign(
        self, body: bytes, secret: bytes, *, delivery_id: str, timestamp: float
    ) -> dict[str, str]:
        """The three Standard Webhooks headers for ``body``."""
        stamp = str(int(timestamp))
        mac = _mac(secret, f"{delivery_id}.{stamp}.".encode() + body)
        return {
            "webhook-id": delivery_id,
            "webhook-timestamp": stamp,
            "webhook-signature": "v1," + base64.b64encode(mac).decode("ascii"),
        }

    def verify(
        self,
        body: bytes,
        headers: Mapping[str, str],
        secrets: Sequence[bytes],
        *,
        tolerance: float | None,
        now: float,
    ) -> SignedHeaders:
        """Check the signature, then the timestamp.

        Raises:
            WebhookVerificationError: A header is missing, no signature matches, or the
                timestamp is malformed or outside the tolerance.
        """
        delivery_id = _header(headers, "webhook-id")
        stamp = _header(headers, "webhook-timestamp")
        signature = _header(headers, "webhook-signature")
        if not stamp.isascii() or not stamp.isdigit() or len(stamp) > _MAX_TIMESTAMP_DIGITS:
            raise WebhookVerificationError(
                "bad_timestamp", "the webhook-timestamp header is not a Unix time in seconds"
            )
        signed = delivery_id.encode("utf-8", "surrogateescape") + b"." + stamp.encode() + b"."
        expected = [_mac(key, signed + body) for key in secrets]
        matched = False
        for entry in signature.split():
            version, _, encoded = entry.partition(",")
            if version != "v1":
                continue
            try:
                given = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                continue
            # Every expected value is compared, so the time taken does not say which matched.
            for candidate in expected:
                matched |= hmac.compare_digest(candidate, given)
        if not matched:
            raise WebhookVerificationError(
                "bad_signature", "no v1 signature in webhook-signature matches the body"
            )
        moment = int(stamp)
        if tolerance is not None:
            if now - moment > tolerance:
                raise WebhookVerificationError(
                    "stale_timestamp",
                    f"the delivery was signed {now - moment:.0f} s ago "
                    f"(more than the {tolerance:g} s tolerance)",
                )
            if moment - now > tolerance:
                raise WebhookVerificationError(
                    "future_timestamp",
                    f"the delivery is signed {moment - now:.0f} s in the future "
                    f"(more than the {tolerance:g} s tolerance)",
                )
        return SignedHeaders(delivery_id, dt.datetime.fromtimestamp(moment, tz=dt.timezone.utc))


@dataclass(frozen=True)
class HexSignature:
    """A bare hex HMAC-SHA256 of the raw body in one header (no timestamp, so no replay window).

    Attributes:
        header: The signature header (``X-Caliper-Signature`` by default).
        delivery_id_header: The header holding the delivery id; when a delivery lacks it, the
            id is the body's SHA-256 (so identical bodies count as one delivery).
    """

    header: str = "X-Caliper-Signature"
    delivery_id_header: str = "X-Caliper-Delivery-Id"
    name: str = field(default="caliper-hex")

    def secret_bytes(self, secret: str | bytes) -> bytes:
        """The key bytes: the secret's UTF-8 bytes."""
        return secret if isinstance(secret, bytes) else secret.encode("utf-8")

    def sign(
        self, body: bytes, secret: bytes, *, delivery_id: str, timestamp: float
    ) -> dict[str, str]:
        """The signature header (and the delivery id header) for ``body``."""
        return {
            self.header: _mac(secret, body).hex(),
            self.delivery_id_header: delivery_id,
        }

    def verify(
        self,
        body: bytes,
        headers: Mapping[str, str],
        secrets: Sequence[bytes],
        *,
        tolerance: float | None,
        now: float,
    ) -> SignedHeaders:
        """Check the hex signature (``sha256=`` prefix accepted).

        Raises:
            WebhookVerificationError: The header is missing or no secret's signature matches.
        """
        given_text = _header(headers, self.header.lower())
        if given_text.lower().startswith("sha256="):
            given_text = given_text[len("sha256=") :]
        try:
            given = bytes.fromhex(given_text)
        except ValueError:
            given = b""
        matched = False
        for key in secrets:
            matched |= hmac.compare_digest(_mac(key, body), given)
        if not matched:
            raise WebhookVerificationError(
                "bad_signature", f"the {self.header} signature does not match the body"
            )
        delivery_id = (headers.get(self.delivery_id_header.lower()) or "").strip()
        return SignedHeaders(delivery_id or "sha256:" + hashlib.sha256(body).hexdigest(), None)


@dataclass(frozen=True)
class WebhookDelivery:
    """A verified delivery.

    Attributes:
        delivery_id: The delivery's id: the same on every retry of one delivery.
        webhook_id: The webhook it was delivered for, when the sender says.
        event_type: The event type header, when the sender sends one.
        timestamp: When it was signed (schemes with a timestamp), UTC.
        envelope: The Caliper envelope (``sensor``, ``send_time``, ``data``).
        body: The raw bytes received.
    """

    delivery_id: str
    webhook_id: str | None
    event_type: str | None
    timestamp: dt.datetime | None
    envelope: CaliperEnvelope
    body: bytes = field(repr=False)

    @property
    def events(self) -> list[object]:
        """The events (and entities) of the envelope, as Caliper models."""
        return list(self.envelope.data)


def _secrets(secret: SecretsType, scheme: SignatureScheme) -> list[bytes]:
    items: Sequence[str | bytes] = [secret] if isinstance(secret, (str, bytes)) else secret
    keys: list[bytes] = []
    for item in items:
        if not isinstance(item, (str, bytes)) or not item:
            raise input_error("every webhook secret must be a non-empty str or bytes")
        keys.append(scheme.secret_bytes(item))
    if not keys:
        raise input_error("at least one webhook secret is needed")
    return keys


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    loose = cast(Mapping[object, object], headers)  # raw servers may give bytes
    try:
        items = list(loose.items())
    except Exception:
        raise input_error("headers must be a mapping of header names to values") from None
    for name, value in items:
        if isinstance(name, bytes):
            name = name.decode("latin-1")
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(name, str) and isinstance(value, str):
            out[name.lower()] = value
    return out


def _first(headers: Mapping[str, str], names: Sequence[str]) -> str | None:
    for name in names:
        value = headers.get(name)
        if value:
            return value.strip() or None
    return None


def _parse_envelope(document: object) -> CaliperEnvelope:
    """The envelope with each event as its profile's model, or as a plain `CaliperEvent`.

    A delivery reports what the platform stored: an event that does not fit its profile's model
    in every detail (a missing e-mail...) is still an event, read as a plain `CaliperEvent`
    (unknown members kept) rather than refused.

    Raises:
        ValidationError: The document is not an envelope of events.
        TypeError: It is not a JSON object.
    """
    if not isinstance(document, dict):
        raise TypeError("not a JSON object")
    try:
        return CaliperEnvelope.model_validate(document)
    except ValidationError:
        data = document.get("data")
        if not isinstance(data, list) or not data:
            raise
    items = [CaliperEvent.model_validate(item) for item in data]
    # The envelope's own members are validated with a generic event in place of the data.
    generic = {**items[0].model_dump(mode="json", by_alias=True), "type": "Event"}
    head = CaliperEnvelope.model_validate({**document, "data": [generic]})
    return head.model_copy(update={"data": items})


def verify_webhook(
    body: bytes,
    headers: Mapping[str, str],
    secret: SecretsType,
    *,
    scheme: SignatureScheme | None = None,
    tolerance: float | None = 300,
    now: float | None = None,
) -> WebhookDelivery:
    """Verify a webhook delivery and parse it.

    The signature is checked over the raw bytes before anything is parsed; only a verified body
    is read as a Caliper envelope.

    Args:
        body: The raw request body, exactly as received (not re-serialized JSON).
        headers: The request headers (any case).
        secret: The webhook's secret, or several (every one is accepted: secret rotation).
        scheme: How deliveries are signed; `StandardWebhooks` by default. Neither shipped
            scheme is confirmed as the platform's production scheme.
        tolerance: How far (seconds) a signed timestamp may be from now; None turns the replay
            window off. Schemes without a timestamp ignore it.
        now: The current Unix time (tests); defaults to the clock.

    Returns:
        The delivery: ids, timestamp and the Caliper envelope with its events as models.

    Raises:
        WebhookVerificationError: A header is missing, the signature does not match, the
            timestamp is malformed, stale or in the future, or the verified body is not a Caliper
            envelope; ``reason`` says which.
        InputValidationError: ``body`` is not bytes, or no usable secret was given (also a
            `WebhooksError`).
    """
    raw: object = body
    if isinstance(raw, (bytearray, memoryview)):
        raw = bytes(raw)
    if not isinstance(raw, bytes):
        raise input_error(f"body must be the raw bytes received, got {type(raw).__name__}")
    body = raw
    chosen: SignatureScheme = scheme if scheme is not None else StandardWebhooks()
    keys = _secrets(secret, chosen)
    lowered = _lower(headers)
    signed = chosen.verify(
        body, lowered, keys, tolerance=tolerance, now=time.time() if now is None else now
    )
    try:
        envelope = _parse_envelope(json.loads(body))
    except (ValueError, RecursionError, ValidationError, TypeError):
        raise WebhookVerificationError(
            "unparseable_body", "the signed body is not a Caliper envelope in JSON"
        ) from None
    return WebhookDelivery(
        delivery_id=signed.delivery_id,
        webhook_id=_first(lowered, _WEBHOOK_ID_HEADERS),
        event_type=_first(lowered, _EVENT_TYPE_HEADERS),
        timestamp=signed.timestamp,
        envelope=envelope,
        body=body,
    )
