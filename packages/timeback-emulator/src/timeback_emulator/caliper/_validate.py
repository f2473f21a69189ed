"""Caliper envelope and event validation.

Every failure is reported as ``(path, message)``, e.g. ``("data[0].actor.email", "Required")``;
validation never stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
DATA_VERSION = CONTEXT

Issue = tuple[str, str]

_NAV = {"NavigationEvent": {"NavigatedTo"}, "ViewEvent": {"Viewed"}}

# Caliper 1.2 profiles (as the platform accepts them): profile -> event type -> allowed actions.
PROFILE_EVENTS: dict[str, dict[str, set[str]]] = {
    "AnnotationProfile": {"AnnotationEvent": {"Bookmarked", "Highlighted", "Shared", "Tagged"}},
    "AssessmentProfile": {
        "AssessmentEvent": {"Started", "Paused", "Resumed", "Restarted", "Submitted"},
        "AssessmentItemEvent": {"Started", "Skipped", "Completed"},
    },
    "AssignableProfile": {
        "AssignableEvent": {
            "Activated", "Deactivated", "Started", "Completed", "Submitted", "Reviewed",
        },
        **_NAV,
    },
    "ForumProfile": {
        "ForumEvent": {"Subscribed", "Unsubscribed"},
        "ThreadEvent": {"MarkedAsRead", "MarkedAsUnRead"},
        "MessageEvent": {"MarkedAsRead", "MarkedAsUnRead", "Posted"},
        **_NAV,
    },
    "ReadingProfile": dict(_NAV),
    "SurveyProfile": {
        "SurveyInvitationEvent": {"Sent", "Accepted", "Declined"},
        "SurveyEvent": {"OptedIn", "OptedOut"},
        "QuestionnaireEvent": {"Started", "Submitted"},
        "QuestionnaireItemEvent": {"Started", "Skipped", "Completed"},
        **_NAV,
    },
    "MediaProfile": {
        "MediaEvent": {
            "Started", "Ended", "Paused", "Resumed", "Restarted", "ForwardedTo", "JumpedTo",
            "ChangedResolution", "ChangedSize", "ChangedSpeed", "ChangedVolume",
            "EnabledClosedCaptioning", "DisabledClosedCaptioning", "EnteredFullScreen",
            "ExitedFullScreen", "Muted", "Unmuted", "OpenedPopout", "ClosedPopout",
        },
        **_NAV,
    },
    "FeedbackProfile": {"FeedbackEvent": {"Commented", "Ranked"}},
    "GradingProfile": {"GradeEvent": {"Graded"}, "ViewEvent": {"Viewed"}},
    "ResourceManagementProfile": {
        "ResourceManagementEvent": {
            "Created", "Copied", "Modified", "Deleted", "Described", "Downloaded", "Uploaded",
            "Retrieved", "Printed", "Published", "Unpublished", "Archived", "Restored", "Saved",
        }
    },
    "SearchProfile": {"SearchEvent": {"Searched"}},
    "SessionProfile": {"SessionEvent": {"LoggedIn", "LoggedOut", "TimedOut"}},
    "ToolLaunchProfile": {"ToolLaunchEvent": {"Launched", "Returned"}},
    "ToolUseProfile": {"ToolUseEvent": {"Used"}},
    "GeneralProfile": {"Event": set()},  # any Caliper action, filled in below
    "TimebackProfile": {"ActivityEvent": {"Completed"}, "TimeSpentEvent": {"SpentTime"}},
}  # fmt: skip

# The Caliper 1.2 action vocabulary (GeneralProfile accepts any of them).
CALIPER_ACTIONS: frozenset[str] = frozenset(
    {
        "Abandoned", "Accepted", "Activated", "Added", "Archived", "Attached", "Bookmarked",
        "ChangedResolution", "ChangedSize", "ChangedSpeed", "ChangedVolume", "Classified",
        "ClosedPopout", "Commented", "Completed", "Copied", "Created", "Deactivated", "Declined",
        "Deleted", "Described", "DisabledClosedCaptioning", "Disliked", "Downloaded",
        "EnabledClosedCaptioning", "Ended", "EnteredFullScreen", "ExitedFullScreen", "ForwardedTo",
        "Graded", "Hid", "Highlighted", "Identified", "JumpedTo", "Launched", "Liked", "Linked",
        "LoggedIn", "LoggedOut", "MarkedAsRead", "MarkedAsUnRead", "Modified", "Muted",
        "NavigatedTo", "OpenedPopout", "OptedIn", "OptedOut", "Paused", "Posted", "Printed",
        "Published", "Questioned", "Ranked", "Recommended", "Removed", "Reset", "Restarted",
        "Restored", "Resumed", "Retrieved", "Returned", "Reviewed", "Rewound", "Saved", "Searched",
        "Sent", "Shared", "Showed", "Skipped", "Started", "Submitted", "Subscribed", "Tagged",
        "TimedOut", "Unmuted", "Unpublished", "Unsubscribed", "Uploaded", "Used", "Viewed",
    }
)  # fmt: skip
PROFILE_EVENTS["GeneralProfile"]["Event"] = set(CALIPER_ACTIONS)

PROFILES: frozenset[str] = frozenset(PROFILE_EVENTS)
EVENT_TYPES: frozenset[str] = frozenset(t for types in PROFILE_EVENTS.values() for t in types)

# Members an event type requires beyond the generic Event ones: (type, profile or None for
# any) -> members.
_ALSO_REQUIRED: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("AnnotationEvent", None): ("generated",),
    ("AssessmentEvent", None): ("generated",),
    ("GradeEvent", None): ("generated",),
    ("QuestionnaireItemEvent", None): ("generated",),
    ("NavigationEvent", "MediaProfile"): ("target",),
    ("ActivityEvent", None): ("generated",),
    ("TimeSpentEvent", None): ("generated",),
}

EVENT_MEMBERS = frozenset(
    {
        "@context", "id", "type", "profile", "actor", "action", "object", "eventTime", "edApp",
        "generated", "target", "referrer", "group", "membership", "session", "federatedSession",
        "extensions",
    }
)  # fmt: skip
_ENTITY_VALUED = (
    "edApp", "generated", "target", "referrer", "group", "membership", "session",
    "federatedSession",
)  # fmt: skip
ENTITY_MEMBERS = frozenset(
    {
        "@context", "id", "type", "name", "description", "dateCreated", "dateModified",
        "extensions", "otherIdentifiers",
    }
)  # fmt: skip

# Timeback's subjects: those the platform publishes plus those its own clients send.
SUBJECTS = (
    "Science", "Math", "Reading", "Language", "Social Studies", "None",
    "Vocabulary", "Writing", "FastMath", "Other",
)  # fmt: skip
ACTIVITY_METRICS = ("xpEarned", "totalQuestions", "correctQuestions", "masteredUnits")
TIME_SPENT_METRICS = ("active", "inactive", "waste", "unknown", "anti-pattern")
USER_ROLES = ("student", "teacher", "admin", "guide")
_TIMEBACK_USER_MEMBERS = frozenset({"id", "type", "email", "name", "role", "extensions"})
_SNAKE_HINTS = {"sub_type": "subType", "start_date": "startDate", "end_date": "endDate"}

# LearnWith.AI shapes.
LEARNWITH_PROFILE = "AggregationProfile"
_LW_ACTIVITY_METRICS = ("XpEarned", "TotalQuestions", "CorrectQuestions", "MasteredUnits")
_LW_TIME_METRICS = ("Active", "Inactive", "Waste", "Unknown", "AntiPattern")

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$"
)


def parse_datetime(value: Any) -> dt.datetime | None:
    """Parse an RFC 3339 date-time (any offset and precision) to an aware UTC datetime."""
    if not isinstance(value, str):
        return None
    match = _DATETIME.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        if offset in ("Z", "z"):
            tz = dt.timezone.utc
        else:
            sign = 1 if offset[0] == "+" else -1
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
        parsed = dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), min(int(second), 59), micro, tz
        )
    except ValueError:
        return None
    return parsed.astimezone(dt.timezone.utc)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Validator:
    """Collects every issue of one envelope."""

    def __init__(self, *, require_data_version: bool = True, learnwith: bool = False) -> None:
        self.issues: list[Issue] = []
        self.require_data_version = require_data_version
        self.learnwith = learnwith

    def add(self, path: str, message: str) -> None:
        self.issues.append((path, message))

    # -- primitives ---------------------------------------------------------------------------
    def _uri(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}" if path else key, "Required")
            return
        if not isinstance(value, str) or not _URI.match(value):
            self.add(f"{path}.{key}" if path else key, "Must be an IRI (URI)")

    def _string(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "Required")
        elif not isinstance(value, str):
            self.add(f"{path}.{key}", "Must be a string")

    def _object_member(self, obj: Mapping[str, Any], key: str, path: str) -> None:
        if key in obj and not isinstance(obj[key], dict):
            self.add(f"{path}.{key}", "Must be an object")

    def _datetime(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}" if path else key, "Required")
        elif parse_datetime(value) is None:
            self.add(f"{path}.{key}" if path else key, "Must be an ISO 8601 date-time")

    def _entity_ref(self, value: Any, path: str) -> None:
        """A member that is an IRI string or an entity object (id and type required)."""
        if isinstance(value, str):
            if not _URI.match(value):
                self.add(path, "Must be an IRI (URI)")
        elif isinstance(value, dict):
            if "id" not in value:
                self.add(f"{path}.id", "Required")
            elif not isinstance(value["id"], str):
                self.add(f"{path}.id", "Must be a string")
            if "type" not in value:
                self.add(f"{path}.type", "Required")
            elif not isinstance(value["type"], str):
                self.add(f"{path}.type", "Must be a string")
        else:
            self.add(path, "Must be an IRI string or an object")

    # -- envelope -------------------------------------------------------------------------------
    def envelope(self, body: Any) -> list[int]:
        """Validate an envelope; returns the indexes of ``data`` items that are events."""
        if not isinstance(body, dict):
            self.add("", "The envelope must be a JSON object")
            return []
        self._uri(body, "sensor", "", required=True)
        self._datetime(body, "sendTime", "", required=True)
        version = body.get("dataVersion")
        if version is None:
            if self.require_data_version:
                self.add("dataVersion", "Required")
        elif version != DATA_VERSION:
            self.add("dataVersion", f"Must be {DATA_VERSION}")
        data = body.get("data")
        if data is None:
            self.add("data", "Required")
            return []
        if not isinstance(data, list):
            self.add("data", "Must be an array")
            return []
        if not data:
            self.add("data", "Must contain at least one event or entity")
            return []
        events: list[int] = []
        for index, item in enumerate(data):
            path = f"data[{index}]"
            if not isinstance(item, dict):
                self.add(path, "Must be an event or entity object")
            elif _looks_like_event(item):
                events.append(index)
                self.event(item, path)
            else:
                self.entity(item, path)
        return events

    def entity(self, item: Mapping[str, Any], path: str) -> None:
        """A bare entity in ``data`` (generic Entity schema, no unknown members)."""
        self._uri(item, "id", path, required=True)
        self._string(item, "type", path, required=True)
        for key in sorted(set(item) - ENTITY_MEMBERS):
            self.add(f"{path}.{key}", "Unknown member (not allowed on an Entity)")

    # -- events -----------------------------------------------------------------------------
    def event(self, event: Mapping[str, Any], path: str) -> None:
        """One event: context, id, profile, type and action, then required members, each step
        reported in that order (the platform reports them so)."""
        event_type = event.get("type")
        profile = event.get("profile")
        # @context: required on every profile-specific event schema.
        context = event.get("@context")
        if context is None:
            if event_type != "Event":
                self.add(f"{path}.@context", "Required")
        elif context != CONTEXT:
            self.add(f"{path}.@context", f"Must be {CONTEXT}")
        # id pattern
        event_id = event.get("id")
        if event_id is None:
            self.add(f"{path}.id", "Required")
        elif not isinstance(event_id, str) or not event_id.startswith("urn:uuid:"):
            self.add(f"{path}.id", "Must match ^urn:uuid: (a UUID expressed as a URN)")
        if event_type is None:
            self.add(f"{path}.type", "Required")
        elif not isinstance(event_type, str):
            self.add(f"{path}.type", "Must be a string")
        # profile known
        profiles = self._profiles()
        if profile is None:
            self.add(f"{path}.profile", "Required")
        elif not isinstance(profile, str):
            self.add(f"{path}.profile", "Must be a string")
            profile = None
        elif profile not in profiles:
            hint = ""
            if self.learnwith and profile == "TimebackProfile":
                hint = " (Timeback-profile events must be transformed to AggregationProfile)"
            self.add(f"{path}.profile", f"Unknown profile {profile!r}{hint}")
        # (type, action) allowed for the profile
        action = event.get("action")
        if action is None:
            self.add(f"{path}.action", "Required")
        elif not isinstance(action, str):
            self.add(f"{path}.action", "Must be a string")
        if profile in profiles and isinstance(event_type, str):
            types = profiles[profile]
            if event_type not in types:
                allowed = ", ".join(sorted(types))
                self.add(f"{path}.type", f"{event_type!r} is not allowed in {profile} ({allowed})")
            elif isinstance(action, str) and action not in types[event_type]:
                self.add(
                    f"{path}.action",
                    f"{action!r} is not allowed for {event_type} in {profile} "
                    f"({', '.join(sorted(types[event_type]))})",
                )
        # required members for the type
        for key in ("actor", "object"):
            if key not in event:
                self.add(f"{path}.{key}", "Required")
        self._datetime(event, "eventTime", path, required=True)
        if isinstance(event_type, str):
            for (required_type, only_profile), members in _ALSO_REQUIRED.items():
                if required_type == event_type and only_profile in (None, profile):
                    for key in members:
                        if key not in event:
                            self.add(f"{path}.{key}", f"Required for {event_type}")
        for key in sorted(set(event) - EVENT_MEMBERS):
            self.add(f"{path}.{key}", "Unknown member (not allowed on an Event)")
        if "extensions" in event and not isinstance(event["extensions"], dict):
            self.add(f"{path}.extensions", "Must be an object")
        # Timeback (or LearnWith.AI) entity schemas
        is_metrics_event = event_type in ("ActivityEvent", "TimeSpentEvent")
        if profile == "TimebackProfile" and not self.learnwith and is_metrics_event:
            self._timeback_event(event, path, str(event_type))
        elif profile == LEARNWITH_PROFILE and self.learnwith and is_metrics_event:
            self._learnwith_event(event, path, str(event_type))
        else:
            for key in ("actor", "object", *_ENTITY_VALUED):
                if key in event:
                    self._entity_ref(event[key], f"{path}.{key}")

    def _profiles(self) -> dict[str, dict[str, set[str]]]:
        if not self.learnwith:
            return PROFILE_EVENTS
        profiles = {k: v for k, v in PROFILE_EVENTS.items() if k != "TimebackProfile"}
        profiles[LEARNWITH_PROFILE] = {
            "ActivityEvent": {"Completed"},
            "TimeSpentEvent": {"SpentTime"},
        }
        return profiles

    # -- Timeback profile ------------------------------------------------------------
    def _timeback_event(self, event: Mapping[str, Any], path: str, event_type: str) -> None:
        if "actor" in event:
            self._timeback_user(event["actor"], f"{path}.actor")
        if "object" in event:
            self._activity_context(event["object"], f"{path}.object")
        for key in _ENTITY_VALUED:
            if key in event and key != "generated":
                self._entity_ref(event[key], f"{path}.{key}")
        if "generated" in event:
            if event_type == "ActivityEvent":
                self._metrics_collection(
                    event["generated"],
                    f"{path}.generated",
                    "TimebackActivityMetricsCollection",
                    ACTIVITY_METRICS,
                    time_spent=False,
                )
            else:
                self._metrics_collection(
                    event["generated"],
                    f"{path}.generated",
                    "TimebackTimeSpentMetricsCollection",
                    TIME_SPENT_METRICS,
                    time_spent=True,
                )

    def _typed_object(self, value: Any, path: str, type_name: str) -> bool:
        """Whether ``value`` is an object (reported when not); a ``type`` member other than
        ``type_name`` is reported too."""
        if not isinstance(value, dict):
            self.add(path, f"Must be a {type_name} object")
            return False
        if value.get("type") != type_name:
            self.add(f"{path}.type", f"Must be {type_name!r}")
        return True

    def _metric_items(self, items: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The metric objects of ``path.items`` with their paths, in order; a non-array and
        each member that is not an object are reported as they are reached."""
        if not isinstance(items, list):
            self.add(f"{path}.items", "Must be an array")
            return
        for index, item in enumerate(items):
            item_path = f"{path}.items[{index}]"
            if isinstance(item, dict):
                yield item_path, item
            else:
                self.add(item_path, "Must be a metric object")

    def _timeback_user(self, actor: Any, path: str) -> None:
        if not self._typed_object(actor, path, "TimebackUser"):
            return
        self._uri(actor, "id", path, required=True)
        email = actor.get("email")
        if email is None:
            self.add(f"{path}.email", "Required")
        elif not isinstance(email, str) or not _EMAIL.match(email):
            self.add(f"{path}.email", "Must be an email address")
        self._string(actor, "name", path, required=False)
        if "role" in actor and actor["role"] not in USER_ROLES:
            self.add(f"{path}.role", f"Must be one of {', '.join(USER_ROLES)}")
        self._object_member(actor, "extensions", path)
        for key in sorted(set(actor) - _TIMEBACK_USER_MEMBERS):
            self.add(f"{path}.{key}", "Unknown member (not allowed on a TimebackUser)")

    def _activity_context(self, obj: Any, path: str) -> None:
        if not self._typed_object(obj, path, "TimebackActivityContext"):
            return
        self._uri(obj, "id", path, required=True)
        subject = obj.get("subject")
        if subject is None:
            self.add(f"{path}.subject", "Required")
        elif subject not in SUBJECTS:
            self.add(f"{path}.subject", f"Must be one of {', '.join(SUBJECTS)}")
        for key, required in (("app", True), ("course", False), ("activity", False)):
            value = obj.get(key)
            if value is None:
                if required:
                    self.add(f"{path}.{key}", "Required")
                continue
            if not isinstance(value, dict):
                self.add(f"{path}.{key}", "Must be an object")
                continue
            self._string(value, "name", f"{path}.{key}", required=True)
            self._uri(value, "id", f"{path}.{key}", required=False)
            self._object_member(value, "extensions", f"{path}.{key}")
        if "process" in obj and not isinstance(obj["process"], bool):
            self.add(f"{path}.process", "Must be a boolean")
        self._object_member(obj, "extensions", path)

    def _metrics_collection(
        self,
        generated: Any,
        path: str,
        collection_type: str,
        metric_types: tuple[str, ...],
        *,
        time_spent: bool,
    ) -> None:
        if not self._typed_object(generated, path, collection_type):
            return
        self._uri(generated, "id", path, required=True)
        self._object_member(generated, "extensions", path)
        attempt = generated.get("attempt")
        if attempt is not None and (
            not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 1
        ):
            self.add(f"{path}.attempt", "Must be an integer >= 1")
        items = generated.get("items")
        if items is None:
            self.add(f"{path}.items", "Required")
            return
        for item_path, item in self._metric_items(items, path):
            metric_type = item.get("type")
            if metric_type is None:
                self.add(f"{item_path}.type", "Required")
            elif metric_type not in metric_types:
                self.add(f"{item_path}.type", f"Must be one of {', '.join(metric_types)}")
            if "value" not in item:
                self.add(f"{item_path}.value", "Required")
            elif not _is_number(item["value"]):
                self.add(f"{item_path}.value", "Must be a number")
            self._object_member(item, "extensions", item_path)
            if time_spent:
                self._string(item, "subType", item_path, required=False)
                self._datetime(item, "startDate", item_path, required=False)
                self._datetime(item, "endDate", item_path, required=False)
                for wrong, right in _SNAKE_HINTS.items():
                    if wrong in item:
                        self.add(f"{item_path}.{wrong}", f"Unknown member; use camelCase {right!r}")

    # -- LearnWith.AI ----------------------------------------------------------------
    def _learnwith_event(self, event: Mapping[str, Any], path: str, event_type: str) -> None:
        actor = event.get("actor")
        if isinstance(actor, dict):
            if actor.get("type") != "Person":
                self.add(f"{path}.actor.type", "Must be 'Person' (transformed TimebackUser)")
            self._uri(actor, "id", f"{path}.actor", required=True)
        elif actor is not None:
            self._entity_ref(actor, f"{path}.actor")
        obj = event.get("object")
        if isinstance(obj, dict):
            if obj.get("type") != "AssignableDigitalResource":
                self.add(f"{path}.object.type", "Must be 'AssignableDigitalResource'")
            self._uri(obj, "id", f"{path}.object", required=True)
            if "subject" in obj:
                self.add(f"{path}.object.subject", "Unknown member (dropped by the transformation)")
        elif obj is not None:
            self._entity_ref(obj, f"{path}.object")
        generated = event.get("generated")
        if generated is None:
            return
        names: tuple[str, ...]
        if event_type == "ActivityEvent":
            expected, item_type, names = (
                "ActivityMetricsCollection",
                "ActivityMetric",
                _LW_ACTIVITY_METRICS,
            )
        else:
            expected, item_type, names = (
                "TimeSpentMetricsCollection",
                "TimeSpentMetric",
                _LW_TIME_METRICS,
            )
        gpath = f"{path}.generated"
        if not self._typed_object(generated, gpath, expected):
            return
        items = generated.get("items")
        for ipath, item in self._metric_items(items, gpath):
            if item.get("type") != item_type:
                self.add(f"{ipath}.type", f"Must be {item_type!r}")
            if item.get("metricType") not in names:
                self.add(f"{ipath}.metricType", f"Must be one of {', '.join(names)}")
            if not _is_number(item.get("metricValue")):
                self.add(f"{ipath}.metricValue", "Must be a number")


def _looks_like_event(item: Mapping[str, Any]) -> bool:
    item_type = item.get("type")
    return (
        "action" in item
        or "eventTime" in item
        or "actor" in item
        or (isinstance(item_type, str) and item_type in EVENT_TYPES)
        or item.get("profile") is not None
    )


def validate_envelope(
    body: Any, *, require_data_version: bool = True, learnwith: bool = False
) -> tuple[list[Issue], list[int]]:
    """Validate an envelope.

    Returns:
        Every issue found, and the indexes of the ``data`` items that are events.
    """
    validator = Validator(require_data_version=require_data_version, learnwith=learnwith)
    events = validator.envelope(body)
    return validator.issues, events
