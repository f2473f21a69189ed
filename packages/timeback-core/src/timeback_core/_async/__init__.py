"""Async source of `TimebackClient` and `TimebackManager` (``_sync`` is generated)."""
