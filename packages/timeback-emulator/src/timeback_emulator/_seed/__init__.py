"""Deterministic, realistic OneRoster seed data: one school district of any size.

:func:`seed_oneroster` writes a district org and its schools, academic sessions (school years,
terms, grading periods), courses with course components, component resources and resources,
classes, students, teachers, guardians (agents of students), administrators, enrollments,
demographics, gradebook categories, score scales, line items, results, assessment line items and
assessment results. The same ``seed`` gives the same data, ids and timestamps.

Some values are awkward on purpose (a family name ``O'Brien``, non-ASCII names, a few student ids
containing ``/ ? # % ' +`` and spaces) so that clients exercise escaping; they are listed in
:attr:`SeedSummary.awkward_user_ids`. The well-known ids of the summary are always plain.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from timeback_emulator._seed._builder import Builder, District
from timeback_emulator._seed._courses import seed_categories, seed_courses
from timeback_emulator._seed._district import seed_orgs, seed_sessions
from timeback_emulator._seed._people import seed_demographics, seed_users
from timeback_emulator._store import Store

__all__ = ["SIZES", "SeedSummary", "seed_oneroster", "size_to_users"]

SIZES: dict[str, int] = {"tiny": 30, "small": 500, "district": 10_000}
MAX_USERS = 100_000


@dataclass
class SeedSummary:
    """What :func:`seed_oneroster` wrote: counts per collection and well-known ids."""

    users: int
    counts: dict[str, int]
    district_id: str
    school_id: str
    school_year_id: str
    term_id: str
    course_id: str
    class_id: str
    student_id: str
    student_email: str
    teacher_id: str
    guardian_id: str
    admin_id: str
    line_item_id: str
    resource_id: str
    awkward_user_ids: tuple[str, ...] = ()
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def size_to_users(size: str | int) -> int:
    """Number of users for a size name (``tiny``/``small``/``district``) or number.

    Raises:
        ValueError: Unknown name, or a number outside 5..100,000.
    """
    if isinstance(size, str):
        text = size.strip().lower()
        if text in SIZES:
            return SIZES[text]
        if not text.isdigit():
            raise ValueError(f"unknown seed size {size!r}; use tiny, small, district or a number")
        size = int(text)
    if isinstance(size, bool) or not 5 <= size <= MAX_USERS:
        raise ValueError(f"seed size must be between 5 and {MAX_USERS} users, not {size!r}")
    return size


def seed_oneroster(
    store: Store, size: str | int, *, seed: int = 0, today: date | None = None
) -> SeedSummary:
    """Write a deterministic school district into ``store``.

    Args:
        store: The store to fill (existing documents with the same ids are replaced).
        size: ``"tiny"`` (30 users), ``"small"`` (500), ``"district"`` (10,000) or a number of
            users (5 to 100,000).
        seed: Seed of the random generator: the same seed gives the same data.
        today: Date whose school year is generated (default: the 2025-2026 school year, so the
            data does not depend on the clock).

    Returns:
        Counts and well-known ids.

    Raises:
        ValueError: Invalid size.
    """
    started = time.perf_counter()
    n = size_to_users(size)
    # Hundreds of thousands of acyclic dicts: the cyclic GC only slows building them down.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _seed(store, n, seed, today, started)
    finally:
        if gc_was_enabled:
            gc.enable()


def _seed(store: Store, n: int, seed: int, today: date | None, started: float) -> SeedSummary:
    b = Builder(n, seed, today)
    admins = max(1, n // 50)
    teachers = max(2, n * 8 // 100)
    guardians = max(1, n * 5 // 100)
    d = District(
        n=n,
        students=n - admins - teachers - guardians,
        teachers=teachers,
        guardians=guardians,
        admins=admins,
        n_schools=max(2, min(200, n // 1000)),
    )
    # One random generator runs through the families in this order: the same seed gives the
    # same data only if the order stays.
    seed_orgs(b, d)
    seed_sessions(b, d)
    seed_users(b, d)
    seed_demographics(b, d)
    seed_categories(b)
    seed_courses(b, d)
    counts = _write(store, b)

    assert d.first_class_with_students is not None
    class_id, course_id, student_id, teacher_id = d.first_class_with_students
    school_id = d.school_ids[0]
    student = d.users_by_id[student_id]
    return SeedSummary(
        users=n,
        counts=counts,
        district_id=d.district_id,
        school_id=school_id,
        school_year_id=d.year_of[school_id],
        term_id=d.terms_of[school_id][0],
        course_id=course_id,
        class_id=class_id,
        student_id=student_id,
        student_email=student["email"],
        teacher_id=teacher_id,
        guardian_id=d.guardian_ids[0],
        admin_id=d.admin_ids[0],
        line_item_id=f"li-{class_id}-1",
        resource_id=f"rsc-{course_id}-u1-l1",
        awkward_user_ids=tuple(d.awkward),
        seconds=time.perf_counter() - started,
    )


def _write(store: Store, b: Builder) -> dict[str, int]:
    """Write every queued document in one transaction; the count per collection."""
    counts: dict[str, int] = {}
    with store.transaction():
        for collection, docs in b.docs.items():
            counts[collection] = store.insert_many(collection, docs, replace=True)
        for collection, items in b.encoded.items():
            written = store.insert_many_encoded(collection, items, replace=True)
            counts[collection] = counts.get(collection, 0) + written
    return counts
