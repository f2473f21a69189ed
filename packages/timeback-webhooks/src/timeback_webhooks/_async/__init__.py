"""Async source of the webhooks client (the sync twin in ``_sync`` is generated from it)."""
