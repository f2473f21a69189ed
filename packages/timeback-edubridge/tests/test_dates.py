"""Analytics date parameters: bare dates expand to local day boundaries, sent as UTC ``Z``."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_common import InputValidationError
from timeback_edubridge._dates import (
    date_range_params,
    day_end,
    day_start,
    default_date_range,
    resolve_timezone,
    to_query_datetime,
    today_in,
)

MS_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
UTC = dt.timezone.utc

# Zones with awkward transitions: DST at midnight (Santiago, Havana, Beirut), half-hour DST
# (Lord Howe), odd offsets (Kathmandu, Chatham), the date line (Kiritimati, Pago Pago).
ZONES = [
    "UTC",
    "America/New_York",
    "America/Chicago",
    "Europe/London",
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]


@pytest.mark.parametrize(
    ("value", "timezone", "end", "expected"),
    [
        (dt.date(2025, 3, 1), None, False, "2025-03-01T00:00:00.000Z"),
        (dt.date(2025, 3, 1), None, True, "2025-03-01T23:59:59.999Z"),
        ("2025-03-01", "America/Chicago", False, "2025-03-01T06:00:00.000Z"),
        ("2025-03-01", "America/Chicago", True, "2025-03-02T05:59:59.999Z"),
        ("2025-07-01", "America/Chicago", False, "2025-07-01T05:00:00.000Z"),
        ("2025-03-01", "Asia/Kathmandu", False, "2025-02-28T18:15:00.000Z"),
        ("2025-03-01", "Pacific/Kiritimati", True, "2025-03-01T09:59:59.999Z"),
    ],
)
def test_bare_dates_expand_to_the_local_day_boundaries(
    value: dt.date | str, timezone: str | None, end: bool, expected: str
) -> None:
    assert to_query_datetime(value, timezone=timezone, end=end) == expected


@pytest.mark.parametrize(
    ("day", "zone", "start", "end"),
    [
        # spring forward: a 23-hour day
        (
            dt.date(2025, 3, 9),
            "America/New_York",
            "2025-03-09T05:00:00.000Z",
            "2025-03-10T03:59:59.999Z",
        ),
        # fall back: a 25-hour day
        (
            dt.date(2025, 11, 2),
            "America/New_York",
            "2025-11-02T04:00:00.000Z",
            "2025-11-03T04:59:59.999Z",
        ),
        # midnight does not exist: the day starts at 01:00 local
        (
            dt.date(2022, 9, 11),
            "America/Santiago",
            "2022-09-11T04:00:00.000Z",
            "2022-09-12T02:59:59.999Z",
        ),
        # midnight happens twice: the day ends at the second 23:59:59.999
        (
            dt.date(2022, 4, 2),
            "America/Santiago",
            "2022-04-02T03:00:00.000Z",
            "2022-04-03T03:59:59.999Z",
        ),
    ],
)
def test_dst_days_are_covered_whole(day: dt.date, zone: str, start: str, end: str) -> None:
    assert to_query_datetime(day, timezone=zone) == start
    assert to_query_datetime(day, timezone=zone, end=True) == end


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2037, 12, 31)),
    zone_name=st.sampled_from(ZONES),
)
def test_day_boundaries_are_the_first_and_last_millisecond_of_the_local_day(
    day: dt.date, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)

    start, end = day_start(day, zone), day_end(day, zone)

    assert start.astimezone(zone).date() == day
    assert (start - dt.timedelta(milliseconds=1)).astimezone(zone).date() == day - dt.timedelta(1)
    assert end.astimezone(zone).date() == day
    assert (end + dt.timedelta(milliseconds=1)).astimezone(zone).date() == day + dt.timedelta(1)
    assert dt.timedelta(hours=22) < end - start < dt.timedelta(hours=26)


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2037, 12, 31)),
    zone_name=st.sampled_from(ZONES),
)
def test_consecutive_days_tile_time_without_gaps_or_overlaps(day: dt.date, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)

    gap = day_start(day + dt.timedelta(1), zone) - day_end(day, zone)

    assert gap == dt.timedelta(milliseconds=1)


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2037, 12, 31)),
    zone_name=st.sampled_from(ZONES),
    end=st.booleans(),
)
def test_query_values_are_utc_with_milliseconds_and_z(
    day: dt.date, zone_name: str, end: bool
) -> None:
    assert MS_Z.match(to_query_datetime(day, timezone=zone_name, end=end))


def test_aware_datetimes_are_sent_as_the_same_instant_in_utc() -> None:
    value = dt.datetime(2025, 3, 1, 8, 30, 0, 123456, tzinfo=ZoneInfo("America/Chicago"))

    assert to_query_datetime(value, timezone="Asia/Tokyo") == "2025-03-01T14:30:00.123Z"
    assert to_query_datetime(value, timezone="Asia/Tokyo", end=True) == "2025-03-01T14:30:00.123Z"


def test_naive_datetimes_are_wall_clock_times_in_the_given_zone() -> None:
    value = dt.datetime(2025, 3, 1, 8, 30)

    assert to_query_datetime(value, timezone="America/Chicago") == "2025-03-01T14:30:00.000Z"
    assert to_query_datetime(value) == "2025-03-01T08:30:00.000Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01T08:30:00Z", "2025-03-01T08:30:00.000Z"),
        ("2025-03-01T08:30:00.5+01:00", "2025-03-01T07:30:00.500Z"),
        ("2025-03-01T08:30", "2025-03-01T14:30:00.000Z"),
        ("2025-03-01 08:30:00", "2025-03-01T14:30:00.000Z"),
    ],
)
def test_iso_strings_are_read_like_the_values_they_spell(text: str, expected: str) -> None:
    assert to_query_datetime(text, timezone="America/Chicago") == expected


@pytest.mark.parametrize(
    "value", ["03/01/2025", "2025-02-30", "2025-03-01T25:00:00Z", "", 20250301]
)
def test_unreadable_dates_are_refused_naming_the_parameter(value: object) -> None:
    with pytest.raises(InputValidationError) as caught:
        to_query_datetime(value, param="week_date")  # type: ignore[arg-type]

    assert [issue.path for issue in caught.value.issues] == ["week_date"]


@pytest.mark.parametrize("zone", ["Mars/Phobos", "", "../etc/passwd", "America", "utc "])
def test_unknown_time_zones_are_refused_naming_timezone(zone: str) -> None:
    with pytest.raises(InputValidationError) as caught:
        to_query_datetime("2025-03-01", timezone=zone)

    assert [issue.path for issue in caught.value.issues] == ["timezone"]


def test_a_zoneinfo_object_is_accepted_and_sent_by_name() -> None:
    params = date_range_params("2025-03-01", "2025-03-01", timezone=ZoneInfo("Europe/London"))

    assert params["timezone"] == "Europe/London"
    assert resolve_timezone(None) is UTC


def test_date_range_params_expand_both_ends_and_send_the_zone() -> None:
    assert date_range_params("2025-03-01", "2025-03-07", timezone="America/Chicago") == {
        "startDate": "2025-03-01T06:00:00.000Z",
        "endDate": "2025-03-08T05:59:59.999Z",
        "timezone": "America/Chicago",
    }


def test_date_range_params_without_zone_use_utc_and_send_none() -> None:
    assert date_range_params(dt.date(2025, 3, 1), dt.date(2025, 3, 1)) == {
        "startDate": "2025-03-01T00:00:00.000Z",
        "endDate": "2025-03-01T23:59:59.999Z",
    }


def test_a_single_day_range_is_valid_and_a_reversed_one_is_not() -> None:
    with pytest.raises(InputValidationError) as caught:
        date_range_params("2025-03-07", "2025-03-01")

    assert [issue.path for issue in caught.value.issues] == ["end_date"]


def test_every_bad_range_parameter_is_reported_at_once() -> None:
    with pytest.raises(InputValidationError) as caught:
        date_range_params("soon", "later", timezone="Nowhere/City")

    assert [issue.path for issue in caught.value.issues] == ["timezone", "start_date", "end_date"]


def test_today_depends_on_the_learner_zone() -> None:
    now = dt.datetime(2025, 3, 1, 3, 0, tzinfo=UTC)

    assert today_in("UTC", now=now) == dt.date(2025, 3, 1)
    assert today_in("America/Los_Angeles", now=now) == dt.date(2025, 2, 28)
    assert today_in("Pacific/Kiritimati", now=now) == dt.date(2025, 3, 1)


def test_default_range_is_the_last_seven_local_days_including_today() -> None:
    now = dt.datetime(2025, 3, 8, 3, 0, tzinfo=UTC)

    assert default_date_range("America/Chicago", now=now) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 7),
    )
    assert default_date_range(now=now) == (dt.date(2025, 3, 2), dt.date(2025, 3, 8))
    assert default_date_range(now=now, days=1) == (dt.date(2025, 3, 8), dt.date(2025, 3, 8))


@pytest.mark.parametrize("days", [0, -3, True])
def test_default_range_needs_at_least_one_day(days: int) -> None:
    with pytest.raises(InputValidationError) as caught:
        default_date_range(days=days)

    assert [issue.path for issue in caught.value.issues] == ["days"]


def test_default_range_refuses_an_unknown_zone() -> None:
    with pytest.raises(InputValidationError) as caught:
        default_date_range("Nowhere/City")

    assert [issue.path for issue in caught.value.issues] == ["timezone"]
