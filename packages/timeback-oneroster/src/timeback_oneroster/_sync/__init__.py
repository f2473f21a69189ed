# This file is generated from packages/timeback-oneroster/src/timeback_oneroster/_async/__init__.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
