"""Endpoint groups of the webhooks client."""
