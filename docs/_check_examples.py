"""Run every Python example of the READMEs and the user guide against the emulator.

Every ``python`` code block of the root README, the package READMEs and the pages under ``docs/``
is one of two kinds, and anything else is an error:

- a **program**: it starts with an import and runs as is in a fresh interpreter and an empty
  working directory, bringing its own platform when it needs one (``run_in_thread(``,
  ``InProcessEmulator(``, or the emulator's pytest fixtures in a block of ``test_`` functions,
  which runs under pytest). It must exit with 0, print something (so a ``main()`` that is never
  called or a lazy list never consumed is caught) and leave no file behind;
- a **fragment**: its first line is the visible mark ``# Fragment: continues the example above``
  (the reader sees that names come from the block before), it is not the first block of its
  page, and it compiles (``await`` allowed at the top, as inside the example's async function).

No block may use ``datetime.UTC`` (Python 3.11+; the packages support 3.10). Run from the
repository root::

    uv run python docs/_check_examples.py              # every page
    uv run python docs/_check_examples.py --static     # classify and compile only, run nothing
    uv run python docs/_check_examples.py docs/guide/bulk.md
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
FRAGMENT_MARK = "# Fragment: continues the example above"
NEWER_PYTHON = re.compile(r"datetime\.UTC\b|from datetime import [^\n]*\bUTC\b")
TIMEOUT = 120


@dataclass(frozen=True)
class Block:
    """One ``python`` code block: where it is and what it says."""

    page: Path
    line: int
    code: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def is_fragment(self) -> bool:
        return self.code.startswith(FRAGMENT_MARK)


def pages() -> list[Path]:
    """Every page whose examples are checked: the READMEs and the user guide."""
    return [
        ROOT / "README.md",
        *sorted(ROOT.glob("packages/*/README.md")),
        *sorted((ROOT / "docs").rglob("*.md")),
    ]


def blocks(page: Path) -> list[Block]:
    """The ``python`` code blocks of one page, in order."""
    text = page.read_text(encoding="utf-8")
    return [
        Block(page, text.count("\n", 0, match.start()) + 1, match.group(1))
        for match in BLOCK.finditer(text)
    ]


def static_problems(page_blocks: list[Block]) -> list[str]:
    """What is wrong with a page's blocks without running them (empty when all is well)."""
    problems = []
    for index, block in enumerate(page_blocks):
        if NEWER_PYTHON.search(block.code):
            problems.append(f"{block.where}: uses datetime.UTC (Python 3.11+); use timezone.utc")
        if block.is_fragment:
            if index == 0:
                problems.append(f"{block.where}: a fragment with no example above it")
            try:
                compile(block.code, block.where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            except SyntaxError as error:
                problems.append(f"{block.where}: the fragment does not compile: {error}")
        elif not block.code.lstrip().startswith(("import ", "from ")):
            problems.append(
                f"{block.where}: neither a program (starts with an import) nor marked as a "
                f"fragment (first line {FRAGMENT_MARK!r})"
            )
    return problems


def command(script: str, code: str) -> list[str]:
    """How to run one program: a module of tests under pytest, anything else as a script."""
    if "def test_" in code:
        # Outside the repository's pytest configuration, as a user's own test module would be.
        return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull,
                "--rootdir", str(Path(script).parent), script]  # fmt: skip
    return [sys.executable, script]


def run_program(block: Block) -> str | None:
    """Run one program in a fresh interpreter and a scratch directory; None when it passed."""
    with tempfile.TemporaryDirectory(prefix="timeback-example-") as scratch:
        script = Path(scratch) / "test_example.py"
        script.write_text(block.code, encoding="utf-8")
        try:
            done = subprocess.run(
                command(str(script), block.code),
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                cwd=scratch,  # whatever an example writes to its working directory is thrown away
            )
        except subprocess.TimeoutExpired:
            return f"timed out after {TIMEOUT} s"
        output = (done.stdout + done.stderr)[-2000:]
        if done.returncode != 0:
            return output
        if not done.stdout.strip():
            return "ran and printed nothing (is its main() called, its list consumed?)"
        leftovers = sorted(path.name for path in Path(scratch).iterdir() if path != script)
        if leftovers and "def test_" not in block.code:
            return f"left files in the working directory: {', '.join(leftovers)}"
    return None


def main(argv: list[str]) -> int:
    static_only = "--static" in argv
    chosen = [Path(arg).resolve() for arg in argv if arg != "--static"] or pages()
    failures = 0
    ran = 0
    for page in chosen:
        page_blocks = blocks(page)
        for problem in static_problems(page_blocks):
            failures += 1
            print(f"FAIL {problem}")
        if static_only:
            continue
        for block in page_blocks:
            if block.is_fragment or not block.code.lstrip().startswith(("import ", "from ")):
                continue
            ran += 1
            failure = run_program(block)
            print(f"{'FAIL' if failure else 'ok  '} {block.where}")
            if failure:
                failures += 1
                print(failure)
    print(f"{ran} programs run, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
