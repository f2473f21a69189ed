"""A local, faithful emulator of the Timeback platform (OneRoster, Edubridge, Caliper) with fault
injection.

Serve it from the command line (``timeback-emulator serve`` or ``timeback emulator serve``) or
``serve()``, run it on a background thread (``run_in_thread()`` / ``EmulatorServer``), or mount it
in-process::

    import httpx
    from timeback_emulator import create_app

    transport = httpx.ASGITransport(app=create_app(seed="tiny"))

`run_command_line` runs the ``timeback-emulator`` command with given arguments (what
``timeback emulator serve`` of timeback-core calls).
"""

from timeback_emulator._cli import main as run_command_line
from timeback_emulator._config import EmulatorConfig
from timeback_emulator._serving import PortInUseError, ServerLimits, serve
from timeback_emulator.app import (
    AdminHelpers,
    EmulatorServer,
    InProcessEmulator,
    create_app,
    run_in_thread,
)

__version__ = "0.1.0"

__all__ = [
    "AdminHelpers",
    "EmulatorConfig",
    "EmulatorServer",
    "InProcessEmulator",
    "PortInUseError",
    "ServerLimits",
    "__version__",
    "create_app",
    "run_command_line",
    "run_in_thread",
    "serve",
]
