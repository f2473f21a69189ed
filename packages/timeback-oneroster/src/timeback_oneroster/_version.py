"""The package version (kept apart so that the clients can name it without importing the root)."""

__version__ = "0.1.0"
