"""A local, faithful emulator of the Timeback platform (OneRoster, Edubridge, Caliper) with fault injection."""

__version__ = "0.1.0"

__all__ = ["__version__"]
