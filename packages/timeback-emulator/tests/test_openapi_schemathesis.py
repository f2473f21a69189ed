"""The emulator's own OpenAPI description, exercised by schemathesis.

For every operation the emulator documents (the admin API excepted: fuzzing it would reset data
and program faults), schemathesis generates requests from the description and sends them to the
in-process app with a valid bearer token. Every answer must be a documented status with a body
of the documented type and shape, and no input may cause a server error.

Two tests: the default run generates a few requests per operation (one test item each, so pytest
counts them); the slow one (run by CI with ``-m slow``) adds schemathesis's examples and coverage
phases (boundary values, missing and malformed parameters), which take over a minute. For a
deeper run set ``SCHEMATHESIS_EXAMPLES=200`` and run this file with ``uv run pytest -m ''``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient

from timeback_emulator import InProcessEmulator

EMULATOR = InProcessEmulator(seed="tiny")
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))

schema = schemathesis.openapi.from_asgi("/_emulator/openapi.json", EMULATOR.app).exclude(
    path_regex="^/_emulator"
)


@pytest.fixture(scope="module")
def bearer() -> dict[str, str]:
    with TestClient(EMULATOR.app) as client:
        answer = client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(EMULATOR.client_id, EMULATOR.client_secret),
        )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# One test item per operation, so that pytest counts (and reports) each of them.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_documented_operation_answers_as_documented(
    operation: Any, bearer: dict[str, str]
) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def answers_as_documented(case: Any) -> None:
        case.call_and_validate(headers=bearer, checks=CHECKS)

    answers_as_documented()


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_documented_operation_answers_as_documented_in_every_phase(
    case: Any, bearer: dict[str, str]
) -> None:
    case.call_and_validate(headers=bearer, checks=CHECKS)
