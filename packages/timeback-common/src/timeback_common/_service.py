"""The pure parts every client shares: the not-given sentinel and the settings-or-arguments rule.

The I/O half, `AsyncServiceClient` (and its generated twin `SyncServiceClient`), is in
``_async/_service.py``; ``timeback_core``'s ``TimebackClient`` uses the same pieces.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Final, Literal

from timeback_common._errors import ConfigurationError
from timeback_common._settings import ClientSettings, resolve_settings

__all__ = ["NOT_GIVEN", "NotGiven", "settings_or_arguments"]


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


def settings_or_arguments(
    settings: ClientSettings | None,
    *,
    env: str | None = None,
    platform: str | None = None,
    base_url: str | None = None,
    auth_url: str | None = None,
    token_url: str | None = None,
    services: Mapping[str, str] | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    scope: str | None = None,
) -> ClientSettings:
    """``settings`` when given, else the settings resolved from the configuration arguments.

    Args:
        settings: Already resolved settings, or None.
        env: See `resolve_settings` (also for the other configuration arguments).
        platform: Platform name.
        base_url: One origin for every service.
        auth_url: The OAuth2 token URL.
        token_url: Same as ``auth_url``.
        services: Base URL per service.
        client_id: OAuth2 client id.
        client_secret: OAuth2 client secret.
        scope: Token scope.

    Returns:
        The settings.

    Raises:
        ConfigurationError: ``settings`` and a configuration argument were both given, or the
            arguments do not resolve (see `resolve_settings`).
    """
    given = {
        "env": env,
        "platform": platform,
        "base_url": base_url,
        "auth_url": auth_url,
        "token_url": token_url,
        "services": services,
        "client_id": client_id,
        "client_secret": client_secret,
        "scope": scope,
    }
    if settings is None:
        return resolve_settings(
            env=env,
            platform=platform,
            base_url=base_url,
            auth_url=auth_url,
            token_url=token_url,
            services=services,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
        )
    clashing = sorted(name for name, value in given.items() if value is not None)
    if clashing:
        raise ConfigurationError(
            f"pass either settings= or the configuration arguments, not both (got settings= "
            f"and {', '.join(clashing)})"
        )
    return settings
