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
    # The learner also has the emulator's seeded activity (which depends on today's date), so
    # the totals are at least the 30 XP of the event the example sends, in Math.
    total = re.search(r"last 7 days: (\d+) XP, accuracy \d+%", printed)
    math = re.search(r"Math: (\d+) XP on \d+ day\(s\)", printed)
    assert total is not None, printed
    assert math is not None, printed
    assert int(total.group(1)) >= int(math.group(1)) >= 30
