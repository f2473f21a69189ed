"""Where the platform is and who is calling: the credential options every API command takes.

Each option falls back to the SDK's environment variable (``TIMEBACK_ENV``, ``TIMEBACK_BASE_URL``,
``TIMEBACK_TOKEN_URL``, ``TIMEBACK_CLIENT_ID``, ``TIMEBACK_CLIENT_SECRET``, ...). The fallback is
left to `timeback_common.resolve_settings`, the one place every client resolves its
configuration, rather than to click's ``envvar=``: so the command line and the SDK can never
disagree about what a variable means. One rule is added on top: a configuration mode chosen on
the command line (``--env`` or ``--base-url``) hides the other mode's variable, so that
``timeback users list --env staging`` means staging even in a shell where ``TIMEBACK_BASE_URL``
points at a local emulator.

Prefer ``TIMEBACK_CLIENT_SECRET`` to ``--client-secret``: arguments are visible to other users of
the machine in the process list, environment variables are not.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from timeback_common import Secret

if TYPE_CHECKING:
    from timeback_common import ClientSettings
    from timeback_core import SyncTimebackClient

__all__ = ["Connection", "connection_options"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Connection:
    """The credential options of one command invocation (None: not given on the command line).

    Attributes:
        env: ``--env``.
        platform: ``--platform``.
        base_url: ``--base-url``.
        auth_url: ``--auth-url``.
        client_id: ``--client-id``.
        client_secret: ``--client-secret``, held as a `Secret` (never shown).
        scope: ``--scope``.
        timeout: ``--timeout`` in seconds.
        max_retries: ``--max-retries``.
    """

    env: str | None = None
    platform: str | None = None
    base_url: str | None = None
    auth_url: str | None = None
    client_id: str | None = None
    client_secret: str | Secret | None = None
    scope: str | None = None
    timeout: float | None = None
    max_retries: int | None = None

    def __post_init__(self) -> None:
        # Held as a Secret, so that a repr or dataclasses.asdict of the options never shows it.
        if isinstance(self.client_secret, str):
            object.__setattr__(self, "client_secret", Secret(self.client_secret))

    def settings(self, environ: dict[str, str] | None = None) -> ClientSettings:
        """Resolve these options and the environment into client settings.

        Args:
            environ: The environment to read (default ``os.environ``).

        Returns:
            The settings.

        Raises:
            ConfigurationError: Something is missing, unknown or contradictory.
        """
        from timeback_common import resolve_settings

        environ = dict(os.environ if environ is None else environ)
        if self.env is not None:
            environ.pop("TIMEBACK_BASE_URL", None)
        if self.base_url is not None:
            environ.pop("TIMEBACK_ENV", None)
        return resolve_settings(
            env=self.env,
            platform=self.platform,
            base_url=self.base_url,
            auth_url=self.auth_url,
            client_id=self.client_id,
            client_secret=self.client_secret,
            scope=self.scope,
            environ=environ,
        )

    def client(self) -> SyncTimebackClient:
        """A client configured from these options and the environment.

        Raises:
            ConfigurationError: The configuration is incomplete or invalid.
        """
        from timeback_core import SyncTimebackClient

        options: dict[str, Any] = {"settings": self.settings()}
        if self.timeout is not None:
            options["timeout"] = self.timeout
        if self.max_retries is not None:
            options["max_retries"] = self.max_retries
        return SyncTimebackClient(**options)


_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (
        ("--env",),
        {
            "type": click.Choice(["staging", "production"]),
            "help": "Platform environment; derives every URL. [env: TIMEBACK_ENV]",
        },
    ),
    (
        ("--platform",),
        {
            "type": click.Choice(["beyond-ai", "learnwith-ai"]),
            "help": "Which Timeback platform (default beyond-ai). [env: TIMEBACK_PLATFORM]",
        },
    ),
    (
        ("--base-url",),
        {
            "metavar": "URL",
            "help": "One origin for every service (self-hosted, or the emulator). "
            "[env: TIMEBACK_BASE_URL]",
        },
    ),
    (
        ("--auth-url", "--token-url", "auth_url"),
        {
            "metavar": "URL",
            "help": "OAuth2 token URL (required with --base-url). [env: TIMEBACK_TOKEN_URL]",
        },
    ),
    (
        ("--client-id",),
        {"metavar": "ID", "help": "OAuth2 client id. [env: TIMEBACK_CLIENT_ID]"},
    ),
    (
        ("--client-secret",),
        {
            "metavar": "SECRET",
            "help": "OAuth2 client secret; prefer the variable, arguments show in the process "
            "list. [env: TIMEBACK_CLIENT_SECRET]",
        },
    ),
    (
        ("--scope",),
        {
            "metavar": "SCOPE",
            "help": "Token scope (default: the platform's). [env: TIMEBACK_SCOPE]",
        },
    ),
    (
        ("--timeout",),
        {
            "type": click.FloatRange(min=0, min_open=True),
            "metavar": "SECONDS",
            "help": "Seconds each request may take (default 30; connecting 5).",
        },
    ),
    (
        ("--max-retries",),
        {
            "type": click.IntRange(min=0),
            "metavar": "N",
            "help": "Retries of a failed request (default 2).",
        },
    ),
)
_NAMES = tuple(field for field in Connection.__dataclass_fields__)


def connection_options(command: F) -> F:
    """Add the credential options to a command, which then receives ``connection: Connection``.

    Args:
        command: The command callback.

    Returns:
        The callback with the options attached.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in _NAMES}
        return command(*args, connection=Connection(**given), **kwargs)

    decorated: Callable[..., Any] = wrapper
    for declarations, attributes in reversed(_OPTIONS):
        group = {"show_default": False, **attributes}
        decorated = click.option(*declarations, **group)(decorated)
    return decorated  # type: ignore[return-value]
