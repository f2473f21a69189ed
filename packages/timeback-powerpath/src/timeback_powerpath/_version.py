"""The version of ``timeback-powerpath`` (kept apart so that client modules can import it)."""

__version__ = "0.1.0"
