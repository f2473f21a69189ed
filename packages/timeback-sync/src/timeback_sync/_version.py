"""The version of ``timeback-sync`` (kept apart so that modules can import it)."""

__version__ = "0.1.0"
