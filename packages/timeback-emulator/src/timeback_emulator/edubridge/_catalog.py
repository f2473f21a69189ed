"""Fixed Edubridge catalog data: applications and progression lessons."""

from __future__ import annotations

from typing import Any

APPLICATIONS: tuple[dict[str, Any], ...] = (
    {
        "sourcedId": "app-alpha-math",
        "name": "AlphaMath",
        "description": "Adaptive mathematics practice.",
        "domain": ["alphamath.example.com"],
        "metadata": {"subjects": ["Math", "FastMath"], "vendor": "Timeback emulator"},
    },
    {
        "sourcedId": "app-alpha-read",
        "name": "AlphaRead",
        "description": "Reading comprehension articles and quizzes.",
        "domain": ["alpharead.example.com"],
        "metadata": {"subjects": ["Reading", "Vocabulary"], "vendor": "Timeback emulator"},
    },
    {
        "sourcedId": "app-language-lab",
        "name": "Language Lab",
        "description": "Grammar and writing practice.",
        "domain": ["languagelab.example.com"],
        "metadata": {"subjects": ["Language", "Writing"], "vendor": "Timeback emulator"},
    },
    {
        "sourcedId": "app-science-quest",
        "name": "Science Quest",
        "description": "Interactive science lessons.",
        "domain": ["sciencequest.example.com", "sq.example.com"],
        "metadata": {"subjects": ["Science"], "vendor": "Timeback emulator"},
    },
)

APPLICATIONS_BY_ID: dict[str, dict[str, Any]] = {a["sourcedId"]: a for a in APPLICATIONS}

CATALOG_SUBJECTS = ("Math", "Reading", "Language", "Science", "Social Studies")
CATALOG_GRADES = tuple(str(g) for g in range(9))
LESSONS_PER_GRADE = 12


def catalog_lessons(subject: str, grade: str) -> list[dict[str, Any]]:
    """The progression catalog lessons of one subject and grade (deterministic)."""
    slug = subject.lower().replace(" ", "-")
    return [
        {
            "id": f"lesson-{slug}-g{grade}-{n:02d}",
            "title": f"{subject} grade {grade}, lesson {n}",
            "subject": subject,
            "gradeLevel": grade,
            "unit": (n - 1) // 4 + 1,
            "sortOrder": n,
            "xp": 10 + 5 * ((n - 1) // 4),
        }
        for n in range(1, LESSONS_PER_GRADE + 1)
    ]
