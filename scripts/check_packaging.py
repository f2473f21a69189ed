"""Check what every package publishes: its artefacts, its metadata, and that it installs alone.

    uv run python scripts/check_packaging.py            # build and check every artefact
    uv run python scripts/check_packaging.py --floors   # installed versions are the declared floors

Without options, for each workspace member:

1. build its sdist and wheel;
2. ``twine check --strict`` on both, ``check-wheel-contents`` on the wheel, and
   ``validate-pyproject`` on the ``pyproject.toml`` the sdist ships;
3. the MIT ``LICENSE`` is in both artefacts and named in the wheel's metadata;
4. in a fresh virtualenv, install the wheel with only the sibling wheels it depends on available
   (third-party dependencies come from the package index as usual), import it, check that its
   ``__version__`` is the version in its installed metadata, and that no sibling it does not depend
   on was installed (``timeback-oneroster`` must work without ``timeback-core``).

Then ``timeback-core[cli]`` must install the command line without the emulator, whose commands
say how to install it, and ``timeback-core[cli,emulator]`` must run them.

``--floors`` is for the environment that CI resolves with ``uv sync --resolution lowest-direct``:
it fails unless every third-party runtime requirement of every member (extras included) is
installed at exactly the lower bound it declares, so that each floor is a version the test suite
ran against rather than one nobody tried.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"
LICENSE_TEXT = (ROOT / "LICENSE").read_text(encoding="utf-8")


def run(*args: str | Path, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        command = " ".join(map(str, args))
        raise SystemExit(f"command failed: {command}\n{result.stdout}{result.stderr}")
    return result.stdout


def members() -> list[str]:
    """Distribution names of the workspace members."""
    return sorted(p.parent.name for p in PACKAGES.glob("*/pyproject.toml"))


def requirement_name(requirement: str) -> str:
    name = requirement
    for stop in "[<>=!~ (;":
        name = name.split(stop)[0]
    return name.strip().lower()


def sibling_closure(name: str, all_members: list[str]) -> set[str]:
    """The workspace members ``name`` needs at run time, itself included.

    Read from the installed metadata of the workspace environment (``uv run`` installs every
    member), counting only unconditional requirements (no extras, no markers).
    """
    needed = {name}
    stack = [name]
    while stack:
        for requirement in metadata.requires(stack.pop()) or []:
            if ";" in requirement:
                continue
            dep = requirement_name(requirement)
            if dep in all_members and dep not in needed:
                needed.add(dep)
                stack.append(dep)
    return needed


def check_artefacts(name: str, dist: Path) -> list[str]:
    """Problems with the sdist and wheel of ``name`` in ``dist`` (empty when there are none)."""
    stem = name.replace("-", "_")
    (wheel,) = dist.glob(f"{stem}-*.whl")
    (sdist,) = dist.glob(f"{stem}-*.tar.gz")
    run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)
    run(sys.executable, "-m", "check_wheel_contents", wheel)
    problems = []
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        license_path = f"{dist_info}/licenses/LICENSE"
        if license_path not in names:
            problems.append(f"{wheel.name}: no {license_path}")
        elif archive.read(license_path).decode() != LICENSE_TEXT:
            problems.append(f"{wheel.name}: {license_path} is not the repository's LICENSE")
        wheel_metadata = archive.read(f"{dist_info}/METADATA").decode()
        for line in ("License-Expression: MIT", "License-File: LICENSE"):
            if line not in wheel_metadata.splitlines():
                problems.append(f"{wheel.name}: METADATA lacks {line!r}")
    with tarfile.open(sdist) as archive:
        top = sdist.name.removesuffix(".tar.gz")
        inside = f"{top}/LICENSE"
        license_file = archive.extractfile(inside) if inside in archive.getnames() else None
        if license_file is None:
            problems.append(f"{sdist.name}: no {inside}")
        elif license_file.read().decode() != LICENSE_TEXT:
            problems.append(f"{sdist.name}: LICENSE is not the repository's LICENSE")
        pyproject = archive.extractfile(f"{top}/pyproject.toml")
        assert pyproject is not None
        shipped = dist / f"{top}.pyproject.toml"
        shipped.write_bytes(pyproject.read())
    run(sys.executable, "-m", "validate_pyproject", shipped)
    return problems


def check_installs_alone(name: str, all_members: list[str], dist: Path, tmpdir: Path) -> list[str]:
    """Problems installing the wheel of ``name`` in a fresh virtualenv (empty when none)."""
    needed = sibling_closure(name, all_members)
    # Install the needed sibling wheels by path: a same-named project on a public index must
    # never stand in for ours.
    local = [
        wheel
        for wheel in sorted(dist.glob("*.whl"))
        if wheel.name.split("-")[0].replace("_", "-") in needed
    ]
    venv = tmpdir / f"venv-{name}"
    run("uv", "venv", "--quiet", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    run("uv", "pip", "install", "--quiet", "--python", python, *local)
    import_name = name.replace("-", "_")
    versions = run(
        python,
        "-c",
        f"import importlib.metadata, {import_name}; "
        f"print({import_name}.__version__, importlib.metadata.version({name!r}))",
    ).split()
    problems = []
    if versions[0] != versions[1]:
        problems.append(f"{name}: __version__ {versions[0]} but installed metadata {versions[1]}")
    installed = run("uv", "pip", "list", "--python", python, "--format", "freeze")
    present = {line.split("==")[0].lower() for line in installed.splitlines() if "==" in line}
    extra = (present & set(all_members)) - needed
    if extra:
        problems.append(f"{name}: unexpected siblings installed: {sorted(extra)}")
    return problems


def run_status(*args: str | Path) -> tuple[int, str]:
    """Exit status and combined output of a command that may fail on purpose."""
    result = subprocess.run(
        [str(a) for a in args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return result.returncode, result.stdout + result.stderr


def check_core_extras(all_members: list[str], dist: Path, tmpdir: Path) -> list[str]:
    """Problems with ``timeback-core[cli]`` and ``[cli,emulator]`` (empty when there are none).

    ``[cli]`` must bring the command line and nothing of the emulator (no starlette, no pytest
    plugin), and the commands that need the emulator must say how to install it; adding the
    ``emulator`` extra must make them work.
    """
    wheels = {wheel.name.split("-")[0].replace("_", "-"): wheel for wheel in dist.glob("*.whl")}
    core_siblings = sibling_closure("timeback-core", all_members) - {"timeback-core"}
    problems = []
    for extras in ("cli", "cli,emulator"):
        venv = tmpdir / f"venv-core-{extras.replace(',', '-')}"
        run("uv", "venv", "--quiet", "--python", sys.executable, venv)
        python = venv / "bin" / "python"
        timeback = venv / "bin" / "timeback"
        requirements = [f"timeback-core[{extras}] @ {wheels['timeback-core'].as_uri()}"]
        requirements += [f"{name} @ {wheels[name].as_uri()}" for name in sorted(core_siblings)]
        if "emulator" in extras:
            requirements.append(f"timeback-emulator @ {wheels['timeback-emulator'].as_uri()}")
        run("uv", "pip", "install", "--quiet", "--python", python, *requirements)
        installed = run("uv", "pip", "list", "--python", python, "--format", "freeze").lower()
        plugins = run(
            python,
            "-c",
            "from importlib.metadata import entry_points; "
            "print(sorted(e.name for e in entry_points(group='pytest11')))",
        ).strip()
        label = f"timeback-core[{extras}]"
        code, output = run_status(timeback, "--help")
        if code != 0:
            problems.append(f"{label}: timeback --help exited {code}:\n{output}")
        if extras == "cli":
            for unwanted in ("timeback-emulator==", "starlette==", "uvicorn=="):
                if unwanted in installed:
                    problems.append(f"{label} installed {unwanted.rstrip('=')}")
            if "timeback_emulator" in plugins:
                problems.append(f"{label} registers the emulator's pytest plugin: {plugins}")
            for command in (["demo"], ["emulator", "serve"]):
                code, output = run_status(timeback, *command)
                if code != 2 or "pip install 'timeback-core[cli,emulator]'" not in output:
                    problems.append(
                        f"{label}: timeback {' '.join(command)} exited {code} without saying "
                        f"how to install the emulator:\n{output}"
                    )
        else:
            code, output = run_status(timeback, "emulator", "serve", "--help")
            if code != 0 or "--port" not in output:
                problems.append(f"{label}: timeback emulator serve --help exited {code}:\n{output}")
    return problems


def check_floors(all_members: list[str]) -> int:
    """Fail unless each third-party runtime requirement is installed at its declared floor."""
    from packaging.requirements import Requirement
    from packaging.version import Version

    failures = 0
    for name in all_members:
        extras = metadata.metadata(name).get_all("Provides-Extra") or []
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.name in all_members:
                continue
            environments = [{"extra": extra} for extra in ["", *extras]]
            if requirement.marker and not any(
                requirement.marker.evaluate(env) for env in environments
            ):
                continue  # not for this platform (tzdata on Windows)
            floors = [s.version for s in requirement.specifier if s.operator == ">="]
            if not floors:
                print(f"FAIL {name}: {text!r} declares no lower bound")
                failures += 1
                continue
            installed = metadata.version(requirement.name)
            if Version(installed) != Version(floors[0]):
                print(f"FAIL {name}: {requirement.name} {installed} installed, floor {floors[0]}")
                failures += 1
            else:
                print(f"ok   {name}: {requirement.name}=={installed} (its floor)")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--floors",
        action="store_true",
        help="check that the installed versions are the declared lower bounds, and stop",
    )
    options = parser.parse_args()
    all_members = members()
    if options.floors:
        return check_floors(all_members)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="timeback-pkg-") as tmp:
        tmpdir = Path(tmp)
        dist = tmpdir / "dist"
        for name in all_members:
            run("uv", "build", "--quiet", "--package", name, "--out-dir", dist)
        for name in all_members:
            found = check_artefacts(name, dist)
            found += check_installs_alone(name, all_members, dist, tmpdir)
            problems += found
            if not found:
                needed = sorted(sibling_closure(name, all_members) - {name})
                print(
                    f"ok   {name}: sdist and wheel pass twine, check-wheel-contents and "
                    f"validate-pyproject, ship the LICENSE, install and import alone "
                    f"(with {needed}), __version__ matches the metadata"
                )
        found = check_core_extras(all_members, dist, tmpdir)
        problems += found
        if not found:
            print(
                "ok   timeback-core[cli]: the command line without the emulator (no starlette, "
                "no pytest plugin); demo and emulator serve say how to install it, and "
                "[cli,emulator] runs them"
            )
    for problem in problems:
        print(f"FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
