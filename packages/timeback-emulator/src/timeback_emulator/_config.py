"""Configuration of one emulator instance."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

SEED_SIZES = ("tiny", "small", "district")

SEED_USERS_RANGE = (5, 100_000)
"""The smallest and largest number of students a numeric ``seed`` may ask for."""

DEFAULT_CLIENT_ID = "emulator-client"
DEFAULT_CLIENT_SECRET = "emulator-secret"


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything that shapes one emulator instance.

    Attributes:
        client_id: The one client id the token endpoint accepts.
        client_secret: Its secret.
        token_ttl: ``expires_in`` of issued tokens, in seconds.
        seed: Size of the seeded district: ``"tiny"``, ``"small"``, ``"district"``, a number of
            students, or ``None`` for an empty store.
        seed_number: Random seed of the data generator (same number, same data).
        latency_ms: Delay added to every API response (admin routes excluded).
        fail_rate: Probability (0..1) that an API request is answered with a random 503.
        fail_seed: Seed of the random 503 decisions; the same seed and request order give the
            same failures. ``None`` draws one at random.
        db: SQLite file; ``None`` keeps everything in memory.
        strict_filters: Imitate LearnWith.AI's filter limits (at most two predicates, no AND/OR
            mixing).
        allowed_scopes: When set, the token endpoint rejects any other requested scope with
            ``invalid_scope``; ``None`` accepts any scope string.
        today: The date the emulator considers "today" (school year, seeded activity); ``None``
            means the real current UTC date.
        school_year_start: (month, day) on which a school year begins; default 1 July.
        job_polls: Number of status polls a Caliper job spends in each of ``waiting`` and
            ``active`` before it is ``completed``.
        webhook_signing: How webhook deliveries are signed: ``"standard"`` (Standard Webhooks)
            or ``"caliper-hex"`` (a hex HMAC-SHA256 of the body in ``X-Caliper-Signature``).
        webhook_allowed_hosts: Hosts webhook deliveries may reach besides loopback ones
            (empty: loopback only, so the emulator never forwards requests elsewhere).
    """

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    token_ttl: int = 3600
    seed: str | int | None = "tiny"
    seed_number: int = 0
    latency_ms: int = 0
    fail_rate: float = 0.0
    fail_seed: int | None = None
    db: str | None = None
    strict_filters: bool = False
    allowed_scopes: frozenset[str] | None = None
    today: dt.date | None = None
    school_year_start: tuple[int, int] = (7, 1)
    job_polls: int = 1
    webhook_signing: str = "standard"
    webhook_allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.token_ttl < 0:
            raise ValueError("token_ttl must be >= 0")
        if not 0.0 <= self.fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1")
        if not 0 <= self.latency_ms <= 600_000:
            raise ValueError("latency_ms must be between 0 and 600000 (ten minutes)")
        if isinstance(self.seed, str) and self.seed not in SEED_SIZES:
            if not self.seed.isdigit():
                raise ValueError(f"seed must be one of {SEED_SIZES}, a number or None")
            object.__setattr__(self, "seed", int(self.seed))
        low, high = SEED_USERS_RANGE
        if isinstance(self.seed, int) and not low <= self.seed <= high:
            raise ValueError(f"seed must be between {low} and {high} students, not {self.seed}")
        if self.job_polls < 0:
            raise ValueError("job_polls must be >= 0")
        if self.webhook_signing not in ("standard", "caliper-hex"):
            raise ValueError("webhook_signing must be 'standard' or 'caliper-hex'")
        object.__setattr__(self, "webhook_allowed_hosts", tuple(self.webhook_allowed_hosts))

    def replace(self, **overrides: Any) -> EmulatorConfig:
        """Return a copy with some fields changed."""
        return dataclasses.replace(self, **overrides)

    def current_date(self) -> dt.date:
        """The emulator's notion of today (UTC)."""
        return self.today or dt.datetime.now(dt.timezone.utc).date()


def parse_seed(value: str) -> str | int | None:
    """Parse a ``--seed`` value: ``tiny``, ``small``, ``district``, a number or ``none``."""
    lowered = value.strip().lower()
    if lowered in ("none", "empty"):
        return None
    if lowered in SEED_SIZES:
        return lowered
    if lowered.isdigit():
        low, high = SEED_USERS_RANGE
        if not low <= int(lowered) <= high:
            raise ValueError(f"invalid seed {value!r}: a number of students is {low} to {high}")
        return int(lowered)
    raise ValueError(f"invalid seed {value!r}: use tiny, small, district, a number or none")
