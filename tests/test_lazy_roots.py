"""Lazy package roots (PEP 562) list each public name three times; the three lists must agree.

`timeback_common` and `timeback_core` load a submodule only when one of its names is first
asked for. Each root names its exports in ``__all__``, in the table ``__getattr__`` reads (name
-> module), and in the ``if TYPE_CHECKING:`` imports that type checkers and editors see. A name
missing from one of them is a name that type-checks but fails at run time, or the reverse.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGES = Path(__file__).resolve().parent.parent / "packages"

# root -> (the name of its name -> module table, how a table value becomes a module path)
LAZY_ROOTS = {
    "timeback_common": ("_SUBMODULE_OF", "timeback_common.{}"),
    "timeback_core": ("_LAZY", "{}"),
}


def type_checking_names(package: str) -> set[str]:
    source = PACKAGES / package.replace("_", "-") / "src" / package / "__init__.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in ast.walk(node):
                if isinstance(statement, ast.ImportFrom) and statement.module != "typing":
                    names.update(alias.asname or alias.name for alias in statement.names)
    return names


@pytest.mark.parametrize("package", sorted(LAZY_ROOTS))
def test_all_the_lazy_table_and_the_type_checking_imports_name_the_same(package: str) -> None:
    table_name, _ = LAZY_ROOTS[package]
    root = importlib.import_module(package)
    eager = {"__version__"}  # imported at once by every root, so it may or may not be listed
    table = set(getattr(root, table_name)) - eager

    assert set(root.__all__) - eager == table
    assert type_checking_names(package) - eager == table


@pytest.mark.parametrize("package", sorted(LAZY_ROOTS))
def test_every_lazy_name_is_defined_where_the_table_says(package: str) -> None:
    table_name, module_path = LAZY_ROOTS[package]
    table: dict[str, str] = getattr(importlib.import_module(package), table_name)

    for name, module in table.items():
        assert hasattr(importlib.import_module(module_path.format(module)), name), name
