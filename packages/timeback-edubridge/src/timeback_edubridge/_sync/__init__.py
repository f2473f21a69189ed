# This file is generated from packages/timeback-edubridge/src/timeback_edubridge/_async/__init__.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Hand-written async I/O layer; ``scripts/unasync.py`` generates ``_sync`` from it."""
