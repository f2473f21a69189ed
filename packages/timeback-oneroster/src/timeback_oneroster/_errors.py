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

from types import TracebackType
from typing import TypeVar

from timeback_common import TimebackError, service_error_class

__all__ = ["OneRosterError", "as_oneroster_error", "oneroster_errors"]

E = TypeVar("E", bound=TimebackError)


class OneRosterError(TimebackError):
    """Root of every error raised by the OneRoster client.

    Catch it to handle anything that went wrong with a OneRoster call; each instance is also of
    the specific class (`NotFoundError`, `InputValidationError`, ...) with its attributes.
    """


def as_oneroster_error(exc: E) -> E:
    """The same error as an instance of both its class and `OneRosterError`.

    Args:
        exc: An error of the SDK's tree (e.g. an `InputValidationError` from a pure helper).

    Returns:
        ``exc`` itself when it already is a `OneRosterError`; otherwise a copy of it (same
        message, arguments and attributes) whose class derives from ``type(exc)`` and
        `OneRosterError`.
    """
    cls = service_error_class(OneRosterError, type(exc))
    if isinstance(exc, cls):
        return exc
    # Copy rather than re-construct: the classes of the tree take different constructor
    # arguments, and every attribute (issues, body, status, request id) must survive.
    copy = cls.__new__(cls, *exc.args)
    copy.__dict__.update(exc.__dict__)
    copy.args = exc.args
    return copy


class oneroster_errors:  # lower case: used like a function, ``with oneroster_errors():``
    """Re-raise any `TimebackError` raised inside the block as a `OneRosterError` too.

    A class rather than ``@contextmanager``: its ``__exit__`` is typed to return None, so type
    checkers know that it never swallows an exception (code after a ``return`` inside the block
    is not reachable).

    Raises:
        TimebackError: The error raised in the block, as returned by `as_oneroster_error`.
    """

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(exc, TimebackError) and not isinstance(exc, OneRosterError):
            raise as_oneroster_error(exc).with_traceback(tb) from None
