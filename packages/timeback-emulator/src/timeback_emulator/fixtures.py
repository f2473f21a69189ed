"""Short-named pytest fixtures over the plugin's in-process emulator, to import into a conftest.

The ``pytest11`` plugin registers only ``timeback_emulator*`` names. A test suite that wants the
short names imports them into its ``conftest.py`` (pytest registers the fixtures a conftest
holds, imported or not)::

    from timeback_emulator.fixtures import emu as emu
    from timeback_emulator.fixtures import seed as seed

Fixtures:

``emu``
    The ``timeback_emulator_app`` fixture: a fresh `InProcessEmulator` per test.

``seed``
    The well-known ids of ``emu``'s seed (``student_id``, ``student_email``, ``course_id``...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from timeback_emulator.app import InProcessEmulator

__all__ = ["emu", "seed"]


@pytest.fixture
def emu(timeback_emulator_app: InProcessEmulator) -> InProcessEmulator:
    """A fresh in-process emulator."""
    return timeback_emulator_app


@pytest.fixture
def seed(emu: InProcessEmulator) -> dict[str, Any]:
    """The emulator's well-known ids (``student_id``, ``student_email``, ``course_id``...)."""
    summary: dict[str, Any] = emu.seed_summary()["summary"]
    return summary
