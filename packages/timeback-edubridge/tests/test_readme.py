"""The README's first example runs as written (against the emulator it starts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    example = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert example is not None

    exec(compile(example.group(1), str(README), "exec"), {"__name__": "readme"})

    printed = capsys.readouterr().out
    assert "last 7 days: 30 XP, accuracy 80%" in printed
    assert "Math: 30 XP on 1 day(s)" in printed
