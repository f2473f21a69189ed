"""The sync generator writes clean code: identical branches collapsed, ruff-fixed, formatted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def unasync() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unasync_script", ROOT / "scripts" / "unasync.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_an_if_else_whose_branches_became_identical_is_replaced_by_its_body(
    unasync: ModuleType,
) -> None:
    source = (
        "def f(source):\n"
        "    if getattr(source, '__iter__', None) is not None:\n"
        "        # one comment\n"
        "        for item in source:\n"
        "            yield item\n"
        "    else:\n"
        "        for item in source:\n"
        "            yield item\n"
        "    return None\n"
    )

    cleaned = unasync.collapse_identical_branches(source)

    assert cleaned == (
        "def f(source):\n"
        "    # one comment\n"
        "    for item in source:\n"
        "        yield item\n"
        "    return None\n"
    )


def test_branches_that_differ_are_kept(unasync: ModuleType) -> None:
    source = "if a:\n    x = 1\nelse:\n    x = 2\n"

    assert unasync.collapse_identical_branches(source) == source


def test_the_generated_code_is_lint_fixed_and_formatted(unasync: ModuleType) -> None:
    raw = (
        "from typing import Iterable\n"
        "from typing import Iterable\n"
        "def f(items: Iterable[int] | Iterable[int]) -> int:\n"
        "    return len(list(items))\n"
    )
    target = ROOT / "packages" / "timeback-common" / "src" / "timeback_common" / "_sync" / "x.py"

    cleaned = unasync.clean({target: raw})[target]

    assert cleaned.count("import Iterable") == 1
    assert "Iterable[int] | Iterable[int]" not in cleaned
    assert "\n\n\ndef f(" in cleaned  # formatted: two blank lines before a function
