"""The version of ``timeback-webhooks`` (kept apart so that client modules can import it)."""

__version__ = "0.1.0"
