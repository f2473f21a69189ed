"""The Python blocks of the READMEs and the user guide: programs run, fragments are marked.

The rules and the runner are ``docs/_check_examples.py`` (also a command of its own). Here the
cheap part (every block is a program or a marked fragment, fragments compile, no Python 3.11+
only names) runs in the default suite; running every program against the emulator takes about
a minute, so those tests are marked slow (CI runs them).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_check_examples", ROOT / "docs" / "_check_examples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


checker = _load_checker()
PAGE = ROOT / "README.md"
PROGRAMS = [
    block
    for page in checker.pages()
    for block in checker.blocks(page)
    if not block.is_fragment and block.code.lstrip().startswith(("import ", "from "))
]


def block(code: str, line: int = 1) -> object:
    return checker.Block(PAGE, line, code)


def test_the_checked_pages_are_the_readmes_and_the_guide() -> None:
    names = {str(page.relative_to(ROOT)) for page in checker.pages()}

    assert "README.md" in names
    assert "packages/timeback-core/README.md" in names
    assert "packages/timeback-caliper/README.md" in names
    assert "docs/getting-started.md" in names
    assert "docs/guide/pagination.md" in names


def test_every_block_is_a_program_or_a_marked_fragment() -> None:
    problems = [
        problem
        for page in checker.pages()
        for problem in checker.static_problems(checker.blocks(page))
    ]

    assert problems == []


def test_a_block_that_is_neither_program_nor_fragment_is_reported() -> None:
    program = block("import asyncio\nprint(1)\n")
    bare = block("users = await client.users.list()\n", line=9)

    problems = checker.static_problems([program, bare])

    assert len(problems) == 1
    assert "README.md:9" in problems[0]
    assert "neither a program" in problems[0]


def test_a_fragment_needs_a_block_above_it_and_must_compile() -> None:
    first = block(f"{checker.FRAGMENT_MARK}\nx = await f()\n")
    broken = block(f"{checker.FRAGMENT_MARK}\nx = (\n", line=5)

    problems = checker.static_problems([first, broken])

    assert any("no example above it" in problem for problem in problems)
    assert any("README.md:5" in problem and "does not compile" in problem for problem in problems)


def test_datetime_utc_is_reported_in_programs_and_fragments() -> None:
    program = block("from datetime import UTC, datetime\nprint(datetime.now(UTC))\n")
    fragment = block(f"{checker.FRAGMENT_MARK}\nnow = datetime.now(datetime.UTC)\n", line=7)

    problems = checker.static_problems([program, fragment])

    assert len([problem for problem in problems if "datetime.UTC" in problem]) == 2


@pytest.mark.parametrize(
    ("code", "complaint"),
    [
        ("async def main():\n    print('hi')\n", "printed nothing"),
        ("import sys\nsys.exit(3)\n", ""),
        ("from pathlib import Path\nPath('left.db').write_text('x')\nprint('ok')\n", "left.db"),
    ],
    ids=["main-never-called", "fails", "leaves-a-file"],
)
def test_a_program_that_does_nothing_fails_or_leaves_files_is_a_failure(
    code: str, complaint: str
) -> None:
    failure = checker.run_program(block(code))

    assert failure is not None
    assert complaint in failure


def test_a_program_that_prints_and_cleans_up_passes() -> None:
    assert checker.run_program(block("import sys\nprint(sys.version_info >= (3, 10))\n")) is None


@pytest.mark.slow
@pytest.mark.parametrize("program", PROGRAMS, ids=[program.where for program in PROGRAMS])
def test_the_program_runs_against_the_emulator(program: object) -> None:
    assert checker.run_program(program) is None
