"""The seed's document builder and the state the entity families share."""

from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any


def stamp(moment: datetime) -> str:
    """A UTC timestamp with milliseconds, as OneRoster writes them."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


@functools.cache
def ref(sid: str, ref_type: str) -> dict[str, str]:
    """A ``{"sourcedId", "type"}`` reference."""
    # Shared (never mutated) reference objects: documents are encoded, not modified, later.
    return {"sourcedId": sid, "type": ref_type}


@functools.cache
def json_string(text: str) -> str:
    """A string as a JSON literal (quotes and escapes included)."""
    return json.dumps(text)


@functools.cache
def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of a name (for e-mail addresses)."""
    table = str.maketrans(
        "ëéèêáàäâãåóòöôõøúùüûíìïîñçłśžšýÉÓÚÍÑØÅ",
        "eeeeaaaaaaoooooouuuuiiiincszzsyEOUINOA",
    )
    cleaned = text.translate(table)
    return "".join(ch for ch in cleaned.lower() if ch.isascii() and ch.isalnum()) or "user"


class Builder:
    """Collects the seed's documents in order, with deterministic timestamps and randomness."""

    def __init__(self, users: int, seed: int, today: date | None) -> None:
        self.n = users
        self.rng = random.Random(seed)
        self._random = self.rng.random
        start = today or date(2025, 8, 1)
        year_start = start.year if start.month >= 7 else start.year - 1
        self.year = year_start + 1
        self.year_start = date(year_start, 8, 1)
        self.base = datetime(year_start, 7, 1, tzinfo=timezone.utc)
        self.docs: dict[str, list[dict[str, Any]]] = {}
        self.encoded: dict[str, list[tuple[dict[str, Any], str]]] = {}
        self.counter = 0
        self.days: dict[int, str] = {}
        self.moments: dict[tuple[int, int], str] = {}
        self.pool = sorted(
            stamp(self.base + timedelta(milliseconds=self.rng.randrange(60 * 86_400_000)))
            for _ in range(4099)
        )

    def add_encoded(self, collection: str, doc: dict[str, Any], text: str | None = None) -> None:
        """Queue a complete document with its JSON text (encoded here when not given)."""
        if text is None:
            doc.setdefault("status", "active")
            doc["dateLastModified"] = self.modified()
            text = json.dumps(doc, separators=(",", ":"))
        self.encoded.setdefault(collection, []).append((doc, text))

    def add(self, collection: str, doc: dict[str, Any]) -> dict[str, Any]:
        doc.setdefault("status", "active")
        doc["dateLastModified"] = self.modified()
        self.docs.setdefault(collection, []).append(doc)
        return doc

    def modified(self) -> str:
        """A modification time within 60 days after the base (from a precomputed pool)."""
        self.counter += 1
        return self.pool[(self.counter * 2_654_435_761) % len(self.pool)]

    def day(self, offset: int) -> str:
        text = self.days.get(offset)
        if text is None:
            text = self.days[offset] = (self.year_start + timedelta(days=offset)).isoformat()
        return text

    def moment(self, offset_days: int, hour: int = 9) -> str:
        text = self.moments.get((offset_days, hour))
        if text is None:
            base = datetime.combine(self.year_start, datetime.min.time(), tzinfo=timezone.utc)
            text = stamp(base + timedelta(days=offset_days, hours=hour))
            self.moments[(offset_days, hour)] = text
        return text

    def below(self, k: int) -> int:
        """A random integer in ``range(k)`` (one draw of the generator)."""
        return int(self._random() * k)


@dataclass
class District:
    """What one entity family of the seed leaves for the next ones."""

    n: int
    students: int
    teachers: int
    guardians: int
    admins: int
    n_schools: int
    district_id: str = ""
    school_ids: list[str] = field(default_factory=list)
    school_band: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    year_of: dict[str, str] = field(default_factory=dict)
    terms_of: dict[str, list[str]] = field(default_factory=dict)
    periods_of: dict[str, list[str]] = field(default_factory=dict)
    awkward: list[str] = field(default_factory=list)
    student_ids: list[str] = field(default_factory=list)
    teacher_ids: list[str] = field(default_factory=list)
    guardian_ids: list[str] = field(default_factory=list)
    admin_ids: list[str] = field(default_factory=list)
    per_school_students: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    school_teachers: dict[str, list[str]] = field(default_factory=dict)
    users_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Running numbers of the course family (ids of enrollments and results).
    enrollment_no: int = 0
    result_no: int = 0
    teacher_cursor: int = 0
    first_class_with_students: tuple[str, str, str, str] | None = None
