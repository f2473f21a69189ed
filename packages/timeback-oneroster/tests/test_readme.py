"""The README's first example runs as written (it starts its own emulator over real HTTP)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    example = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)[0]

    exec(compile(example, str(README), "exec"), {"__name__": "__readme__"})

    output = capsys.readouterr().out.splitlines()
    assert output[0].split()[1:3] == ["teachers,", "first:"]
    assert "Ada True" in output
    assert output[-1] == "404 ('unknownobject',)"
