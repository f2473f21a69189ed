"""Progress bars of the ``timeback`` command (bulk upsert, change feed, listing), and the
``changes`` / ``upsert`` commands they sit on, against an emulator over real HTTP.

A bar is shown when stderr is a terminal: the tests make the command see one by answering
"terminal" for stderr, and set ``FORCE_COLOR`` so that rich draws to the test runner's buffer
as it would to a terminal. Without that (the runner's streams are not terminals, as in a pipe)
stdout must hold the data alone and stderr no bar.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

import timeback_core._cli._output as output_module
from timeback_core._cli._app import cli
from timeback_core._cli._record_writes import parse_instant

pytestmark = [
    pytest.mark.usefixtures("clean_environment"),
    # Writes change the data: an emulator of this test's own, not the shared one.
    pytest.mark.timeback_emulator(seed="tiny"),
]

UTC = timezone.utc
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def env(emulator_env: dict[str, str]) -> dict[str, str]:
    return emulator_env


def terminal(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> dict[str, str]:
    """From now on stderr is a terminal (stdout is not, as in ``timeback ... > file``), and
    the returned environment has rich draw as on one."""

    def is_terminal(stream: IO[str]) -> bool:
        return stream is sys.stderr

    monkeypatch.setattr(output_module, "_is_terminal", is_terminal)
    return {**env, "FORCE_COLOR": "1"}


def run(args: list[str], env: Mapping[str, str]) -> Result:
    return CliRunner().invoke(cli, args, env=dict(env), prog_name="timeback")


def frames(stderr: str) -> list[str]:
    """What a terminal showed, one redraw per item, colours and cursor moves removed."""
    return [line.strip() for line in _ANSI.sub("", stderr).replace("\n", "\r").split("\r")]


def bar_frames(stderr: str, description: str) -> list[str]:
    return [frame for frame in frames(stderr) if frame.startswith(description)]


def users_file(env: dict[str, str], tmp_path: Path, count: int, suffix: str) -> Path:
    listed = run(["users", "list", "-n", str(count), "-o", "json"], env)
    assert listed.exit_code == 0, listed.output
    users: list[dict[str, Any]] = json.loads(listed.stdout)
    for user in users:
        user["givenName"] = f"{user['givenName']}{suffix}"
    path = tmp_path / "users.json"
    path.write_text(json.dumps(users), encoding="utf-8")
    return path


# -- upsert --------------------------------------------------------------------------------------


def test_upsert_on_a_terminal_leaves_the_bar_at_its_final_count(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = users_file(env, tmp_path, 6, "-bar")

    result = run(["users", "upsert", str(path)], terminal(monkeypatch, env))

    assert result.exit_code == 0, result.output
    shown = bar_frames(result.stderr, "upserting users")
    assert shown, result.stderr
    assert "6/6" in shown[-1]  # the final state stays on stderr
    assert "OK 6 of 6 users upserted (0 created, 6 replaced" in _ANSI.sub("", result.stdout)
    # and the platform has the new names
    names = json.loads(run(["users", "list", "-n", "6", "-o", "json"], env).stdout)
    assert all(user["givenName"].endswith("-bar") for user in names)


def test_piped_upsert_prints_clean_json_and_no_bar(env: dict[str, str], tmp_path: Path) -> None:
    path = users_file(env, tmp_path, 4, "-piped")

    result = run(["users", "upsert", str(path), "-o", "json"], env)

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # stdout is the report alone
    assert report["ok"] is True
    assert (report["succeeded"], report["replaced"], report["failed"]) == (4, 4, [])
    assert result.stderr == ""


def test_quiet_hides_the_bar_even_on_a_terminal(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = users_file(env, tmp_path, 3, "-quiet")

    result = run(["users", "upsert", str(path), "--quiet"], terminal(monkeypatch, env))

    assert result.exit_code == 0, result.output
    assert bar_frames(result.stderr, "upserting users") == []


def test_upsert_reports_each_failure_and_exits_with_its_code(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = users_file(env, tmp_path, 3, "")
    users = json.loads(path.read_text(encoding="utf-8"))
    users[1]["roles"] = "not a list"  # refused before it is sent; the others still go
    path.write_text(json.dumps(users), encoding="utf-8")

    result = run(["users", "upsert", str(path), "-o", "json"], env)

    assert result.exit_code == 2, result.output  # an invalid record: usage
    report = json.loads(result.stdout)
    assert report["succeeded"] == 2
    assert [failure["index"] for failure in report["failed"]] == [1]
    assert report["failed"][0]["sourcedId"] == users[1]["sourcedId"]


def test_upsert_refuses_a_file_without_records(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("[]", encoding="utf-8")

    result = run(["users", "upsert", str(path)], env)

    assert result.exit_code == 2
    assert "holds no users" in result.stderr


# -- changes -------------------------------------------------------------------------------------


def test_changes_on_a_terminal_streams_records_and_ends_the_bar_at_the_total(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = datetime.now(timezone.utc).isoformat()
    upserted = run(["users", "upsert", str(users_file(env, tmp_path, 5, "-new"))], env)
    assert upserted.exit_code == 0, upserted.output

    result = run(["users", "changes", "--since", before, "-o", "jsonl"], terminal(monkeypatch, env))

    assert result.exit_code == 0, result.output
    changed = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(changed) == 5
    assert all(user["givenName"].endswith("-new") for user in changed)
    shown = bar_frames(result.stderr, "changed users")
    assert shown, result.stderr
    assert "5/5" in shown[-1]
    newest = max(user["dateLastModified"] for user in changed)
    mark = [line for line in frames(result.stderr) if line.startswith("next --since: ")]
    assert mark
    assert parse_instant(mark[-1].split(": ", 1)[1]) == parse_instant(newest)


def test_piped_changes_keep_stdout_to_records_and_stderr_to_the_mark(
    env: dict[str, str],
) -> None:
    result = run(["users", "changes", "--since", "2000-01-01", "-o", "jsonl"], env)

    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    assert result.stderr.startswith("next --since: ")
    assert len(result.stderr.splitlines()) == 1


def test_a_bad_since_is_a_usage_error(env: dict[str, str]) -> None:
    result = run(["users", "changes", "--since", "last tuesday"], env)

    assert result.exit_code == 2
    assert "ISO 8601" in result.stderr


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2026-01-31", datetime(2026, 1, 31, tzinfo=timezone.utc)),
        ("2026-01-31T08:00:00Z", datetime(2026, 1, 31, 8, tzinfo=timezone.utc)),
        ("2026-01-31T10:00:00+02:00", datetime(2026, 1, 31, 8, tzinfo=timezone.utc)),
        ("2026-01-31T08:00:00.5", datetime(2026, 1, 31, 8, 0, 0, 500000, tzinfo=timezone.utc)),
        ("2026-01-31T08:00:00.1234567Z", datetime(2026, 1, 31, 8, 0, 0, 123456, tzinfo=UTC)),
    ],
)
def test_parse_instant_reads_dates_and_utc_offsets(text: str, instant: datetime) -> None:
    assert parse_instant(text) == instant


@given(
    instant=st.datetimes(
        min_value=datetime(1970, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.just(UTC),
    ),
    timespec=st.sampled_from(["seconds", "milliseconds", "microseconds"]),
    zulu=st.booleans(),
)
def test_parse_instant_reads_back_what_isoformat_writes(
    instant: datetime, timespec: str, zulu: bool
) -> None:
    text = instant.isoformat(timespec=timespec)
    if zulu:
        text = text.replace("+00:00", "Z")
    expected = instant
    if timespec == "seconds":
        expected = instant.replace(microsecond=0)
    elif timespec == "milliseconds":
        expected = instant.replace(microsecond=instant.microsecond // 1000 * 1000)
    assert parse_instant(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2026-13-01", "Z"])
def test_parse_instant_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(click.BadParameter):
        parse_instant(text)


# -- list ------------------------------------------------------------------------------------


def test_a_listing_bar_is_shown_on_a_terminal_and_not_in_a_pipe(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    piped = run(["users", "list", "--page-size", "7", "-o", "jsonl"], env)
    shown = run(["users", "list", "--page-size", "7", "-o", "jsonl"], terminal(monkeypatch, env))

    assert shown.exit_code == piped.exit_code == 0
    assert piped.stderr == ""
    fetching = bar_frames(shown.stderr, "fetching users")
    # the total came with the first page: the bar counts up to it
    assert any(re.search(r"\b(\d+)/\1\b", frame) for frame in fetching), fetching
    assert shown.stdout == piped.stdout  # the bar never reaches stdout
