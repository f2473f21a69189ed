# This file is generated from packages/timeback-caliper/src/timeback_caliper/_async/__init__.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Hand-written async I/O layer of the Caliper client (the source of the generated ``_sync``)."""
