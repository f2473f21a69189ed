"""The ``timeback`` command, run through click's test runner against the emulator over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from timeback_common import (
    APIConnectionError,
    BadRequestError,
    ConfigurationError,
    InputValidationError,
    InternalServerError,
    NotFoundError,
    TimebackError,
    TokenError,
)
from timeback_core._cli._app import cli
from timeback_core._cli._connection import Connection
from timeback_core._cli._events import read_events
from timeback_core._cli._exit import exit_code_for
from timeback_core._cli._output import cell_text
from timeback_emulator import EmulatorServer

SENSOR = "https://cli-tests.example/app"
FAST_POLLS = ("--poll-interval", "0.02")
# No TIMEBACK_* variable of the machine running the tests leaks into them.
pytestmark = pytest.mark.usefixtures("clean_environment")


@pytest.fixture
def emulator(timeback_emulator: EmulatorServer) -> EmulatorServer:
    return timeback_emulator


@pytest.fixture
def seed(emulator: EmulatorServer) -> dict[str, Any]:
    summary: dict[str, Any] = emulator.seed_summary()["summary"]
    return summary


@pytest.fixture
def credentials(emulator_env: dict[str, str]) -> dict[str, str | None]:
    """The environment of a shell configured for the emulator (and nothing else)."""
    return dict(emulator_env)


def run(args: list[str], env: Mapping[str, str | None], stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, args, env=dict(env), input=stdin, prog_name="timeback")


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def event(number: int, email: str = "ada@example.com") -> dict[str, Any]:
    return {
        "@context": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "actor": {
            "id": "https://cli-tests.example/users/1",
            "type": "TimebackUser",
            "email": email,
        },
        "action": "Completed",
        "object": {
            "id": "https://cli-tests.example/activities/1",
            "type": "TimebackActivityContext",
            "subject": "Math",
            "app": {"name": "CLI tests"},
        },
        "eventTime": "2025-03-01T14:05:09.123Z",
        "generated": {
            "id": f"urn:uuid:10000000-0000-4000-8000-{number:012d}",
            "type": "TimebackActivityMetricsCollection",
            "items": [{"type": "xpEarned", "value": 5}],
        },
    }


# -- help and structure ---------------------------------------------------------------------------


def test_help_lists_every_command_and_the_exit_codes() -> None:
    result = run(["--help"], {})

    assert result.exit_code == 0
    for command in ("demo", "users", "classes", "enrollments", "events", "auth", "emulator"):
        assert command in result.stdout
    assert "Exit codes" in result.stdout


def test_a_group_without_a_subcommand_shows_its_help() -> None:
    result = run(["users"], {})

    assert result.exit_code in (0, 2)  # click 8.2+ exits 2 for no_args_is_help groups
    assert "list" in result.output
    assert "get" in result.output


def test_version_names_the_package() -> None:
    result = run(["--version"], {})

    assert result.exit_code == 0
    assert "timeback" in result.stdout


# -- listing ------------------------------------------------------------------------------------


def test_users_list_prints_a_table_and_counts_on_stderr(
    credentials: dict[str, str | None], seed: dict[str, Any]
) -> None:
    result = run(["users", "list", "--max-items", "200"], {**credentials, "COLUMNS": "200"})

    assert result.exit_code == 0, result.output
    assert seed["teacher_id"] in result.stdout
    assert "givenName" in result.stdout
    assert f"{seed['users']} users" in result.stderr


def test_users_list_json_is_one_array_of_wire_records(credentials: dict[str, str | None]) -> None:
    result = run(
        ["users", "list", "--max-items", "7", "--page-size", "3", "-o", "json"], credentials
    )

    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 7
    assert all("sourcedId" in record and "givenName" in record for record in records)


def test_a_piped_table_prints_every_value_whole(credentials: dict[str, str | None]) -> None:
    # given a narrow terminal width in the environment, and stdout that is not a terminal
    narrow = {**credentials, "COLUMNS": "40"}
    expected = json_lines(run(["users", "list", "-o", "jsonl"], credentials).stdout)

    # when the default table is written to it
    result = run(["users", "list"], narrow)

    # then no value is cut short: every id and email is there in full
    assert result.exit_code == 0, result.output
    assert "\u2026" not in result.stdout
    for record in expected:
        assert record["sourcedId"] in result.stdout
        if record.get("email"):
            assert record["email"] in result.stdout


def test_a_piped_record_table_prints_every_value_whole(
    credentials: dict[str, str | None], seed: dict[str, Any]
) -> None:
    result = run(["users", "get", seed["teacher_id"]], {**credentials, "COLUMNS": "30"})

    assert result.exit_code == 0, result.output
    assert "\u2026" not in result.stdout
    assert seed["teacher_id"] in result.stdout


def test_limit_is_refused_as_ambiguous_naming_both_meanings(
    credentials: dict[str, str | None],
) -> None:
    result = run(["users", "list", "--limit", "5"], credentials)

    assert result.exit_code == 2
    assert "--max-items" in result.stderr
    assert "--page-size" in result.stderr
    assert result.stdout == ""


def test_an_empty_listing_is_an_empty_json_array(credentials: dict[str, str | None]) -> None:
    result = run(
        ["users", "list", "--filter", "familyName='no such family'", "-o", "json"], credentials
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_fields_limit_the_members_of_each_jsonl_record(credentials: dict[str, str | None]) -> None:
    result = run(
        ["users", "list", "-n", "4", "--fields", "sourcedId,givenName", "-o", "jsonl"], credentials
    )

    assert result.exit_code == 0, result.output
    records = json_lines(result.stdout)
    assert len(records) == 4
    assert all(set(record) == {"sourcedId", "givenName"} for record in records)


def test_csv_has_the_fields_as_header_and_a_row_per_record(
    credentials: dict[str, str | None],
) -> None:
    result = run(
        ["classes", "list", "-n", "5", "--fields", "sourcedId,title,course", "-o", "csv"],
        credentials,
    )

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["sourcedId", "title", "course"]
    assert len(rows) == 6
    assert all(row[2].startswith("crs-") for row in rows[1:])  # a reference shows its id


def test_filter_is_passed_to_the_platform(credentials: dict[str, str | None]) -> None:
    result = run(["users", "list", "--filter", "roles.role='teacher'", "-o", "jsonl"], credentials)

    assert result.exit_code == 0, result.output
    records = json_lines(result.stdout)
    assert records
    assert all(any(r["role"] == "teacher" for r in record["roles"]) for record in records)


def test_sort_and_order_are_passed_to_the_platform(credentials: dict[str, str | None]) -> None:
    result = run(
        ["users", "list", "--sort", "sourcedId", "--order", "desc", "-n", "10", "-o", "jsonl"],
        credentials,
    )

    assert result.exit_code == 0, result.output
    ids = [record["sourcedId"] for record in json_lines(result.stdout)]
    assert ids == sorted(ids, reverse=True)


def test_offset_skips_records(credentials: dict[str, str | None]) -> None:
    everything = run(["enrollments", "list", "-n", "5", "-o", "jsonl"], credentials)
    shifted = run(["enrollments", "list", "-n", "3", "--offset", "2", "-o", "jsonl"], credentials)

    assert everything.exit_code == shifted.exit_code == 0
    ids = [record["sourcedId"] for record in json_lines(everything.stdout)]
    assert [record["sourcedId"] for record in json_lines(shifted.stdout)] == ids[2:5]


def test_a_progress_bar_on_a_terminal_leaves_every_record_on_stdout(
    credentials: dict[str, str | None], seed: dict[str, Any]
) -> None:
    env = {**credentials, "FORCE_COLOR": "1"}  # rich then treats stderr as a terminal

    result = run(["users", "list", "--progress", "--page-size", "7", "-o", "jsonl"], env)

    assert result.exit_code == 0, result.output
    assert len(json_lines(result.stdout)) == seed["users"]


# -- get ----------------------------------------------------------------------------------------


def test_get_prints_one_record_as_json(
    credentials: dict[str, str | None], seed: dict[str, Any]
) -> None:
    result = run(["classes", "get", seed["class_id"], "-o", "json"], credentials)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sourcedId"] == seed["class_id"]


def test_get_prints_a_member_table(
    credentials: dict[str, str | None], seed: dict[str, Any]
) -> None:
    result = run(["users", "get", seed["student_id"], "--fields", "sourcedId,email"], credentials)

    assert result.exit_code == 0, result.output
    assert seed["student_email"] in result.stdout
    assert "familyName" not in result.stdout


def test_get_encodes_awkward_ids(credentials: dict[str, str | None], seed: dict[str, Any]) -> None:
    awkward = seed["awkward_user_ids"][0]

    result = run(["users", "get", awkward, "-o", "json"], credentials)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sourcedId"] == awkward


def test_get_of_a_missing_record_exits_4_with_the_request_id(
    credentials: dict[str, str | None],
) -> None:
    result = run(["enrollments", "get", "no-such-enrollment"], credentials)

    assert result.exit_code == 4
    assert "NotFoundError" in result.stderr
    assert "request id" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


# -- configuration and errors --------------------------------------------------------------------


def test_missing_configuration_exits_2_with_a_hint() -> None:
    result = run(["users", "list"], {})

    assert result.exit_code == 2
    assert "ConfigurationError" in result.stderr
    assert "--base-url" in result.stderr
    assert "Traceback" not in result.output


def test_flags_configure_the_client_without_environment(
    emulator: EmulatorServer, seed: dict[str, Any]
) -> None:
    args = [
        "users",
        "get",
        seed["teacher_id"],
        "-o",
        "json",
        "--base-url",
        emulator.base_url,
        "--auth-url",
        emulator.token_url,
        "--client-id",
        emulator.client_id,
        "--client-secret",
        emulator.client_secret,
    ]

    result = run(args, {})

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sourcedId"] == seed["teacher_id"]


def test_rejected_credentials_exit_3_without_showing_the_secret(
    credentials: dict[str, str | None],
) -> None:
    secret = "wrong-secret-value-1234"
    env = {**credentials, "TIMEBACK_CLIENT_ID": "cli-unknown-client"}

    result = run(["users", "list", "--client-secret", secret], env)

    assert result.exit_code == 3
    assert "TokenError" in result.stderr
    assert secret not in result.output


def test_a_filter_the_platform_refuses_exits_2(credentials: dict[str, str | None]) -> None:
    result = run(["users", "list", "--filter", "nosuchfield='x'"], credentials)

    assert result.exit_code == 2
    assert "BadRequestError" in result.stderr


def test_a_server_error_exits_1(
    credentials: dict[str, str | None], emulator: EmulatorServer
) -> None:
    emulator.add_fault(path_prefix="/ims/oneroster", status=500, count=None)

    result = run(["users", "list", "--max-retries", "0"], credentials)

    assert result.exit_code == 1
    assert "InternalServerError" in result.stderr
    assert "request id" in result.stderr


def test_an_unreachable_platform_exits_1(credentials: dict[str, str | None]) -> None:
    env = {
        **credentials,
        "TIMEBACK_BASE_URL": "http://127.0.0.1:9",
        "TIMEBACK_TOKEN_URL": "http://127.0.0.1:9/oauth2/token",
    }

    result = run(["users", "list", "--max-retries", "0", "--timeout", "5"], env)

    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_a_reader_closing_the_pipe_early_ends_the_listing_quietly(
    credentials: dict[str, str | None],
) -> None:
    env = {**os.environ, **{k: v for k, v in credentials.items() if v is not None}}
    for name, value in credentials.items():
        if value is None:
            env.pop(name, None)
    code = "from timeback_core._cli import main; main()"
    args = ["users", "list", "--page-size", "1", "-o", "jsonl"]
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    # The reader is gone before the first write; the listing (tens of KB) overflows the 8 KB
    # stdout buffer, so a write fails while records are still streaming.
    process.stdout.close()
    error_text = process.stderr.read()
    process.wait(timeout=30)

    assert process.returncode == 141
    assert "Traceback" not in error_text


def test_an_invalid_option_value_is_a_usage_error(credentials: dict[str, str | None]) -> None:
    result = run(["users", "list", "--max-items", "0"], credentials)

    assert result.exit_code == 2
    assert "--max-items" in result.stderr


def test_env_flag_hides_a_base_url_from_the_environment() -> None:
    environ = {
        "TIMEBACK_BASE_URL": "http://127.0.0.1:8400",
        "TIMEBACK_TOKEN_URL": "http://127.0.0.1:8400/oauth2/token",
        "TIMEBACK_CLIENT_ID": "id",
        "TIMEBACK_CLIENT_SECRET": "secret",
    }

    settings = Connection(env="staging").settings(environ)

    assert settings.environment == "staging"
    assert "127.0.0.1" not in settings.url("oneroster")


def test_base_url_flag_hides_an_environment_from_the_environment() -> None:
    environ = {"TIMEBACK_ENV": "production", "TIMEBACK_CLIENT_ID": "id"}

    settings = Connection(
        base_url="http://127.0.0.1:8400",
        auth_url="http://127.0.0.1:8400/oauth2/token",
        client_secret="secret",
    ).settings(environ)

    assert settings.environment is None
    assert settings.url("oneroster") == "http://127.0.0.1:8400"


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigurationError("x"), 2),
        (InputValidationError("x"), 2),
        (BadRequestError("x", status_code=400), 2),
        (TokenError("x", status_code=401), 3),
        (TokenError("x", status_code=None), 1),
        (TokenError("x", status_code=503), 1),
        (NotFoundError("x", status_code=404), 4),
        (InternalServerError("x", status_code=500), 1),
        (APIConnectionError("x"), 1),
    ],
)
def test_exit_code_for_each_kind_of_error(error: TimebackError, code: int) -> None:
    assert exit_code_for(error) == code


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (3, "3"),
        ({"sourcedId": "c1", "type": "class"}, "c1"),
        (
            [{"role": "student", "org": {"sourcedId": "s"}}, {"role": "guardian"}],
            "student, guardian",
        ),
        (["1", "2"], "1, 2"),
        ({"a": 1}, '{"a":1}'),
    ],
)
def test_cell_text_shortens_nested_members(value: object, text: str) -> None:
    assert cell_text(value) == text


# -- auth check ---------------------------------------------------------------------------------


def test_auth_check_prints_ok_and_expiry_but_never_the_secret(
    credentials: dict[str, str | None], emulator: EmulatorServer
) -> None:
    result = run(["auth", "check"], credentials)

    assert result.exit_code == 0, result.output
    assert "OK" in result.stdout
    assert "expires" in result.stdout
    assert emulator.client_secret not in result.output


def test_auth_check_json_reports_the_lifetime(credentials: dict[str, str | None]) -> None:
    result = run(["auth", "check", "-o", "json"], credentials)

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert 0 < report["expiresIn"] <= 3600


def test_auth_check_with_a_wrong_secret_exits_3(credentials: dict[str, str | None]) -> None:
    result = run(["auth", "check"], {**credentials, "TIMEBACK_CLIENT_SECRET": "nope-nope-nope"})

    assert result.exit_code == 3
    assert "invalid_client" in result.stderr
    assert "nope-nope-nope" not in result.output


@pytest.mark.parametrize("command", [["auth", "check"], ["users", "list"]])
def test_an_unreachable_token_endpoint_names_it_and_what_to_check(
    credentials: dict[str, str | None], command: list[str]
) -> None:
    # given a token URL nothing listens on (bound, then released)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        token_url = f"http://127.0.0.1:{probe.getsockname()[1]}/oauth2/token"

    result = run(command, {**credentials, "TIMEBACK_TOKEN_URL": token_url})

    assert result.exit_code == 1
    assert token_url in result.stderr
    assert "check the token URL" in result.stderr
    assert "Traceback" not in result.output


# -- events send --------------------------------------------------------------------------------


def test_events_send_reports_the_completed_job(
    credentials: dict[str, str | None], tmp_path: Path
) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps([event(1), event(2)]))

    result = run(["events", "send", str(path), "--sensor", SENSOR, *FAST_POLLS], credentials)

    assert result.exit_code == 0, result.output
    assert "2 event(s) sent" in result.stdout
    assert "completed" in result.stdout


def test_a_failed_job_exits_1_with_its_reason(
    credentials: dict[str, str | None], emulator: EmulatorServer
) -> None:
    emulator.fail_next_jobs(1, reason="storage is full")

    result = run(
        ["events", "send", "-", "--sensor", SENSOR, *FAST_POLLS],
        credentials,
        stdin=json.dumps(event(10)),
    )

    assert result.exit_code == 1
    assert "JobFailedError" in result.stderr
    assert "storage is full" in result.stderr


def test_events_send_reads_an_envelope_from_stdin(credentials: dict[str, str | None]) -> None:
    envelope = {
        "sensor": SENSOR,
        "sendTime": "2025-03-01T14:05:10.000Z",
        "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "data": [event(3)],
    }

    result = run(
        ["events", "send", "-", "-o", "json", *FAST_POLLS], credentials, stdin=json.dumps(envelope)
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sensor"] == SENSOR
    assert report["events"] == 1
    assert [job["state"] for job in report["jobs"]] == ["completed"]


def test_events_send_reads_json_lines(credentials: dict[str, str | None]) -> None:
    lines = "\n".join(json.dumps(event(n)) for n in (4, 5, 6))

    result = run(
        ["events", "send", "-", "--sensor", SENSOR, "--no-wait", "-o", "json"],
        credentials,
        stdin=lines,
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["events"] == 3


def test_events_validate_only_stores_nothing(credentials: dict[str, str | None]) -> None:
    result = run(
        ["events", "send", "-", "--sensor", SENSOR, "--validate-only", "-o", "json"],
        credentials,
        stdin=json.dumps(event(7)),
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["jobIds"] == []


def test_invalid_events_exit_2_naming_the_member(credentials: dict[str, str | None]) -> None:
    bad = {**event(8), "actor": "not an iri"}

    result = run(["events", "send", "-", "--sensor", SENSOR], credentials, stdin=json.dumps(bad))

    assert result.exit_code == 2
    assert "actor" in result.stderr


def test_events_without_a_sensor_is_a_usage_error(credentials: dict[str, str | None]) -> None:
    result = run(["events", "send", "-"], credentials, stdin=json.dumps(event(9)))

    assert result.exit_code == 2
    assert "--sensor" in result.stderr


def test_read_events_rejects_a_file_without_events() -> None:
    import click

    with pytest.raises(click.BadParameter):
        read_events(io.StringIO("[]"), "empty.json")
    with pytest.raises(click.BadParameter):
        read_events(io.StringIO("{not json\n"), "broken.json")


# -- emulator serve -----------------------------------------------------------------------------


def emulator_serve_options() -> set[str]:
    from timeback_emulator._cli import build_parser

    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if a.dest == "command"]
    serve = subparsers.choices["serve"]  # type: ignore[index]
    return {option for action in serve._actions for option in action.option_strings}


def test_emulator_serve_offers_exactly_the_options_of_timeback_emulator_serve(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from timeback_core._cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["emulator", "serve", "--help"])

    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    for option in emulator_serve_options():
        assert option in help_text


def test_emulator_serve_rejects_an_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    from timeback_core._cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["emulator", "serve", "--no-such-option"])

    assert exit_info.value.code == 2
    assert "--no-such-option" in capsys.readouterr().err


@pytest.fixture
def serving_process() -> Iterator[subprocess.Popen[str]]:
    code = "from timeback_core._cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "emulator", "serve", "--port", "0", "--seed", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_emulator_serve_serves_over_http(serving_process: subprocess.Popen[str]) -> None:
    import httpx

    assert serving_process.stdout is not None
    first_line = serving_process.stdout.readline()  # blocks until the server listens

    assert first_line.startswith("Timeback emulator listening on http://127.0.0.1:")
    base_url = first_line.rsplit(" ", 1)[1].strip()
    assert httpx.get(base_url + "/_emulator/seed", timeout=10).status_code == 200
