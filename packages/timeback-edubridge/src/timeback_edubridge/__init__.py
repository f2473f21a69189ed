"""Typed sync and async client for Timeback Edubridge: enrollments, analytics, subject tracks."""

__version__ = "0.1.0"

__all__ = ["__version__"]
