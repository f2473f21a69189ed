"""Caliper routes of the emulator (wire contract §6)."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.routing import BaseRoute

from timeback_emulator._config import EmulatorConfig

OPENAPI_OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {}


def routes() -> list[BaseRoute]:
    """The Caliper routes."""
    return []


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the Caliper tables when missing."""


def seed_activity(store: Any, config: EmulatorConfig) -> None:
    """Seed Caliper activity for some students."""


def count_events(conn: sqlite3.Connection) -> int:
    """How many Caliper events are stored."""
    return 0
