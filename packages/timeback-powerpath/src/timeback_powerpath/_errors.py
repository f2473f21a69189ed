"""The root of every error the PowerPath client raises.

Every exception a public method of ``timeback_powerpath`` raises is a `PowerPathError` *and* one
of the classes of the shared tree in `timeback_common`::

    TimebackError
    └── PowerPathError
        ├── PowerPathInputValidationError        also InputValidationError (and ValueError)
        ├── PowerPathUnsupportedOperationError   also UnsupportedOperationError (LearnWith.AI)
        ├── PowerPathRateLimitError              also RateLimitError (429, after the retries)
        └── ...                                  one combined class per shared class

The combined classes are built (once, then cached) by `timeback_common.service_error_class`, so
``except NotFoundError`` and ``except PowerPathError`` both catch a PowerPath 404.
"""

from __future__ import annotations

from timeback_common import (
    ErrorIssue,
    InputValidationError,
    TimebackError,
    service_errors,
    service_input_error,
)

__all__ = ["PowerPathError", "input_error", "powerpath_errors"]


class PowerPathError(TimebackError):
    """Root of every error raised by the PowerPath client (``timeback_powerpath``)."""


def input_error(message: str, *issues: ErrorIssue) -> InputValidationError:
    """`service_input_error` for a `PowerPathError` (returned, not raised)."""
    return service_input_error(PowerPathError, message, *issues)


def powerpath_errors() -> service_errors:
    """Re-raise any `TimebackError` raised inside the block as a `PowerPathError` too."""
    return service_errors(PowerPathError)
