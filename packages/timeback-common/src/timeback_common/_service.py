"""The pure parts every client shares: the not-given sentinel, the settings-or-arguments rule
and `resolve_client_parts` (settings and auth from a constructor's arguments).

The I/O half, `AsyncServiceClient` (and its generated twin `SyncServiceClient`), is in
``_async/_service.py``; ``timeback_core``'s ``TimebackClient`` uses the same pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from typing_extensions import TypedDict, Unpack

from timeback_common._errors import ConfigurationError
from timeback_common._settings import ClientSettings, resolve_settings
from timeback_common._validation import check_instance

if TYPE_CHECKING:
    import httpx

__all__ = [
    "NOT_GIVEN",
    "ClientParts",
    "NotGiven",
    "SettingsArguments",
    "resolve_client_parts",
    "settings_or_arguments",
]


class NotGiven(Enum):
    """The type of `NOT_GIVEN`: "this argument was left out", where None means something."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> Literal[False]:
        return False


NOT_GIVEN: Final = NotGiven.NOT_GIVEN
"""An argument left out, e.g. ``with_options(timeout=NOT_GIVEN)`` keeps the current timeout
(``timeout=None`` means "no timeout")."""


class SettingsArguments(TypedDict, total=False):
    """The configuration arguments every client takes (each documented on `resolve_settings`)."""

    env: str | None
    platform: str | None
    base_url: str | None
    auth_url: str | None
    token_url: str | None
    services: Mapping[str, str] | None
    client_id: str | None
    client_secret: str | None
    scope: str | None


def settings_or_arguments(
    settings: ClientSettings | None, **arguments: Unpack[SettingsArguments]
) -> ClientSettings:
    """``settings`` when given, else the settings resolved from the configuration arguments.

    Args:
        settings: Already resolved settings, or None.
        **arguments: The configuration arguments (`SettingsArguments`); None means not given.

    Returns:
        The settings.

    Raises:
        ConfigurationError: ``settings`` and a configuration argument were both given, or the
            arguments do not resolve (see `resolve_settings`).
    """
    if settings is None:
        return resolve_settings(**arguments)
    clashing = sorted(name for name, value in arguments.items() if value is not None)
    if clashing:
        raise ConfigurationError(
            f"pass either settings= or the configuration arguments, not both (got settings= "
            f"and {', '.join(clashing)})"
        )
    return settings


class ClientParts(NamedTuple):
    """What a client is built from, resolved from its constructor's arguments."""

    settings: ClientSettings
    """The resolved configuration."""
    auth: httpx.Auth
    """The ``auth=`` given, or the default auth built from the settings."""


def resolve_client_parts(
    settings: ClientSettings | None,
    *,
    default_auth: Callable[..., httpx.Auth],
    auth: httpx.Auth | None = None,
    token_store: Any = None,
    **arguments: Unpack[SettingsArguments],
) -> ClientParts:
    """The settings and auth of a client, from its constructor's arguments.

    Every service client and ``TimebackClient`` resolve these the same way, here.

    Args:
        settings: Already resolved settings, or None (then ``arguments`` are resolved).
        default_auth: Builds the auth when ``auth`` is None: ``default_auth(settings)``, or
            ``default_auth(settings, token_store=token_store)`` when a store is given.
        auth: An ``httpx.Auth`` to use as it is.
        token_store: Where worker processes share one token; for ``default_auth``.
        **arguments: The configuration arguments (`SettingsArguments`); None means not given.

    Returns:
        The `ClientParts`.

    Raises:
        ConfigurationError: ``settings`` and a configuration argument were both given, ``auth``
            and ``token_store`` were both given, ``settings`` is not a `ClientSettings`, or the
            arguments do not resolve.
    """
    if auth is not None and token_store is not None:
        raise ConfigurationError(
            "pass either auth= or token_store=, not both (set the store on your auth)"
        )
    resolved = settings_or_arguments(settings, **arguments)
    check_instance(resolved, ClientSettings, "settings")
    if auth is None:
        if token_store is None:
            auth = default_auth(resolved)
        else:
            auth = default_auth(resolved, token_store=token_store)
    return ClientParts(resolved, auth)
