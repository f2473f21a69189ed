"""Edubridge users.

They look like OneRoster users but differ: ``enabledUser`` is the string ``"true"``/``"false"``,
``grades`` are strings, a role's ``org`` may be ``{href, type}`` without ``sourcedId``, and the
demographic flags are strings. So they have their own models rather than OneRoster's.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import EdubridgeModel, FlexibleDate, GradeText, StringBool

__all__ = [
    "EdubridgeDemographics",
    "EdubridgeRef",
    "EdubridgeRole",
    "EdubridgeUser",
    "EdubridgeUserId",
]


class EdubridgeRef(EdubridgeModel):
    """A reference to another record; Edubridge roles may omit ``sourcedId``."""

    href: str | None = None
    sourced_id: str | None = None
    type: str | None = None


class EdubridgeRole(EdubridgeModel):
    """One role of a user at an org."""

    role_type: str | None = None
    role: str | None = None
    org: EdubridgeRef | None = None
    user_profile: str | None = None
    begin_date: FlexibleDate | None = None
    end_date: FlexibleDate | None = None


class EdubridgeUserId(EdubridgeModel):
    """An external identifier of a user (``userIds[]``)."""

    type: str | None = None
    identifier: str | None = None


class EdubridgeDemographics(EdubridgeModel):
    """Demographics of a user (the race and ethnicity flags are booleans, sent as strings)."""

    birth_date: FlexibleDate | None = None
    sex: str | None = None
    american_indian_or_alaska_native: StringBool | None = None
    asian: StringBool | None = None
    black_or_african_american: StringBool | None = None
    native_hawaiian_or_other_pacific_islander: StringBool | None = None
    white: StringBool | None = None
    demographic_race_two_or_more_races: StringBool | None = None
    hispanic_or_latino_ethnicity: StringBool | None = None
    country_of_birth_code: str | None = None
    state_of_birth_abbreviation: str | None = None
    city_of_birth: str | None = None
    public_school_residence_status: str | None = None


class EdubridgeUser(EdubridgeModel):
    """A user from ``GET E/users/`` (``{"users": [EdubridgeUser]}``).

    Attributes:
        sourced_id: The user's id; ``None`` only when a ``fields=`` projection left it out.
        enabled_user: Whether the account is enabled (sent as ``"true"``/``"false"``).
        grades: Grade levels as strings (``"-1"`` ... ``"13"``).
    """

    # Optional so that a ``fields=`` projection without ``sourcedId`` still parses.
    sourced_id: str | None = None
    status: str | None = None
    date_last_modified: str | None = None
    metadata: dict[str, Any] | None = None
    enabled_user: StringBool | None = None
    given_name: str | None = None
    family_name: str | None = None
    middle_name: str | None = None
    preferred_first_name: str | None = None
    preferred_middle_name: str | None = None
    preferred_last_name: str | None = None
    pronouns: str | None = None
    username: str | None = None
    user_master_identifier: str | None = None
    identifier: str | None = None
    user_ids: list[EdubridgeUserId] = Field(default_factory=list)
    email: str | None = None
    sms: str | None = None
    phone: str | None = None
    roles: list[EdubridgeRole] = Field(default_factory=list)
    agents: list[EdubridgeRef] = Field(default_factory=list)
    primary_org: EdubridgeRef | None = None
    user_profiles: list[dict[str, Any]] = Field(default_factory=list)
    grades: list[GradeText] = Field(default_factory=list)
    demographics: EdubridgeDemographics | None = None
