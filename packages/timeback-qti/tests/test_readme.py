"""The README's first example runs as written (against the emulator it starts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = README.read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", text, re.S)
    shown = re.search(r"```\n(created .*?)```", text, re.S)
    assert example is not None
    assert shown is not None

    exec(compile(example.group(1), str(README), "exec"), {"__name__": "readme"})

    assert capsys.readouterr().out == shown.group(1)
