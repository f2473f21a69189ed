"""Request counting by method, route template and status (the ``/_emulator/stats`` figures)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from timeback_emulator._faults import DROPPED_KEY

ROUTE_KEY = "timeback_emulator.route"
"""Scope key holding the template of the route that served a request (set by route tagging)."""

UNMATCHED = "<unmatched>"


class Stats:
    """Counters of one emulator instance."""

    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str, int]] = Counter()

    def record(self, method: str, route: str, status: int) -> None:
        """Count one request. ``status`` 0 means the connection was dropped on purpose."""
        self.requests[(method, route, status)] += 1

    def reset(self) -> None:
        """Forget every count."""
        self.requests.clear()

    def snapshot(self) -> dict[str, Any]:
        """The counts as JSON: a sorted list of rows plus totals by status."""
        rows = [
            {"method": m, "route": r, "status": s, "count": n}
            for (m, r, s), n in sorted(self.requests.items())
        ]
        by_status: Counter[str] = Counter()
        for (_, _, status), n in self.requests.items():
            by_status[str(status)] += n
        return {
            "totalRequests": sum(self.requests.values()),
            "requests": rows,
            "byStatus": dict(sorted(by_status.items())),
        }


class StatsMiddleware:
    """Count every request on a counted path with the status the client received."""

    def __init__(
        self,
        app: ASGIApp,
        stats: Stats,
        counted: Callable[[str], bool],
        template_of: Callable[[Scope], str],
    ) -> None:
        self.app = app
        self.stats = stats
        self.counted = counted
        self.template_of = template_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.counted(scope["path"]):
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            route = scope.get(ROUTE_KEY) or self.template_of(scope)
            self.stats.record(scope["method"], route, 0 if scope.get(DROPPED_KEY) else status)


def tag_route(template: str, app: ASGIApp) -> ASGIApp:
    """Wrap a route's ASGI app so that requests it serves carry its template in the scope."""

    async def tagged(scope: Scope, receive: Receive, send: Send) -> None:
        scope[ROUTE_KEY] = template
        await app(scope, receive, send)

    return tagged
