"""The first example of each package README runs as written and prints what the README says.

Every example starts its own emulator. Most run in this process; those that leave threads or
files behind if interrupted (Caliper's spool, the webhooks listener) run in a child process, from
an empty directory that must still be empty afterwards.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGES = Path(__file__).resolve().parents[1] / "packages"


def _readme(package: str) -> str:
    return (PACKAGES / package / "README.md").read_text(encoding="utf-8")


def _core(out: str) -> None:
    printed = out.splitlines()
    assert len(printed) == 4
    assert all(len(line.split()) >= 2 for line in printed[:3])  # given and family names
    assert printed[3] == "OneRosterNotFoundError"


def _oneroster(out: str) -> None:
    printed = out.splitlines()
    assert printed[0].split()[1:3] == ["teachers,", "first:"]
    assert "Ada True" in printed
    assert printed[-1] == "404 ('unknownobject',)"


def _edubridge(out: str) -> None:
    # The learner also has the emulator's seeded activity (which depends on today's date), so
    # the totals are at least the 30 XP of the event the example sends, in Math.
    total = re.search(r"last 7 days: (\d+) XP, accuracy \d+%", out)
    math = re.search(r"Math: (\d+) XP on \d+ day\(s\)", out)
    assert total is not None, out
    assert math is not None, out
    assert int(total.group(1)) >= int(math.group(1)) >= 30


def _caliper(out: str) -> None:
    assert "job completed for 2 events" in out
    assert "102 events stored" in out
    assert "delivered=100" in out


def _webhooks(out: str) -> None:
    assert "received ActivityEvent about Math" in out
    assert "Reading" not in out
    assert "1 delivery received" in out


def _qti(out: str) -> None:
    shown = re.search(r"```\n(created .*?)```", _readme("timeback-qti"), re.S)
    assert shown is not None
    assert out == shown.group(1)


@dataclass(frozen=True)
class Example:
    package: str
    check: Callable[[str], None]
    in_child_process: bool = False


EXAMPLES = [
    Example("timeback-caliper", _caliper, in_child_process=True),
    Example("timeback-core", _core),
    Example("timeback-edubridge", _edubridge),
    Example("timeback-oneroster", _oneroster),
    Example("timeback-qti", _qti),
    Example("timeback-webhooks", _webhooks, in_child_process=True),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.package for example in EXAMPLES])
def test_the_first_readme_example_prints_what_the_readme_says(
    example: Example, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = re.search(r"```python\n(.*?)```", _readme(example.package), re.S)
    assert code is not None

    if example.in_child_process:
        result = subprocess.run(
            [sys.executable, "-c", code.group(1)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert list(tmp_path.iterdir()) == []  # nothing left where it ran (a spool, say)
        out = result.stdout
    else:
        readme = str(PACKAGES / example.package / "README.md")
        exec(compile(code.group(1), readme, "exec"), {"__name__": "__readme__"})
        out = capsys.readouterr().out

    example.check(out)
