"""`OneRosterError`, the root of every error the OneRoster client raises, and the re-wrapping.

Every error a OneRoster client raises is a `OneRosterError` and, at the same time, one of the
classes of `timeback_common`'s tree::

    try:
        await client.users.get("nobody")
    except NotFoundError as err:        # the status class (timeback_common.NotFoundError) ...
        assert isinstance(err, OneRosterError)  # ... and the service root, both at once

The base client does that for HTTP and transport errors. The pure helpers this package builds
on (input conversion, filter rendering, paging options, body parsing) raise the plain classes,
so the client passes their errors through `as_oneroster_error` (see `oneroster_errors`).
"""

from __future__ import annotations

from typing import TypeVar

from timeback_common import TimebackError, as_service_error, service_errors

__all__ = ["OneRosterError", "as_oneroster_error", "oneroster_errors"]

E = TypeVar("E", bound=TimebackError)


class OneRosterError(TimebackError):
    """Root of every error raised by the OneRoster client.

    Catch it to handle anything that went wrong with a OneRoster call; each instance is also of
    the specific class (`NotFoundError`, `InputValidationError`, ...) with its attributes.
    """


def as_oneroster_error(exc: E) -> E:
    """``exc`` as an instance of both its class and `OneRosterError` (`as_service_error`)."""
    return as_service_error(exc, OneRosterError)


def oneroster_errors() -> service_errors:
    """Re-raise any `TimebackError` raised inside the block as a `OneRosterError` too.

    Raises:
        TimebackError: The error raised in the block, as returned by `as_oneroster_error`.
    """
    return service_errors(OneRosterError)
