"""The ``timeback`` command line (installed with ``pip install 'timeback-core[cli]'``).

Only the entry point lives here, so that this module imports nothing: the command itself
(`timeback_core._cli._app`) imports click and rich, which the ``cli`` extra provides, and each
subcommand imports the SDK only when it runs. ``import timeback_core`` never loads any of it.

Exit codes (also in ``timeback --help``):

====  ================================================================================
0     success
1     the platform failed or could not be reached, after retries (HTTP 5xx, 409, 429,
      connection errors and timeouts, a failed Caliper job)
2     the command must change: bad options, missing configuration, an argument the SDK
      rejected before sending, an operation the platform lacks, HTTP 400 or 422
3     the credentials were rejected (token endpoint refused them, HTTP 401 or 403)
4     the record asked for does not exist (HTTP 404)
130   interrupted (Ctrl+C)
141   stdout was closed early (for example ``timeback users list --format csv | head``)
====  ================================================================================
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

# What the ``cli`` extra adds to timeback-core's own dependencies. The emulator is not among
# them: the commands that run it (demo, emulator serve) say how to install it when it is missing.
_EXTRA_MODULES = frozenset({"click", "rich"})


def main(argv: Sequence[str] | None = None) -> None:
    """Run the ``timeback`` command (the console script's entry point).

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).
    """
    try:
        from timeback_core._cli._app import cli
    except ImportError as exc:
        missing = exc.name or ""
        if missing.partition(".")[0] not in _EXTRA_MODULES:
            raise  # a real bug, not a missing extra
        print(
            f"timeback: the command line needs {missing}, which the cli extra installs:\n"
            "  pip install 'timeback-core[cli]'",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    cli.main(args=list(argv) if argv is not None else None, prog_name="timeback")
