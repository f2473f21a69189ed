"""What `TimebackClient.health` reports: one check per part, with its latency."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["HealthCheck", "HealthReport", "HealthStatus"]

HealthStatus = Literal["ok", "failed", "skipped"]


@dataclass(frozen=True)
class HealthCheck:
    """One check: the token endpoint, or one cheap authenticated call to a service.

    Attributes:
        name: ``"token"``, ``"oneroster"``, ``"edubridge"`` or ``"caliper"``.
        status: ``"ok"``, ``"failed"``, or ``"skipped"`` (the platform lacks the service).
        latency_ms: How long the check took (None when skipped).
        detail: What was called, or why it failed (the error's message, never a secret).
        error_type: The class name of the error of a failed check.
    """

    name: str
    status: HealthStatus
    latency_ms: float | None = None
    detail: str = ""
    error_type: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The check as JSON-ready values."""
        return {
            "name": self.name,
            "status": self.status,
            "latencyMs": self.latency_ms,
            "detail": self.detail,
            "errorType": self.error_type,
        }


@dataclass(frozen=True)
class HealthReport:
    """Every check of one `health()` call.

    Attributes:
        checks: The checks, token endpoint first.
        ok: True when no check failed.
    """

    checks: tuple[HealthCheck, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when no check failed (skipped ones do not count)."""
        return all(check.status != "failed" for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {"ok": self.ok, "checks": [check.as_dict() for check in self.checks]}
