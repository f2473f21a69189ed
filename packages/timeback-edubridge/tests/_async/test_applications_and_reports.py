"""Applications and metrics (wire contract 5.2 #16-#17), learning reports (#18-#19)."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_common import NotFoundError
from timeback_edubridge import EdubridgeClient, EdubridgeError


@pytest.mark.anyio
async def test_applications_list_every_application_with_its_domains(
    client: EdubridgeClient,
) -> None:
    applications = await client.applications.list()

    assert "app-alpha-math" in [a.sourced_id for a in applications]
    assert all(a.name and a.domain for a in applications)


@pytest.mark.anyio
async def test_application_metrics_count_users_and_sessions(client: EdubridgeClient) -> None:
    metrics = await client.applications.metrics("app-alpha-math")

    assert metrics.application_sourced_id == "app-alpha-math"
    assert isinstance(metrics.total_users, int)
    assert metrics.total_users >= (metrics.active_users or 0)
    assert metrics.total_sessions is not None


@pytest.mark.anyio
async def test_metrics_of_an_unknown_application_are_not_found(client: EdubridgeClient) -> None:
    with pytest.raises(NotFoundError, match="Application not found") as caught:
        await client.applications.metrics("app/alpha-math")

    assert isinstance(caught.value, EdubridgeError)


@pytest.mark.anyio
async def test_map_profile_of_a_student(client: EdubridgeClient, seed: dict[str, Any]) -> None:
    profile = await client.learning_reports.map_profile(seed["student_id"])

    assert profile.user_id == seed["student_id"]
    assert profile.rit_score is not None
    assert profile.test_date is not None
    assert profile.model_extra is not None
    assert "testName" in profile.model_extra  # members beyond 5.3 are kept


@pytest.mark.anyio
async def test_time_saved_of_a_student(client: EdubridgeClient, seed: dict[str, Any]) -> None:
    saved = await client.learning_reports.time_saved(seed["student_id"])

    assert saved.total_hours_saved is not None
    assert saved.school_days_elapsed is not None
    assert saved.school_year_start_date is not None
    assert isinstance(saved.calculation, str)


@pytest.mark.anyio
@pytest.mark.parametrize(("report", "owner"), [("map_profile", "user_id"), ("goals", "student_id")])
async def test_reports_of_an_awkward_id_reach_that_user(
    client: EdubridgeClient, seed: dict[str, Any], report: str, owner: str
) -> None:
    user_id = seed["awkward_user_ids"][0]

    answer = await getattr(client.learning_reports, report)(user_id)

    assert getattr(answer, owner) == user_id


@pytest.mark.anyio
async def test_reports_of_an_unknown_user_are_not_found(client: EdubridgeClient) -> None:
    with pytest.raises(NotFoundError):
        await client.learning_reports.time_saved("nobody")
    with pytest.raises(NotFoundError):
        await client.learning_reports.map_profile("nobody")
    with pytest.raises(NotFoundError):
        await client.learning_reports.goals("nobody")


@pytest.mark.anyio
async def test_goals_of_a_student_list_each_subject_with_its_pace(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    snapshot = await client.learning_reports.goals(seed["student_id"])

    assert snapshot.student_id == seed["student_id"]
    assert snapshot.subjects
    for goal in snapshot.subjects:
        assert goal.subject
        assert goal.daily_xp_goal is not None
        assert goal.xp_earned_last7_days is not None
        assert goal.pacing in ("on-track", "behind")
