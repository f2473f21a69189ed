"""Check that every package builds a wheel that installs and imports alone.

For each workspace member: build its wheel, create a fresh virtualenv, install the wheel with
only the sibling wheels it depends on available (third-party dependencies come from the package
index as usual), import it, and check that no sibling it does not depend on was installed
(``timeback-oneroster`` must work without ``timeback-core``).

    uv run python scripts/check_packaging.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"


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
            dep = requirement
            for stop in "[<>=!~ (":
                dep = dep.split(stop)[0]
            if dep in all_members and dep not in needed:
                needed.add(dep)
                stack.append(dep)
    return needed


def main() -> int:
    all_members = members()
    with tempfile.TemporaryDirectory(prefix="timeback-pkg-") as tmp:
        tmpdir = Path(tmp)
        wheels = tmpdir / "wheels"
        for name in all_members:
            run("uv", "build", "--quiet", "--package", name, "--wheel", "--out-dir", wheels)
        for name in all_members:
            needed = sibling_closure(name, all_members)
            # Install the needed sibling wheels by path: a same-named project on a public
            # index must never stand in for ours.
            local = [
                wheel
                for wheel in sorted(wheels.glob("*.whl"))
                if wheel.name.split("-")[0].replace("_", "-") in needed
            ]
            venv = tmpdir / f"venv-{name}"
            run("uv", "venv", "--quiet", "--python", sys.executable, venv)
            python = venv / "bin" / "python"
            run("uv", "pip", "install", "--quiet", "--python", python, *local)
            import_name = name.replace("-", "_")
            run(python, "-c", f"import {import_name}; print({import_name}.__version__)")
            installed = run("uv", "pip", "list", "--python", python, "--format", "freeze")
            present = {
                line.split("==")[0].lower() for line in installed.splitlines() if "==" in line
            }
            extra = (present & set(all_members)) - needed
            if extra:
                print(f"FAIL {name}: unexpected siblings installed: {sorted(extra)}")
                return 1
            print(f"ok   {name}: installs and imports alone (with {sorted(needed - {name})})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
