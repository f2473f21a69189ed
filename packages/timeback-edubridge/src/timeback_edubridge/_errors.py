"""The root of every error the Edubridge client raises.

Every exception a public method of ``timeback_edubridge`` raises is an `EdubridgeError` *and* one
of the classes of the shared tree in `timeback_common` (drawn in ``timeback_common._errors``)::

    TimebackError
    └── EdubridgeError
        ├── EdubridgeInputValidationError        also InputValidationError (and ValueError)
        ├── EdubridgeUnsupportedOperationError   also UnsupportedOperationError (LearnWith.AI)
        ├── EdubridgeNotFoundError               also NotFoundError (an APIStatusError, 404)
        └── ...                                  one combined class per shared class

The combined classes are built (once, then cached) by `timeback_common.service_error_class`, so
``except NotFoundError`` and ``except EdubridgeError`` both catch an Edubridge 404, and a sequence
``except OneRosterError / CaliperError / EdubridgeError`` tells the services apart.
Edubridge ``{"errors": [...]}`` bodies are parsed into ``error.issues``.
"""

from __future__ import annotations

from timeback_common import (
    ErrorIssue,
    InputValidationError,
    TimebackError,
    service_errors,
    service_input_error,
)

__all__ = ["EdubridgeError", "edubridge_errors", "input_error"]


class EdubridgeError(TimebackError):
    """Root of every error raised by the Edubridge client (``timeback_edubridge``)."""


def input_error(message: str, *issues: ErrorIssue) -> InputValidationError:
    """`service_input_error` for an `EdubridgeError` (returned, not raised)."""
    return service_input_error(EdubridgeError, message, *issues)


def edubridge_errors() -> service_errors:
    """Re-raise any `TimebackError` raised inside the block as an `EdubridgeError` too.

    Pure helpers of `timeback_common` (paging options) and of this package (`_dates`) raise the
    plain classes; public methods run them inside this block so that every error they raise is
    an `EdubridgeError`, with every attribute kept.
    """
    return service_errors(EdubridgeError)
