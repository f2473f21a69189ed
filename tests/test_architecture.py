"""The import directions of architecture section 2, enforced.

core -> {oneroster, edubridge, caliper, qti} -> {auth, common}; auth -> common; services never
import each other; the emulator imports no client package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGES = Path(__file__).resolve().parent.parent / "packages"

ALLOWED: dict[str, set[str]] = {
    "timeback_common": set(),
    "timeback_auth": {"timeback_common"},
    "timeback_oneroster": {"timeback_common", "timeback_auth"},
    "timeback_edubridge": {"timeback_common", "timeback_auth"},
    "timeback_caliper": {"timeback_common", "timeback_auth"},
    "timeback_qti": {"timeback_common", "timeback_auth"},
    "timeback_core": {
        "timeback_common",
        "timeback_auth",
        "timeback_oneroster",
        "timeback_edubridge",
        "timeback_caliper",
        "timeback_qti",
        "timeback_emulator",  # only the command line's `demo` and `emulator serve`
    },
    "timeback_emulator": set(),
}


def imported_timeback_packages(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(n.split(".")[0] for n in names if n.startswith("timeback_"))
    return found


def source_files(package: str) -> list[Path]:
    dist = package.replace("_", "-")
    return sorted((PACKAGES / dist / "src" / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_it_may(package: str) -> None:
    files = source_files(package)
    assert files, f"no sources found for {package}"
    for source in files:
        illegal = imported_timeback_packages(source) - ALLOWED[package] - {package}
        assert not illegal, f"{source.relative_to(PACKAGES)} imports {sorted(illegal)}"


def test_core_imports_the_emulator_only_from_the_command_line() -> None:
    for source in source_files("timeback_core"):
        if "timeback_emulator" in imported_timeback_packages(source):
            assert "_cli" in source.parts or source.name.startswith("_cli"), source
