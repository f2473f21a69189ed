"""What ``timeback demo`` and ``timeback emulator serve`` say when the emulator is not installed.

The ``cli`` extra brings the command line only; the emulator comes with the ``emulator`` extra
(or ``pip install timeback-emulator``), so the two commands that run it check for it first.
"""

from __future__ import annotations

import click

__all__ = ["EMULATOR_INSTALL_COMMAND", "EmulatorNotInstalled", "require_emulator"]

EMULATOR_INSTALL_COMMAND = "pip install 'timeback-core[cli,emulator]'"
"""The command that installs the command line together with the emulator."""


class EmulatorNotInstalled(click.ClickException):
    """The command runs the local emulator, and ``timeback-emulator`` is not installed.

    Exits with 2, like any other command that must change before it can work.
    """

    exit_code = 2


def require_emulator(command: str) -> None:
    """Stop ``command`` with install instructions unless ``timeback-emulator`` can be imported.

    Args:
        command: The command as the user typed it (``"timeback demo"``), for the message.

    Raises:
        EmulatorNotInstalled: ``timeback_emulator`` is not installed. An emulator that is
            installed but fails to import (a dependency of its own is missing) is not caught:
            that is a broken installation, and its own error says more.
    """
    try:
        import timeback_emulator  # noqa: F401
    except ImportError as error:
        if error.name != "timeback_emulator":
            raise
        raise EmulatorNotInstalled(
            f"{command} runs the local Timeback emulator, which is not installed. "
            f"Install it with:\n  {EMULATOR_INSTALL_COMMAND}"
        ) from None
