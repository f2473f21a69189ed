"""What every package declares about itself: one version, the licence, classifiers and extras.

Read from the installed metadata (what a user's ``pip show`` and resolver see), and from the
source tree where the question is where something is written.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from timeback_core._cli._app import cli
from timeback_core._cli._emulator_extra import EMULATOR_INSTALL_COMMAND, require_emulator

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = sorted(p.parent.name for p in (ROOT / "packages").glob("*/pyproject.toml"))

CLASSIFIERS_OF_EVERY_MEMBER = {
    "Development Status :: 3 - Alpha",
    "Framework :: AsyncIO",
    "Intended Audience :: Developers",
    "Intended Audience :: Education",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.13",
    "Topic :: Education",
    "Typing :: Typed",
}


def test_every_member_is_found() -> None:
    assert len(MEMBERS) == 8
    assert "timeback-core" in MEMBERS


@pytest.mark.parametrize("name", MEMBERS)
def test_version_matches_the_installed_metadata(name: str) -> None:
    module = importlib.import_module(name.replace("-", "_"))
    assert module.__version__ == metadata.version(name)


@pytest.mark.parametrize("name", MEMBERS)
def test_version_is_written_once(name: str) -> None:
    package = ROOT / "packages" / name
    pyproject = (package / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^dynamic = \["version"\]$', pyproject, re.MULTILINE)
    assert not re.search(r"^version\s*=", pyproject, re.MULTILINE)
    (version_path,) = re.findall(r'^path = "(.+)"$', pyproject, re.MULTILINE)
    literals = [
        path.relative_to(package).as_posix()
        for path in (package / "src").rglob("*.py")
        if re.search(r'^__version__ = "', path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert literals == [version_path]


@pytest.mark.parametrize("name", MEMBERS)
def test_license_is_mit_and_shipped(name: str) -> None:
    assert (ROOT / "packages" / name / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    info = metadata.metadata(name)
    assert info["License-Expression"] == "MIT"
    assert info.get_all("License-File") == ["LICENSE"]


@pytest.mark.parametrize("name", MEMBERS)
def test_classifiers_and_keywords(name: str) -> None:
    info = metadata.metadata(name)
    classifiers = set(info.get_all("Classifier") or [])
    assert classifiers >= CLASSIFIERS_OF_EVERY_MEMBER
    assert ("Framework :: Pytest" in classifiers) == (name == "timeback-emulator")
    assert "timeback" in (info["Keywords"] or "").split(",")


@pytest.mark.parametrize("name", MEMBERS)
def test_third_party_requirements_have_floors_and_no_caps(name: str) -> None:
    for requirement in metadata.requires(name) or []:
        spec = requirement.split(";")[0]
        dependency = re.split(r"[\[<>=!~ ]", spec, maxsplit=1)[0]
        if dependency in MEMBERS:
            assert spec.endswith((">=0.1,<0.2", "<0.2,>=0.1")), requirement
        else:
            assert ">=" in spec, f"{name}: {requirement!r} has no lower bound"
            assert "<" not in spec, f"{name}: {requirement!r} is capped"


def _extra_requirements(extra: str) -> set[str]:
    names = set()
    for requirement in metadata.requires("timeback-core") or []:
        if re.search(rf"""extra\s*==\s*["']{extra}["']""", requirement):
            names.add(re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0])
    return names


def test_cli_extra_brings_the_command_line_only() -> None:
    assert _extra_requirements("cli") == {"click", "rich"}
    assert _extra_requirements("emulator") == {"timeback-emulator"}


class _BrokenEmulatorFinder(importlib.abc.MetaPathFinder):
    """Makes ``import timeback_emulator`` fail as if one of its own dependencies were missing."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "timeback_emulator":
            raise ModuleNotFoundError("No module named 'starlette'", name="starlette")
        return None


@pytest.fixture
def emulator_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [m for m in sys.modules if m.partition(".")[0] == "timeback_emulator"]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "timeback_emulator", None)  # import fails, as uninstalled


@pytest.mark.parametrize(
    ("args", "command"),
    [(["demo"], "timeback demo"), (["emulator", "serve"], "timeback emulator serve")],
)
@pytest.mark.usefixtures("emulator_not_installed")
def test_commands_that_need_the_emulator_say_how_to_install_it(
    args: list[str], command: str
) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert f"{command} runs the local Timeback emulator, which is not installed" in result.stderr
    assert EMULATOR_INSTALL_COMMAND in result.stderr
    assert result.stdout == ""


def test_a_broken_emulator_is_not_reported_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [m for m in sys.modules if m.partition(".")[0] == "timeback_emulator"]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(sys, "meta_path", [_BrokenEmulatorFinder(), *sys.meta_path])
    with pytest.raises(ImportError) as caught:
        require_emulator("timeback demo")
    assert caught.value.name == "starlette"


def test_an_installed_emulator_passes() -> None:
    require_emulator("timeback demo")  # raises EmulatorNotInstalled if not importable
    assert "timeback_emulator" in sys.modules
