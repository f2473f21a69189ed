"""Where Caliper lives on each platform and what it offers there. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from timeback_caliper._errors import CaliperError
from timeback_common import Platform, UnsupportedOperationError, service_error_class

__all__ = ["CALIPER_PATHS", "CaliperPaths"]


@dataclass(frozen=True)
class CaliperPaths:
    """Caliper on one platform.

    Attributes:
        platform: The platform's name (for messages).
        send: Where event envelopes are posted.
        full_api: Whether validate, stored-event listing and jobs exist (Beyond-AI only).
        learnwith_profile: Whether events are rewritten to LearnWith.AI's profile on sending.
    """

    platform: str
    send: str
    full_api: bool
    learnwith_profile: bool

    def require_full_api(self, operation: str) -> None:
        """Refuse ``operation`` where the platform only accepts events; nothing is sent.

        Raises:
            UnsupportedOperationError: The platform has no such endpoint (also a
                `CaliperError`).
        """
        if not self.full_api:
            cls = service_error_class(CaliperError, UnsupportedOperationError)
            raise cls(
                f"{operation} is not available on the {self.platform} platform "
                "(it only accepts events); nothing was sent"
            )


CALIPER_PATHS: Mapping[Platform, CaliperPaths] = {
    "beyond-ai": CaliperPaths(
        platform="beyond-ai", send="/caliper/event", full_api=True, learnwith_profile=False
    ),
    "learnwith-ai": CaliperPaths(
        platform="learnwith-ai", send="/caliper/v1p2", full_api=False, learnwith_profile=True
    ),
}
