"""Errors of the webhooks client and of delivery verification.

Every error a public method of ``timeback_webhooks`` raises is a `WebhooksError`. Errors of the
shared tree (``timeback_common``) arrive as combined classes that are both: a 404 is a
``NotFoundError`` *and* a `WebhooksError`, a rejected argument an ``InputValidationError`` *and*
a `WebhooksError`::

    TimebackError
    └── WebhooksError                  root of everything this package raises
        ├── (combined) WebhooksNotFoundError, WebhooksInputValidationError, ...
        ├── WebhookVerificationError   a delivery failed verification; ``reason`` says why
        └── SeenStoreError             the store of seen delivery ids could not be used
"""

from __future__ import annotations

from typing import Literal

from timeback_common import (
    ErrorIssue,
    InputValidationError,
    TimebackError,
    service_errors,
    service_input_error,
)

__all__ = [
    "SeenStoreError",
    "VerificationFailure",
    "WebhookVerificationError",
    "WebhooksError",
    "input_error",
    "webhooks_errors",
]

VerificationFailure = Literal[
    "missing_header",
    "bad_signature",
    "stale_timestamp",
    "future_timestamp",
    "bad_timestamp",
    "unparseable_body",
]
"""Why a delivery was rejected, as `WebhookVerificationError.reason`."""


class WebhooksError(TimebackError):
    """Root of every error raised by the webhooks client (``timeback_webhooks``)."""


class WebhookVerificationError(WebhooksError):
    """A webhook delivery failed verification; nothing in it should be trusted.

    The message names what failed, never the secret or the expected signature.

    Attributes:
        reason: One of ``missing_header``, ``bad_signature``, ``stale_timestamp``,
            ``future_timestamp``, ``bad_timestamp``, ``unparseable_body``.
    """

    def __init__(self, reason: VerificationFailure, message: str) -> None:
        super().__init__(message)
        self.reason: VerificationFailure = reason

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.reason, str(self)))


class SeenStoreError(WebhooksError):
    """The store of seen delivery ids could not be read or written (a broken SQLite file)."""


def input_error(message: str, *issues: ErrorIssue) -> InputValidationError:
    """`service_input_error` for a `WebhooksError` (returned, not raised)."""
    return service_input_error(WebhooksError, message, *issues)


def webhooks_errors() -> service_errors:
    """Re-raise any `TimebackError` raised inside the block as a `WebhooksError` too."""
    return service_errors(WebhooksError)
