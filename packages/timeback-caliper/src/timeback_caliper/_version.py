"""The version of timeback-caliper (also sent in the ``User-Agent``)."""

__version__ = "0.1.0"
