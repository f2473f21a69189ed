"""Analytics (activity, enrollment facts, highest grade mastered) and client-side summaries.

The platform has no summary endpoint: `AsyncAnalytics.summary` fetches ``E/analytics/activity``
and sums its ``facts`` with `timeback_edubridge.summarize_activity` (never ``factsByApp`` as
well: it splits the same facts by app, so adding both would count every second twice).
Bare dates are whole local days in the learner's
``timezone``; datetimes go out in UTC with ``Z``.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from typing_extensions import Self, Unpack

from timeback_common import AsyncAPIClient, RequestOptions, async_map_bounded
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._dates import DateLike
from timeback_edubridge._models import (
    ActivityFacts,
    EnrollmentFacts,
    HighestGrade,
    WeeklyFactRecord,
)
from timeback_edubridge._params import (
    Learner,
    SummaryPlan,
    Zone,
    activity_query,
    check_concurrency,
    cohort_plans,
    learner_query,
    optional_range_query,
    summary_plan,
    weekly_query,
    with_default,
    zone_name,
)
from timeback_edubridge._parsing import parse_body, parse_keyed_list
from timeback_edubridge._summary import (
    CohortSummary,
    LearnerSummary,
    combine_summaries,
    summarize_activity,
)

__all__ = ["AsyncAnalytics"]


class AsyncAnalytics(AsyncEndpointGroup):
    """``client.analytics``: a learner's facts, and summaries computed from them.

    Calls about one learner take ``email=`` or ``student_id=`` (one of them), or use the
    learner bound with `with_learner`.
    """

    def __init__(self, api: AsyncAPIClient, base: str, default: Learner | None = None) -> None:
        super().__init__(api, base)
        self._default = default

    def with_learner(
        self,
        *,
        email: str | None = None,
        student_id: str | None = None,
        timezone: Zone = None,
    ) -> Self:
        """This resource with a default learner, so that a bare ``summary()`` is about them.

        Args:
            email: The learner's e-mail.
            student_id: Or the learner's user ``sourcedId``.
            timezone: The learner's IANA zone (e.g. ``"America/Chicago"``), used when a call
                names no zone; UTC when None.

        Returns:
            A copy bound to that learner (explicit ``email=``/``student_id=`` still win).

        Raises:
            InputValidationError: Neither or both of ``email`` and ``student_id``, or an unknown
                zone.

        Example:
            >>> ada = client.analytics.with_learner(email="ada@example.com", timezone="UTC")
            >>> week = await ada.summary()  # doctest: +SKIP
        """
        learner = Learner(email, student_id, timezone)
        learner_query(learner, operation="with_learner()")
        zone_name(timezone)
        return type(self)(self._api, self._base, learner)

    async def activity(
        self,
        *,
        start_date: DateLike,
        end_date: DateLike,
        email: str | None = None,
        student_id: str | None = None,
        timezone: Zone = None,
        **options: Unpack[RequestOptions],
    ) -> ActivityFacts:
        """A learner's facts per date, subject and app (``GET E/analytics/activity``).

        Args:
            start_date: First day (``date``/``YYYY-MM-DD``: local midnight in ``timezone``) or
                instant (an aware datetime; a naive one is read in ``timezone``).
            end_date: Last day (until its last millisecond) or instant, inclusive.
            email: The learner's e-mail.
            student_id: Or the learner's user ``sourcedId``.
            timezone: IANA zone that dates are bucketed in and bare dates expand in (UTC when
                None).
            **options: Per-call `RequestOptions`.

        Returns:
            ``facts`` (date -> subject -> metrics) and ``factsByApp`` (date -> subject -> app).

        Raises:
            InputValidationError: No learner, both ``email`` and ``student_id``, a bad date or
                zone, or a range that ends before it starts; nothing was sent.
            BadRequestError: The platform refused the parameters.
        """
        learner = with_default(self._default, email, student_id, timezone)
        query = activity_query(learner, start_date, end_date)
        return await self._activity(query, options)

    async def _activity(self, query: dict[str, str], options: RequestOptions) -> ActivityFacts:
        response = await self._api.request(
            "GET", self._base + "/analytics/activity", params=query, options=options
        )
        return parse_body(response, ActivityFacts)

    async def weekly_facts(
        self,
        *,
        week_date: DateLike | None = None,
        email: str | None = None,
        student_id: str | None = None,
        timezone: Zone = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[WeeklyFactRecord]:
        """One record per activity fact in the week (Monday to Sunday) holding ``week_date``.

        Args:
            week_date: Any day of the week (today in ``timezone`` when None).
            email: The learner's e-mail.
            student_id: Or the learner's user ``sourcedId``.
            timezone: The learner's IANA zone (UTC when None).
            **options: Per-call `RequestOptions`.

        Returns:
            The records; their ``*_seconds`` (strings on the wire) are numbers.

        Raises:
            InputValidationError: No learner, both ``email`` and ``student_id``, or a bad date
                or zone.
        """
        query = weekly_query(with_default(self._default, email, student_id, timezone), week_date)
        response = await self._api.request(
            "GET", self._base + "/analytics/facts/weekly", params=query, options=options
        )
        return parse_keyed_list(response, WeeklyFactRecord, "facts")

    async def enrollment_facts(
        self,
        enrollment_id: str,
        *,
        start_date: DateLike | None = None,
        end_date: DateLike | None = None,
        timezone: Zone = None,
        **options: Unpack[RequestOptions],
    ) -> EnrollmentFacts:
        """The facts of one enrollment (its learner's activity in its course).

        Args:
            enrollment_id: The enrollment's id.
            start_date: First day or instant (all time when None).
            end_date: Last day or instant, inclusive (up to now when None).
            timezone: IANA zone for buckets and bare dates (UTC when None).
            **options: Per-call `RequestOptions`.

        Returns:
            ``facts`` and ``factsByApp`` as for `activity`.

        Raises:
            InputValidationError: A bad date or zone.
        """
        response = await self._api.request(
            "GET",
            self._base + "/analytics/enrollment/{}",
            enrollment_id,
            params=optional_range_query(start_date, end_date, timezone),
            options=options,
        )
        return parse_body(response, EnrollmentFacts)

    async def highest_grade_mastered(
        self, student_id: str, subject: str, **options: Unpack[RequestOptions]
    ) -> HighestGrade:
        """The highest grade a student mastered in a subject, per source and overall.

        Args:
            student_id: The student's user ``sourcedId``.
            subject: The subject, e.g. ``"Math"``.
            **options: Per-call `RequestOptions`.

        Returns:
            The grades from MAP, Edulastic, placement and test-out, and the highest overall.
        """
        response = await self._api.request(
            "GET",
            self._base + "/analytics/highestGradeMastered/{}/{}",
            student_id,
            subject,
            options=options,
        )
        return parse_body(response, HighestGrade)

    async def summary(
        self,
        *,
        email: str | None = None,
        student_id: str | None = None,
        start_date: DateLike | None = None,
        end_date: DateLike | None = None,
        timezone: Zone = None,
        days: int = 7,
        **options: Unpack[RequestOptions],
    ) -> LearnerSummary:
        """One learner's totals over a date range, overall, per subject and per app.

        There is no summary endpoint: this is one ``E/analytics/activity``
        request summed on the client. Totals come from ``facts``; the per-app split from
        ``factsByApp``.

        A learner is required: name one, or bind one with `with_learner`. A bare call on an
        unbound resource raises `InputValidationError` naming ``email`` and ``student_id``
        before anything is sent (client credentials have no "current user" to default to).

        Args:
            email: The learner's e-mail.
            student_id: Or the learner's user ``sourcedId``.
            start_date: First day or instant; by default ``days - 1`` days before today.
            end_date: Last day or instant, inclusive; by default today (in ``timezone``).
            timezone: The learner's IANA zone: what "today" is, where days start and end,
                and how facts are bucketed (UTC when None).
            days: Length of the default range, today included (7: the last week).
            **options: Per-call `RequestOptions`.

        Returns:
            XP, questions, correct answers, accuracy (None without questions), mastered
            units, active/inactive/waste seconds and the dates with activity, in total and per
            subject and app.

        Raises:
            InputValidationError: No learner, both ``email`` and ``student_id``, a bad date,
                zone or ``days``, or ``end_date`` without ``start_date``; nothing was sent.
            APIError: The activity request failed.

        Example:
            >>> week = await client.analytics.summary(email="ada@example.com")  # doctest: +SKIP
            >>> week.total_xp, week.accuracy, week.subjects["Math"].active_seconds  # doctest: +SKIP
        """
        learner = with_default(self._default, email, student_id, timezone)
        plan = summary_plan(learner, start_date=start_date, end_date=end_date, days=days)
        return await self._summarize(plan, options)

    async def _summarize(self, plan: SummaryPlan, options: RequestOptions) -> LearnerSummary:
        facts = await self._activity(plan.query, options)
        return summarize_activity(facts, learner=plan.learner, timezone=plan.timezone)

    async def cohort_summary(
        self,
        *,
        emails: str | Iterable[str] | None = None,
        student_ids: str | Iterable[str] | None = None,
        start_date: DateLike | None = None,
        end_date: DateLike | None = None,
        timezone: Zone = None,
        days: int = 7,
        concurrency: int = 4,
        **options: Unpack[RequestOptions],
    ) -> CohortSummary:
        """Several learners' summaries and their combined totals, fetched concurrently.

        One activity request per learner, at most ``concurrency`` in flight; every learner
        shares one date range (computed once, in ``timezone``).

        Args:
            emails: Learners by e-mail.
            student_ids: Learners by user ``sourcedId`` (both may be given; duplicates are
                dropped).
            start_date: First day or instant; by default ``days - 1`` days before today.
            end_date: Last day or instant, inclusive; by default today.
            timezone: The learners' IANA zone (UTC when None).
            days: Length of the default range, today included.
            concurrency: Requests in flight at most (>= 1).
            **options: Per-call `RequestOptions`, applied to every request.

        Returns:
            ``learners`` (each learner's `LearnerSummary`, keyed by the e-mail or id given, in
            the order given) and the totals, subjects and apps of all of them together.

        Raises:
            InputValidationError: No learner, an empty one, a bad date, zone, ``days`` or
                ``concurrency``; nothing was sent.
            APIError: A learner's request failed (after retries); the first such error (in the
                order given) is raised once the requests in flight have finished.

        Example:
            >>> students = await client.users.list("student", org_sourced_ids=school).to_list()
            >>> cohort = await client.analytics.cohort_summary(
            ...     student_ids=[s.sourced_id for s in students if s.sourced_id]
            ... )  # doctest: +SKIP
        """
        limit = check_concurrency(concurrency)
        plans = cohort_plans(
            emails=emails,
            student_ids=student_ids,
            start_date=start_date,
            end_date=end_date,
            timezone=timezone,
            days=days,
        )

        async def summarize(plan: SummaryPlan) -> LearnerSummary:
            return await self._summarize(plan, options)

        summaries = await async_map_bounded(summarize, plans, concurrency=limit)
        return combine_summaries(
            {plan.learner: s for plan, s in zip(plans, summaries, strict=True)}
        )

    async def enrollment_summary(
        self,
        enrollment_id: str,
        *,
        start_date: DateLike | None = None,
        end_date: DateLike | None = None,
        timezone: Zone = None,
        **options: Unpack[RequestOptions],
    ) -> LearnerSummary:
        """The totals of one enrollment's facts (its learner in its course), like `summary`.

        Args:
            enrollment_id: The enrollment's id (recorded as the summary's ``learner``).
            start_date: First day or instant (all time when None).
            end_date: Last day or instant, inclusive (up to now when None).
            timezone: IANA zone for buckets and bare dates (UTC when None).
            **options: Per-call `RequestOptions`.

        Returns:
            The summary of the enrollment's facts.

        Raises:
            InputValidationError: A bad date or zone.
        """
        facts = await self.enrollment_facts(
            enrollment_id, start_date=start_date, end_date=end_date, timezone=timezone, **options
        )
        return summarize_activity(facts, learner=enrollment_id, timezone=zone_name(timezone))
