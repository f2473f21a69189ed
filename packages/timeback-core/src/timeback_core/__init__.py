"""The umbrella Timeback client: TimebackClient, TimebackManager and the timeback command line."""

__version__ = "0.1.0"

__all__ = ["__version__"]
