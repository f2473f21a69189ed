"""Exit codes of the ``timeback`` command and how an SDK error becomes one (pure).

Scripts branch on the exit code, so each code means one thing a caller would act on differently:
the platform failed, maybe for a while (1); the command must change: a bad option, missing
configuration, or a request the client or the platform found invalid (2); the credentials must
change (3); the record does not exist (4). The table is repeated in the package docstring and in
``timeback --help``.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeback_common import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    InputValidationError,
    NotFoundError,
    PermissionDeniedError,
    TimebackError,
    TokenError,
    UnprocessableEntityError,
    UnsupportedOperationError,
)

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_AUTH",
    "EXIT_BROKEN_PIPE",
    "EXIT_HELP",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_USAGE",
    "ErrorReport",
    "exit_code_for",
    "report_error",
]

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2  # also what click uses for its own usage errors
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl+C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a process killed by a closed pipe reports

EXIT_HELP = """\b
Exit codes:
  0    success
  1    the platform failed or could not be reached (5xx, 409, 429, network)
  2    usage, configuration or invalid request (bad option, HTTP 400 or 422)
  3    credentials rejected (token refused, HTTP 401 or 403)
  4    not found (HTTP 404)
  130  interrupted (Ctrl+C)
  141  stdout closed early (| head)
"""

# Mistakes in the command: found before anything is sent (configuration, arguments, an operation
# the platform lacks) or by the platform (400, 422). Running it again cannot help, exactly like a
# click usage error.
_USAGE_ERRORS: tuple[type[TimebackError], ...] = (
    ConfigurationError,
    InputValidationError,
    UnsupportedOperationError,
    BadRequestError,
    UnprocessableEntityError,
)
_AUTH_ERRORS: tuple[type[TimebackError], ...] = (AuthenticationError, PermissionDeniedError)


@dataclass(frozen=True)
class ErrorReport:
    """What to print for an error and the code to exit with.

    Attributes:
        exit_code: The process exit code.
        lines: Lines for stderr: the first names the error class, the rest list its issues.
    """

    exit_code: int
    lines: tuple[str, ...]


def exit_code_for(error: TimebackError) -> int:
    """The exit code for an SDK error (see the module docstring)."""
    if isinstance(error, _USAGE_ERRORS):
        return EXIT_USAGE
    if isinstance(error, _AUTH_ERRORS):
        return EXIT_AUTH
    if isinstance(error, TokenError):
        # The endpoint refused the credentials (RFC 6749: 400 or 401 ``invalid_client``), or it
        # failed or was unreachable, which new credentials would not fix.
        refused = error.status_code in (400, 401, 403)
        return EXIT_AUTH if refused else EXIT_API_ERROR
    if isinstance(error, NotFoundError):
        return EXIT_NOT_FOUND
    return EXIT_API_ERROR


def report_error(error: TimebackError) -> ErrorReport:
    """The message and exit code for an SDK error.

    The first line is ``<ErrorClass>: <message>``; an `APIError`'s message already carries the
    method, URL and request id (the SDK keeps secrets out of every error message). Issues
    (which field was wrong) follow, one per line.

    Args:
        error: The error an SDK call raised.

    Returns:
        The report.
    """
    lines = [f"{type(error).__name__}: {error}"]
    issues = getattr(error, "issues", ())
    for issue in issues:
        text = str(issue)
        if text and text not in lines[0]:
            lines.append(f"  - {text}")
    if isinstance(error, ConfigurationError):
        lines.append(
            "  Configure the platform with --env staging|production (or TIMEBACK_ENV), or "
            "--base-url and --auth-url (TIMEBACK_BASE_URL, TIMEBACK_TOKEN_URL), and the "
            "credentials with --client-id and --client-secret (TIMEBACK_CLIENT_ID, "
            "TIMEBACK_CLIENT_SECRET)."
        )
    return ErrorReport(exit_code_for(error), tuple(lines))
