"""The pure parts every client shares: the not-given sentinel and the settings-or-arguments rule.

The I/O half, `AsyncServiceClient` (and its generated twin `SyncServiceClient`), is in
``_async/_service.py``; ``timeback_core``'s ``TimebackClient`` uses the same pieces.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Final, Literal

from typing_extensions import TypedDict, Unpack

from timeback_common._errors import ConfigurationError
from timeback_common._settings import ClientSettings, resolve_settings

__all__ = ["NOT_GIVEN", "NotGiven", "SettingsArguments", "settings_or_arguments"]


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
