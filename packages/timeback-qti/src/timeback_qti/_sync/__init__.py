# This file is generated from packages/timeback-qti/src/timeback_qti/_async/__init__.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
