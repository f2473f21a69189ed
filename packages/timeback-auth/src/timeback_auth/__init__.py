"""OAuth2 client-credentials authentication for the Timeback SDK (an httpx.Auth on authlib)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
