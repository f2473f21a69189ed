"""OneRoster 1.2 (Timeback superset) endpoints of the emulator.

:func:`routes` returns Starlette routes with full paths (``/ims/oneroster/rostering/v1p2/...``,
``/ims/oneroster/gradebook/v1p2/...``, ``/ims/oneroster/resources/v1p2/...``), registered without
trailing slashes. The app must:

- keep a :class:`timeback_emulator._store.Store` in ``app.state.store``;
- set ``scope["path"]`` to the raw, still percent-encoded path (no query, no trailing slash)
  before routing: every handler decodes its path parameters exactly once, so an id containing
  ``%2F`` addresses one resource;
- optionally set ``app.state.config.strict_filters = True`` (or ``app.state.strict_filters``) to
  imitate the LearnWith.AI filter limits.

Authentication is the app's business: these handlers do not check tokens.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

__all__ = ["NOT_EMULATED", "routes", "served_endpoints"]

# Endpoints of the OneRoster OpenAPI files that the emulator does not
# serve, with the reason: (method, path template, reason).
NOT_EMULATED: tuple[tuple[str, str, str], ...] = (
    (
        "*",
        "/rostering/1.0/..., /gradebook/1.0/..., /resources/1.0/...",
        "LearnWith.AI base paths: the emulator serves the Beyond-AI bases "
        "only; point a LearnWith.AI client at them through configuration instead.",
    ),
)


def routes() -> list[BaseRoute]:
    """Starlette routes for every emulated OneRoster endpoint.

    Returns:
        Routes with full paths and no trailing slashes; literal segments come before ``{id}``.
    """
    from timeback_emulator.oneroster._routes import build_routes

    return build_routes()


def served_endpoints() -> list[tuple[str, str]]:
    """(method, path template) of every emulated endpoint."""
    from timeback_emulator.oneroster._routes import route_methods

    return route_methods()
