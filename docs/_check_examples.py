"""Run every self-contained example of the user guide against the emulator.

A Python code block is an example when it starts with an import and brings its own platform
(``run_in_thread(`` or ``InProcessEmulator(``, or the emulator's pytest fixtures in a block of
``test_`` functions, which runs under pytest); the other blocks are fragments that need a client
from the surrounding text. Each example runs in a fresh interpreter, so one cannot lean on
another's state. Run from the repository root::

    uv run python docs/_check_examples.py            # every page
    uv run python docs/_check_examples.py docs/guide/bulk.md
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
PLATFORM = ("run_in_thread(", "InProcessEmulator(", "(timeback_emulator")
TIMEOUT = 120


def examples(page: Path) -> list[str]:
    """The self-contained examples of one page, in order."""
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    return [
        block
        for block in blocks
        if block.lstrip().startswith(("import ", "from "))
        and any(marker in block for marker in PLATFORM)
    ]


def command(script: str, code: str) -> list[str]:
    """How to run one example: a module of tests under pytest, anything else as a script."""
    if "def test_" in code:
        # Outside the repository's pytest configuration, as a user's own test module would be.
        return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull,
                "--rootdir", str(Path(script).parent), script]  # fmt: skip
    return [sys.executable, script]


def main(argv: list[str]) -> int:
    pages = [Path(arg).resolve() for arg in argv] or sorted(DOCS.rglob("*.md"))
    failures = 0
    ran = 0
    for page in pages:
        for number, code in enumerate(examples(page), start=1):
            with tempfile.NamedTemporaryFile(
                "w", prefix="test_example_", suffix=".py", delete=False
            ) as script:
                script.write(code)
            ran += 1
            try:
                done = subprocess.run(
                    command(script.name, code), capture_output=True, text=True, timeout=TIMEOUT
                )
                ok, output = done.returncode == 0, (done.stdout + done.stderr)[-2000:]
            except subprocess.TimeoutExpired:
                ok, output = False, f"timed out after {TIMEOUT} s"
            finally:
                Path(script.name).unlink()
            print(f"{'ok  ' if ok else 'FAIL'} {page.relative_to(DOCS.parent)} example {number}")
            if not ok:
                failures += 1
                print(output)
    print(f"{ran - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
