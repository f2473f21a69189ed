"""`fork_generation`: tells a forked child process from the process that created an object.

Kept apart from the transports (no httpx import), so that anything may record it cheaply.
"""

from __future__ import annotations

import os

__all__ = ["fork_generation"]

_generation = 0


def _forked() -> None:
    global _generation
    _generation += 1


if hasattr(os, "register_at_fork"):  # every POSIX Python; Windows has no fork
    os.register_at_fork(after_in_child=_forked)


def fork_generation() -> int:
    """How many forks separate this process from the one that imported the SDK (0 there).

    An object that records it when created can tell, with one integer comparison, whether it
    is being used in a child process.
    """
    return _generation
