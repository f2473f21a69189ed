"""Typed sync and async client for the Timeback OneRoster 1.2 APIs (rostering, gradebook, resources)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
