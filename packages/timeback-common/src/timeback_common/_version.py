"""The version of timeback-common (kept apart so any module can import it without cycles)."""

__version__ = "0.1.0"
