# This file is generated from packages/timeback-core/src/timeback_core/_async/__init__.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Hand-written async source of `SyncTimebackClient` and `SyncTimebackManager`; ``_sync`` is generated."""
