"""What every Edubridge resource holds: the base client and the Edubridge base path."""

from __future__ import annotations

from timeback_common import AsyncAPIClient

__all__ = ["AsyncEndpointGroup"]


class AsyncEndpointGroup:
    """A group of endpoints, reached as an attribute of the client (``client.enrollments``).

    What every method of every group may raise is said here once; a method's own ``Raises``
    lists only what is specific to it.

    Args:
        api: The client's base API client (pool, auth, retries, typed errors).
        base: The Edubridge base path on the configured platform (``/edubridge``).

    Raises:
        UnsupportedOperationError: The platform has no Edubridge (LearnWith.AI); nothing is
            sent.
        NotFoundError: An id the method was given (the user, course, enrollment...) names no
            record.
        EdubridgeError: Any failure (every error raised is one, and also an instance of the
            shared class: `NotFoundError`, `BadRequestError`, `APITimeoutError`...).
    """

    def __init__(self, api: AsyncAPIClient, base: str) -> None:
        self._api = api
        self._base = base

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api.base_url}{self._base}>"
