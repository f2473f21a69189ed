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
    service_error_class,
    service_errors,
)

__all__ = ["PowerPathError", "input_error", "powerpath_errors", "unsupported_message"]


class PowerPathError(TimebackError):
    """Root of every error raised by the PowerPath client (``timeback_powerpath``)."""


def input_error(message: str, *issues: ErrorIssue) -> InputValidationError:
    """An `InputValidationError` that is also a `PowerPathError` (not raised here).

    Args:
        message: What is wrong, naming the arguments involved.
        *issues: One per problem, each naming its argument in ``path``; defaults to one issue
            carrying ``message``.
    """
    cls = service_error_class(PowerPathError, InputValidationError)
    return cls(message, issues or (ErrorIssue(message),))


def unsupported_message(platform: str) -> str:
    """Why a PowerPath call on a platform without PowerPath was refused."""
    return (
        f"PowerPath is not available on the {platform} platform; nothing was sent. "
        "Use platform='beyond-ai' for PowerPath."
    )


def powerpath_errors() -> service_errors:
    """Re-raise any `TimebackError` raised inside the block as a `PowerPathError` too."""
    return service_errors(PowerPathError)
