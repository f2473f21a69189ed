"""Edubridge routes of the emulator (wire contract §5)."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.routing import BaseRoute

from timeback_emulator._config import EmulatorConfig

OPENAPI_OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {}


def routes() -> list[BaseRoute]:
    """The Edubridge routes."""
    return []


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the Edubridge tables when missing."""


def seed_extras(store: Any, config: EmulatorConfig) -> None:
    """Seed subject tracks and applications."""
