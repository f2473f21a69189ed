"""The README's operation table names every operation the emulator serves, each once, and each
method it names exists on the client."""

from __future__ import annotations

import re
from pathlib import Path

from timeback_emulator.powerpath import OPERATION_IDS
from timeback_powerpath import PowerPathClient

README = Path(__file__).resolve().parent.parent / "README.md"
ROW = re.compile(r"^\| `(\w+)` \| `(\w+)\.(\w+)\(", re.MULTILINE)


def test_the_table_lists_the_45_operations_once_each() -> None:
    rows = ROW.findall(README.read_text(encoding="utf-8"))
    assert len(OPERATION_IDS) == 45
    assert sorted(operation for operation, _, _ in rows) == sorted(OPERATION_IDS)


def test_every_method_of_the_table_exists() -> None:
    client = PowerPathClient(
        base_url="http://127.0.0.1:9",
        auth_url="http://127.0.0.1:9/t",
        client_id="a",
        client_secret="b",
    )
    for operation, group, method in ROW.findall(README.read_text(encoding="utf-8")):
        assert callable(getattr(getattr(client, group), method)), operation
