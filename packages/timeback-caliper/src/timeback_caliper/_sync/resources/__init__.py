# This file is generated from packages/timeback-caliper/src/timeback_caliper/_async/resources/__init__.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""The resources of the Caliper client, one module per family: events, jobs."""
