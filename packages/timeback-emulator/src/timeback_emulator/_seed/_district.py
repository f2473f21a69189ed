"""The district's organisations and academic sessions."""

from __future__ import annotations

from timeback_emulator._seed._builder import Builder, District, ref
from timeback_emulator._seed._data import BANDS, SCHOOL_NAMES


def seed_orgs(b: Builder, d: District) -> None:
    """The district and its schools (each in a grade band, cycling elementary/middle/high)."""
    n_schools = d.n_schools
    district_id = "dist-1"
    school_ids = [f"sch-{i + 1:03d}" for i in range(n_schools)]
    b.add(
        "orgs",
        {
            "sourcedId": district_id,
            "name": "Springfield Unified School District",
            "type": "district",
            "identifier": "SUSD",
            "parent": None,
            "children": [ref(s, "org") for s in school_ids],
            "metadata": None,
        },
    )
    school_band: dict[str, tuple[str, tuple[str, ...]]] = {}
    for i, sid in enumerate(school_ids):
        band = BANDS[i % len(BANDS)]
        school_band[sid] = band
        name = f"{SCHOOL_NAMES[i % len(SCHOOL_NAMES)]} {band[0]} School"
        if i >= len(SCHOOL_NAMES):
            name += f" {i // len(SCHOOL_NAMES) + 1}"
        b.add(
            "orgs",
            {
                "sourcedId": sid,
                "name": name,
                "type": "school",
                "identifier": f"SCH{i + 1:03d}",
                "parent": ref(district_id, "org"),
                "children": [],
                "metadata": {"gradeBand": band[0].lower()},
            },
        )

    d.district_id, d.school_ids, d.school_band = district_id, school_ids, school_band


def seed_sessions(b: Builder, d: District) -> None:
    """Per school a school year, two terms, two grading periods per term."""
    school_ids = d.school_ids
    terms_of: dict[str, list[str]] = {}
    periods_of: dict[str, list[str]] = {}
    year_of: dict[str, str] = {}
    for sid in school_ids:
        year_id = f"as-{sid}-{b.year}"
        year_of[sid] = year_id
        term_ids = [f"term-{sid}-{b.year}-{t}" for t in (1, 2)]
        terms_of[sid] = term_ids
        term_spans = ((14, 153), (157, 304))
        b.add(
            "academicSessions",
            {
                "sourcedId": year_id,
                "title": f"{b.year - 1}-{b.year} School Year",
                "type": "schoolYear",
                "startDate": b.day(0),
                "endDate": b.day(334),
                "schoolYear": b.year,
                "org": ref(sid, "org"),
                "parent": None,
                "children": [ref(t, "academicSession") for t in term_ids],
            },
        )
        for t_index, (term_id, (t_start, t_end)) in enumerate(
            zip(term_ids, term_spans, strict=True), start=1
        ):
            gp_ids = [f"gp-{sid}-{b.year}-{t_index}-{g}" for g in (1, 2)]
            periods_of[term_id] = gp_ids
            b.add(
                "academicSessions",
                {
                    "sourcedId": term_id,
                    "title": f"Semester {t_index} {b.year - 1}-{b.year}",
                    "type": "term",
                    "startDate": b.day(t_start),
                    "endDate": b.day(t_end),
                    "schoolYear": b.year,
                    "org": ref(sid, "org"),
                    "parent": ref(year_id, "academicSession"),
                    "children": [ref(g, "academicSession") for g in gp_ids],
                },
            )
            middle = (t_start + t_end) // 2
            for g_index, (gp_id, (g_start, g_end)) in enumerate(
                zip(gp_ids, ((t_start, middle), (middle, t_end)), strict=True), start=1
            ):
                b.add(
                    "academicSessions",
                    {
                        "sourcedId": gp_id,
                        "title": f"Quarter {(t_index - 1) * 2 + g_index}",
                        "type": "gradingPeriod",
                        "startDate": b.day(g_start),
                        "endDate": b.day(g_end),
                        "schoolYear": b.year,
                        "org": ref(sid, "org"),
                        "parent": ref(term_id, "academicSession"),
                        "children": [],
                    },
                )

    d.terms_of, d.periods_of, d.year_of = terms_of, periods_of, year_of
