"""Hand-written async I/O layer; ``scripts/unasync.py`` generates ``_sync`` from it."""
