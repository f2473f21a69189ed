"""Generate the sync twin of every ``_async`` folder (the technique httpcore uses).

The async code is the only source. For each ``_async/`` folder under ``packages/*/src`` and
``packages/*/tests`` this script writes a sibling ``_sync/`` folder in which each file is the
async file with the substitutions below applied, token by token.

    uv run python scripts/unasync.py          # regenerate
    uv run python scripts/unasync.py --check  # CI: fail if a file is stale or a rule is unused

Naming scheme for sync twins: an async class ``AsyncX`` becomes ``SyncX``; the public async
service clients, which carry the plain names of the seed README (``OneRosterClient``,
``TimebackClient``, ...), become ``SyncOneRosterClient``, ``SyncTimebackClient``, ...
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Add a rule when code needs one: --check fails on a rule nothing uses.
# Order matters only for readability: everything is applied in one regex pass, so a replacement
# is never substituted again.
SUBSTITUTIONS: dict[str, str] = {
    # keywords
    r"\basync def\b": "def",
    r"\basync with\b": "with",
    r"\basync for\b": "for",
    r"\bawait ": "",
    # protocols
    r"\b__aenter__\b": "__enter__",
    r"\b__aexit__\b": "__exit__",
    r"\b__aiter__\b": "__iter__",
    r"\baclose\b": "close",
    r"\bAsyncIterator\b": "Iterator",
    r"\bAsyncIterable\b": "Iterable",
    # httpx
    r"\bhttpx\.AsyncClient\b": "httpx.Client",
    r"\bhttpx\.AsyncBaseTransport\b": "httpx.BaseTransport",
    # module paths
    r"\b_async\b": "_sync",
    # public async names from the seed README
    r"\bTimebackClient\b": "SyncTimebackClient",
    r"\bTimebackManager\b": "SyncTimebackManager",
    r"\bOneRosterClient\b": "SyncOneRosterClient",
    r"\bEdubridgeClient\b": "SyncEdubridgeClient",
    r"\bCaliperClient\b": "SyncCaliperClient",
    r"\bQtiClient\b": "SyncQtiClient",
    # everything else named Async...: AsyncAPIClient -> SyncAPIClient, async_x -> sync_x
    r"\bAsync(?=[A-Z]\w*)": "Sync",
    r"\basync_(?=\w)": "sync_",
    # tests: the anyio marker has no meaning for sync code
    r"^[ \t]*@pytest\.mark\.anyio\n": "",
}

_PATTERN = re.compile("|".join(f"({p})" for p in SUBSTITUTIONS), re.MULTILINE)
_REPLACEMENTS = list(SUBSTITUTIONS.values())
_KEYS = list(SUBSTITUTIONS)

HEADER = (
    "# This file is generated from {source} by scripts/unasync.py.\n"
    "# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.\n"
)


def unasync_text(text: str, used: set[str]) -> str:
    """Apply every substitution to ``text`` in one pass, recording which rules fired."""

    def replace(match: re.Match[str]) -> str:
        index = match.lastindex
        assert index is not None
        used.add(_KEYS[index - 1])
        return _REPLACEMENTS[index - 1]

    return _PATTERN.sub(replace, text)


def async_folders() -> list[Path]:
    found = sorted(ROOT.glob("packages/*/src/**/_async")) + sorted(
        ROOT.glob("packages/*/tests/**/_async")
    )
    found += sorted(ROOT.glob("tests/**/_async"))
    return [p for p in found if p.is_dir()]


def expected_outputs(used: set[str]) -> dict[Path, str]:
    outputs: dict[Path, str] = {}
    for folder in async_folders():
        target = folder.with_name("_sync")
        for source in sorted(folder.rglob("*.py")):
            relative = source.relative_to(folder)
            text = source.read_text(encoding="utf-8")
            rel_source = source.relative_to(ROOT).as_posix()
            header = HEADER.format(source=rel_source)
            outputs[target / relative] = header + unasync_text(text, used)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when generated code is stale")
    args = parser.parse_args(argv)

    used: set[str] = set()
    outputs = expected_outputs(used)
    stale: list[Path] = []
    for path, content in outputs.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    # Generated files whose async source is gone.
    orphans = [
        p
        for folder in async_folders()
        for p in folder.with_name("_sync").rglob("*.py")
        if p not in outputs
    ]
    for orphan in orphans:
        stale.append(orphan)
        if not args.check:
            orphan.unlink()

    unused = [k for k in _KEYS if k not in used] if outputs else []
    if args.check:
        for path in stale:
            print(f"stale generated file: {path.relative_to(ROOT)}", file=sys.stderr)
        for key in unused:
            print(f"unused substitution: {key!r}", file=sys.stderr)
        if stale or unused:
            print("run: uv run python scripts/unasync.py", file=sys.stderr)
            return 1
        print(f"unasync: {len(outputs)} generated files are up to date")
        return 0
    print(f"unasync: wrote {len(stale)} of {len(outputs)} files")
    if unused:
        print("note: unused substitutions: " + ", ".join(unused))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
