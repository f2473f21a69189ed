"""Gradebook records the emulator writes itself (the seed, PowerPath's finalised attempts).

One constructor per record type, so that both writers give the same members in the same order.
"""

from __future__ import annotations

from typing import Any

__all__ = ["assessment_line_item", "assessment_result"]


def assessment_line_item(
    sourced_id: str,
    title: str,
    *,
    component: Any,
    component_resource: Any,
    course: Any,
    metadata: dict[str, Any] | None,
) -> dict[str, Any]:
    """An assessment line item scored 0-100, outside any class."""
    return {
        "sourcedId": sourced_id,
        "title": title,
        "description": None,
        "class": None,
        "parentAssessmentLineItem": None,
        "scoreScale": None,
        "resultValueMin": 0,
        "resultValueMax": 100,
        "component": component,
        "componentResource": component_resource,
        "course": course,
        "metadata": metadata,
    }


def assessment_result(
    sourced_id: str,
    *,
    line_item: Any,
    student: Any,
    score: float,
    score_date: str,
    metadata: dict[str, Any],
    with_percentile: bool,
) -> dict[str, Any]:
    """A fully graded, complete assessment result; ``with_percentile`` adds a null
    ``scorePercentile`` member (the seed's results have one, PowerPath's do not)."""
    result: dict[str, Any] = {
        "sourcedId": sourced_id,
        "assessmentLineItem": line_item,
        "student": student,
        "score": score,
        "textScore": None,
        "scoreDate": score_date,
        "scoreScale": None,
    }
    if with_percentile:
        result["scorePercentile"] = None
    result.update(
        scoreStatus="fully graded",
        comment=None,
        inProgress="false",
        incomplete="false",
        late="false",
        missing="false",
        metadata=metadata,
    )
    return result
