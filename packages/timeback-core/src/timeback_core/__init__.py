"""The umbrella Timeback client: `TimebackClient`, `TimebackManager` and their sync twins.

    from timeback_core import TimebackClient

    async with TimebackClient(env="staging", client_id="...", client_secret="...") as client:
        users = await client.oneroster.users.list()

Everything public is listed in ``__all__`` and loaded on first access (PEP 562): ``import
timeback_core`` itself imports nothing heavy, ``from timeback_core import TimebackClient`` loads
the shared runtime (httpx, pydantic, auth), and a service package (``timeback_oneroster``, ...)
is imported only when its client is first used or its error class is imported from here.

Sync twins follow one scheme across the SDK: ``SyncX`` for the async ``X``
(`SyncTimebackClient`, `SyncTimebackManager`).
"""

__version__ = "0.1.0"

# Not `from typing import TYPE_CHECKING`: `typing` alone would be most of this module's import
# time. Type checkers treat any constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from timeback_auth import FileTokenStore
    from timeback_caliper import CaliperError
    from timeback_common import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        CircuitBreaker,
        CircuitOpenError,
        ClientSettings,
        ConfigurationError,
        ConflictError,
        InputValidationError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        RateLimit,
        RateLimitError,
        RequestOptions,
        TimebackError,
        TokenError,
        UnprocessableEntityError,
        UnsupportedOperationError,
    )
    from timeback_edubridge import EdubridgeError
    from timeback_oneroster import OneRosterError
    from timeback_powerpath import PowerPathError
    from timeback_qti import QtiError
    from timeback_webhooks import WebhooksError

    from ._async.client import TimebackClient
    from ._async.manager import TimebackManager
    from ._errors import (
        BroadcastError,
        BroadcastTimeoutError,
        ClientAlreadyRegisteredError,
        ClientNotRegisteredError,
    )
    from ._health import HealthCheck, HealthReport
    from ._results import BroadcastResults
    from ._sync.client import SyncTimebackClient
    from ._sync.manager import SyncTimebackManager

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BroadcastError",
    "BroadcastResults",
    "BroadcastTimeoutError",
    "CaliperError",
    "CircuitBreaker",
    "CircuitOpenError",
    "ClientAlreadyRegisteredError",
    "ClientNotRegisteredError",
    "ClientSettings",
    "ConfigurationError",
    "ConflictError",
    "EdubridgeError",
    "FileTokenStore",
    "HealthCheck",
    "HealthReport",
    "InputValidationError",
    "InternalServerError",
    "NotFoundError",
    "OneRosterError",
    "PermissionDeniedError",
    "PowerPathError",
    "QtiError",
    "RateLimit",
    "RateLimitError",
    "RequestOptions",
    "SyncTimebackClient",
    "SyncTimebackManager",
    "TimebackClient",
    "TimebackError",
    "TimebackManager",
    "TokenError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "WebhooksError",
    "__version__",
]

# Public name -> the module that defines it; every other name in __all__ is the shared
# runtime's (`timeback_common`). The service roots are re-exported from their own packages, so
# `except OneRosterError` here catches exactly what `timeback_oneroster` raises.
_LAZY = {
    "TimebackClient": "timeback_core._async.client",
    "SyncTimebackClient": "timeback_core._sync.client",
    "TimebackManager": "timeback_core._async.manager",
    "SyncTimebackManager": "timeback_core._sync.manager",
    "BroadcastResults": "timeback_core._results",
    "HealthCheck": "timeback_core._health",
    "HealthReport": "timeback_core._health",
    "FileTokenStore": "timeback_auth",
    "BroadcastError": "timeback_core._errors",
    "BroadcastTimeoutError": "timeback_core._errors",
    "ClientAlreadyRegisteredError": "timeback_core._errors",
    "ClientNotRegisteredError": "timeback_core._errors",
    "OneRosterError": "timeback_oneroster",
    "EdubridgeError": "timeback_edubridge",
    "CaliperError": "timeback_caliper",
    "PowerPathError": "timeback_powerpath",
    "QtiError": "timeback_qti",
    "WebhooksError": "timeback_webhooks",
}
_LAZY.update(
    (name, "timeback_common") for name in __all__ if name not in _LAZY and name != "__version__"
)


def __getattr__(name: str) -> "Any":
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # __import__ rather than importlib.import_module: importing importlib costs more than this
    # whole module.
    value = getattr(__import__(module, fromlist=[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> "list[str]":
    return sorted(set(globals()) | set(__all__))
