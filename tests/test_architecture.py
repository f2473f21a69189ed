"""The import directions of architecture section 2, enforced.

core -> {oneroster, edubridge, caliper, powerpath, qti} -> {auth, common}; auth -> common;
services never import each other; the emulator imports no client package. And each distribution
is versioned on its own, so one reaches another only through its public surface: no module whose
dotted path has a private part (``timeback_common._options``) is imported from another
distribution.
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
    "timeback_powerpath": {"timeback_common", "timeback_auth"},
    "timeback_qti": {"timeback_common", "timeback_auth"},
    "timeback_core": {
        "timeback_common",
        "timeback_auth",
        "timeback_oneroster",
        "timeback_edubridge",
        "timeback_caliper",
        "timeback_powerpath",
        "timeback_qti",
        "timeback_webhooks",
        "timeback_emulator",  # only the command line's `demo` and `emulator serve`
        "timeback_sync",  # only the command line's `sync` (an optional dependency)
    },
    "timeback_emulator": set(),
    "timeback_sync": {"timeback_common", "timeback_oneroster"},  # a product on OneRoster
    # Deliveries carry Caliper events: the webhooks package reads them with its models.
    "timeback_webhooks": {"timeback_common", "timeback_auth", "timeback_caliper"},
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


def imported_modules(source: Path) -> list[tuple[int, str]]:
    """(line, dotted module path) of every absolute import of a timeback package in ``source``.

    ``from pkg import name`` counts as importing ``pkg.name`` when ``name`` is private, so that
    ``from timeback_common import _options`` is caught as well.
    """
    tree = ast.parse(source.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found.extend(
                (node.lineno, f"{node.module}.{alias.name}")
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            )
    return [(line, name) for line, name in found if name.startswith("timeback_")]


def is_private(dotted: str) -> bool:
    return any(part.startswith("_") for part in dotted.split(".")[1:])


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_uses_only_the_public_surface_of_other_distributions(package: str) -> None:
    offences = [
        f"{source.relative_to(PACKAGES)}:{line} imports {name}"
        for source in source_files(package)
        for line, name in imported_modules(source)
        if name.split(".")[0] != package and is_private(name)
    ]
    assert not offences, "\n".join(offences)


def test_the_private_import_check_catches_both_import_forms(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text(
        "from timeback_common._options import DEFAULT_HEADERS\n"
        "from timeback_auth import _token_endpoint\n"
        "import timeback_emulator._cli\n"
        "from timeback_common import RetryPolicy\n",
        encoding="utf-8",
    )

    private = [name for _, name in imported_modules(source) if is_private(name)]

    assert private == [
        "timeback_common._options",
        "timeback_auth._token_endpoint",
        "timeback_emulator._cli",
    ]
