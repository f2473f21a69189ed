"""The root of every error the QTI client raises.

Every exception a public function or method of ``timeback_qti`` raises is a `QtiError` *and* one
of the classes of the shared tree in `timeback_common`::

    TimebackError
    └── QtiError
        ├── QtiXmlError                  also InputValidationError: unsafe or malformed XML
        ├── QTI InputValidationError     bad arguments, nothing sent
        ├── QTI NotFoundError, ConflictError, BadRequestError...   (one per shared class)
        └── ...
"""

from __future__ import annotations

from timeback_common import (
    ErrorIssue,
    InputValidationError,
    TimebackError,
    service_errors,
    service_input_error,
)

__all__ = ["QtiError", "QtiXmlError", "input_error", "qti_errors"]


class QtiError(TimebackError):
    """Root of every error raised by the QTI client (``timeback_qti``)."""


class QtiXmlError(QtiError, InputValidationError):
    """XML was refused: not well-formed, not QTI, or unsafe (a DTD, an entity, too large).

    Attributes:
        message: What was wrong, with the line and column when known.
        line: The 1-based line of the problem, or None.
        column: The 1-based column of the problem, or None.
        unsafe: Whether the XML was refused for safety (DTD, entity, external reference, size)
            rather than for being malformed.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        unsafe: bool = False,
    ) -> None:
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(message + where, (ErrorIssue(message + where, path="xml"),))
        self.line = line
        self.column = column
        self.unsafe = unsafe


def input_error(message: str, path: str | None = None) -> InputValidationError:
    """An `InputValidationError` that is also a `QtiError` (returned, not raised).

    Args:
        message: What is wrong, naming the argument.
        path: The argument's name, for the issue.
    """
    return service_input_error(QtiError, message, ErrorIssue(message, path=path))


def qti_errors() -> service_errors:
    """Re-raise any `TimebackError` raised inside the block as a `QtiError` too."""
    return service_errors(QtiError)
