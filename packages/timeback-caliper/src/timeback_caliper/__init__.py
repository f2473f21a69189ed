"""Caliper 1.2 events with the Timeback profile: models, batching, reliable delivery."""

__version__ = "0.1.0"

__all__ = ["__version__"]
