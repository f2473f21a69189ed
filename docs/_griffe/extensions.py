"""Griffe extensions used by the documentation build (see ``mkdocs.yml``).

`ExampleSections`: the SDK's docstrings follow the style guide's Google ``Example:`` heading.
Griffe's Google parser only knows ``Examples:`` as a section; ``Example:`` becomes a Markdown
admonition, where a doctest line such as ``[-1, 0, 5, None]`` reads as a Markdown reference link
and fails ``--strict``. Renaming the heading before parsing renders every example as Python.

`OwnPackageOnly`: a package re-exports names of another package for convenience (the error
classes of ``timeback_common`` from every service and from ``timeback_core``). Each class is
documented once, on the page of the package that defines it; a re-export from another package is
hidden from the re-exporting package's page.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE_HEADING = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Rename ``Example:`` section headings to ``Examples:`` in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        docstring = obj.docstring
        if docstring is not None and "Example:" in docstring.value:
            docstring.value = _EXAMPLE_HEADING.sub(r"\1Examples:", docstring.value)


class OwnPackageOnly(griffe.Extension):
    """Hide a top-level package's re-exports of objects defined in another package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for member in pkg.members.values():
            if isinstance(member, griffe.Alias):
                root = member.target_path.split(".", 1)[0]
                if root != pkg.name:
                    member.public = False
