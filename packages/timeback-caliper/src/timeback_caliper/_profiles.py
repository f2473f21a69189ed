"""The Caliper profiles, event types and actions the Timeback platform accepts, as data.

It is read off the platform's published Caliper schemas: profile -> event type -> allowed actions ->
members also required -> the entity types some members must have. `timeback_caliper`'s validation
reads it; nothing else encodes these rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "BASE_REQUIRED_MEMBERS",
    "KNOWN_PROFILES",
    "PROFILES",
    "PUBLISHED_SUBJECTS",
    "SUBJECTS",
    "TIMEBACK_PROFILE",
    "EventRule",
    "MemberRule",
    "event_rule",
    "profiles_for_type",
]

TIMEBACK_PROFILE = "TimebackProfile"

BASE_REQUIRED_MEMBERS = ("id", "type", "profile", "actor", "action", "object", "eventTime")
"""Members every event needs (``profile`` is optional in Caliper but required by Timeback)."""

PUBLISHED_SUBJECTS = frozenset({"Science", "Math", "Reading", "Language", "Social Studies", "None"})
"""``TimebackActivityContext.subject`` values in the published schemas."""

SUBJECTS = PUBLISHED_SUBJECTS | frozenset({"Vocabulary", "Writing", "FastMath", "Other"})
"""Values the platform accepts (the published six plus those the newer official client sends)."""


@dataclass(frozen=True)
class MemberRule:
    """What an event member must be.

    Attributes:
        types: Allowed ``type`` values when the member is an object (empty: any).
        object_only: Whether an IRI string is refused (the schema ``$ref``s an entity).
    """

    types: frozenset[str] = frozenset()
    object_only: bool = False


@dataclass(frozen=True)
class EventRule:
    """The rules for one (profile, event type) pair.

    Attributes:
        actions: Allowed actions; ``None`` means any action (``GeneralProfile``).
        required: Members required beyond `BASE_REQUIRED_MEMBERS`.
        members: Type constraints on members (``actor``, ``object``, ``generated``, ...).
        action_members: Extra member constraints for one action only.
        context_required: Whether ``@context`` is required (every profile-specific schema).
    """

    actions: frozenset[str] | None
    required: tuple[str, ...] = ()
    members: Mapping[str, MemberRule] = field(default_factory=dict)
    action_members: Mapping[str, Mapping[str, MemberRule]] = field(default_factory=dict)
    context_required: bool = True


def _rule(
    actions: str | None,
    *,
    required: tuple[str, ...] = (),
    members: Mapping[str, MemberRule] | None = None,
    action_members: Mapping[str, Mapping[str, MemberRule]] | None = None,
    context_required: bool = True,
) -> EventRule:
    return EventRule(
        actions=None if actions is None else frozenset(actions.split()),
        required=required,
        members=MappingProxyType(dict(members or {})),
        action_members=MappingProxyType(dict(action_members or {})),
        context_required=context_required,
    )


_NAVIGATION = _rule("NavigatedTo")
_VIEW = _rule("Viewed")

_TABLE: dict[str, dict[str, EventRule]] = {
    "AnnotationProfile": {
        "AnnotationEvent": _rule("Bookmarked Highlighted Shared Tagged", required=("generated",)),
    },
    "AssessmentProfile": {
        # The Caliper standard also has Reset; Timeback's enum omits it.
        "AssessmentEvent": _rule(
            "Started Paused Resumed Restarted Submitted", required=("generated",)
        ),
        "AssessmentItemEvent": _rule(
            "Started Skipped Completed",
            members={"object": MemberRule(frozenset({"AssessmentItem"}))},
        ),
    },
    "AssignableProfile": {
        "AssignableEvent": _rule("Activated Deactivated Started Completed Submitted Reviewed"),
        "NavigationEvent": _NAVIGATION,
        "ViewEvent": _VIEW,
    },
    "FeedbackProfile": {"FeedbackEvent": _rule("Commented Ranked")},
    "ForumProfile": {
        "ForumEvent": _rule("Subscribed Unsubscribed"),
        "ThreadEvent": _rule("MarkedAsRead MarkedAsUnRead"),
        "MessageEvent": _rule("MarkedAsRead MarkedAsUnRead Posted"),
        "NavigationEvent": _NAVIGATION,
        "ViewEvent": _VIEW,
    },
    "GeneralProfile": {"Event": _rule(None, context_required=False)},
    "GradingProfile": {
        "GradeEvent": _rule(
            "Graded",
            required=("generated",),
            members={
                "object": MemberRule(frozenset({"Attempt"})),
                "generated": MemberRule(frozenset({"Score"})),
            },
        ),
        "ViewEvent": _VIEW,
    },
    "MediaProfile": {
        "MediaEvent": _rule(
            "Started Ended Paused Resumed Restarted ForwardedTo JumpedTo ChangedResolution"
            " ChangedSize ChangedSpeed ChangedVolume EnabledClosedCaptioning"
            " DisabledClosedCaptioning EnteredFullScreen ExitedFullScreen Muted Unmuted"
            " OpenedPopout ClosedPopout"
        ),
        "NavigationEvent": _rule("NavigatedTo", required=("target",)),
        "ViewEvent": _VIEW,
    },
    "ReadingProfile": {"NavigationEvent": _NAVIGATION, "ViewEvent": _VIEW},
    "ResourceManagementProfile": {
        "ResourceManagementEvent": _rule(
            "Created Copied Modified Deleted Described Downloaded Uploaded Retrieved Printed"
            " Published Unpublished Archived Restored Saved"
        ),
    },
    "SearchProfile": {"SearchEvent": _rule("Searched")},
    "SessionProfile": {
        "SessionEvent": _rule(
            "LoggedIn LoggedOut TimedOut",
            action_members={"TimedOut": {"actor": MemberRule(frozenset({"SoftwareApplication"}))}},
        ),
    },
    "SurveyProfile": {
        "SurveyInvitationEvent": _rule("Sent Accepted Declined"),
        "SurveyEvent": _rule("OptedIn OptedOut"),
        "QuestionnaireEvent": _rule("Started Submitted"),
        "QuestionnaireItemEvent": _rule("Started Skipped Completed", required=("generated",)),
        "NavigationEvent": _NAVIGATION,
        "ViewEvent": _VIEW,
    },
    "ToolLaunchProfile": {"ToolLaunchEvent": _rule("Launched Returned")},
    "ToolUseProfile": {"ToolUseEvent": _rule("Used")},
    TIMEBACK_PROFILE: {
        "ActivityEvent": _rule(
            "Completed",
            required=("generated",),
            members={
                "actor": MemberRule(frozenset({"TimebackUser"}), object_only=True),
                "object": MemberRule(frozenset({"TimebackActivityContext"}), object_only=True),
                "generated": MemberRule(
                    frozenset({"TimebackActivityMetricsCollection"}), object_only=True
                ),
            },
        ),
        "TimeSpentEvent": _rule(
            "SpentTime",
            required=("generated",),
            members={
                "actor": MemberRule(frozenset({"TimebackUser"}), object_only=True),
                "object": MemberRule(frozenset({"TimebackActivityContext"}), object_only=True),
                "generated": MemberRule(
                    frozenset({"TimebackTimeSpentMetricsCollection"}), object_only=True
                ),
            },
        ),
    },
}

PROFILES: Mapping[str, Mapping[str, EventRule]] = MappingProxyType(
    {profile: MappingProxyType(types) for profile, types in _TABLE.items()}
)
"""profile -> event type -> `EventRule`: the 16 profiles Timeback accepts."""

KNOWN_PROFILES = frozenset(PROFILES)


def event_rule(profile: str, event_type: str) -> EventRule | None:
    """The rule for an event type within a profile, or ``None`` when the pair is not allowed."""
    types = PROFILES.get(profile)
    return types.get(event_type) if types is not None else None


def profiles_for_type(event_type: str) -> tuple[str, ...]:
    """The profiles that define ``event_type``, in table order (for helpful error messages)."""
    return tuple(profile for profile, types in PROFILES.items() if event_type in types)
