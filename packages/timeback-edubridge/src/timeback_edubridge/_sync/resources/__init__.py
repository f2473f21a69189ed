# This file is generated from packages/timeback-edubridge/src/timeback_edubridge/_async/resources/__init__.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""One module per Edubridge resource family (wire contract 5.2); methods of 1-3 lines."""
