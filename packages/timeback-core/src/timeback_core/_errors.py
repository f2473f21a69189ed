"""The errors `timeback_core` adds to the SDK's tree (drawn in `timeback_common._errors`).

::

    TimebackError
    ├── ConfigurationError
    │   └── ClientAlreadyRegisteredError   TimebackManager.register: the name is taken
    ├── ClientNotRegisteredError           TimebackManager.get/unregister: no such name
    │                                      (a LookupError)
    ├── BroadcastTimeoutError              one client's broadcast call ran past its time limit
    │                                      (a TimeoutError; found in BroadcastResults.failed)
    └── BroadcastError                     BroadcastResults.values(): some calls failed

Errors of the services themselves are each service's root (``OneRosterError``,
``EdubridgeError``, ``CaliperError``), re-exported by `timeback_core` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from timeback_common import ConfigurationError, TimebackError

__all__ = [
    "BroadcastError",
    "BroadcastTimeoutError",
    "ClientAlreadyRegisteredError",
    "ClientNotRegisteredError",
]

# Messages quote at most this much of each failure, so that one huge error body cannot swamp the
# summary of all the others.
_ERROR_TEXT_LIMIT = 300


class ClientAlreadyRegisteredError(ConfigurationError):
    """`TimebackManager.register` was given a name that is already registered.

    Attributes:
        name: The name.
    """

    def __init__(self, name: str) -> None:
        super().__init__(
            f"a client named {name!r} is already registered; unregister it first or pick "
            "another name"
        )
        self.name = name


class ClientNotRegisteredError(TimebackError, LookupError):
    """No client is registered under the name given to the manager.

    Attributes:
        name: The name that was looked up.
        registered: The names that are registered, in registration order.
    """

    def __init__(self, name: str, registered: Sequence[str]) -> None:
        known = ", ".join(repr(n) for n in registered) or "none"
        super().__init__(f"no client named {name!r} is registered (registered: {known})")
        self.name = name
        self.registered = tuple(registered)

    def __str__(self) -> str:
        # LookupError would otherwise print the repr of the message, quotes and all.
        return str(self.args[0])


class BroadcastTimeoutError(TimebackError, TimeoutError):
    """A client's broadcast call did not finish within the broadcast's ``timeout``.

    In `TimebackManager` the call was cancelled (its HTTP request too). In `SyncTimebackManager`
    the call was abandoned: a thread cannot be cancelled, so it runs on in the background until it
    returns by itself, and what it returns is discarded.

    Attributes:
        name: The client's name.
        timeout: The time limit, in seconds.
    """

    def __init__(self, name: str, timeout: float) -> None:
        super().__init__(f"the call on client {name!r} did not finish within {timeout:g} s")
        self.name = name
        self.timeout = timeout


class BroadcastError(TimebackError):
    """`BroadcastResults.values` was called although some calls failed.

    The message names every failed client and its error.

    Attributes:
        failures: ``(name, error)`` of each failed call, in registration order.
        succeeded: Names of the clients whose call succeeded.
    """

    def __init__(
        self, failures: Sequence[tuple[str, Exception]], succeeded: Sequence[str] = ()
    ) -> None:
        self.failures = tuple(failures)
        self.succeeded = tuple(succeeded)
        total = len(self.failures) + len(self.succeeded)
        details = "; ".join(f"{name}: {_describe(error)}" for name, error in self.failures)
        super().__init__(f"broadcast failed on {len(self.failures)} of {total} clients: {details}")

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the failed clients, in registration order."""
        return tuple(name for name, _ in self.failures)


def _describe(error: Exception) -> str:
    text = str(error)
    if len(text) > _ERROR_TEXT_LIMIT:
        text = text[: _ERROR_TEXT_LIMIT - 3] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
