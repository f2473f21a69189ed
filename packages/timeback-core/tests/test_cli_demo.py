"""``timeback demo`` end to end: it starts its own emulators, walks every section and exits 0."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from timeback_core._cli._app import cli
from timeback_core._cli._demo import SECTIONS
from timeback_emulator._seed._data import AWKWARD_IDS


@pytest.fixture(scope="module")
def demo_run() -> Result:
    """One run of the demo (a few seconds), shared by the tests that read its output."""
    return CliRunner().invoke(cli, ["demo"], env={"COLUMNS": "160"}, prog_name="timeback")


def test_demo_exits_0(demo_run: Result) -> None:
    assert demo_run.exit_code == 0, demo_run.output
    assert demo_run.stderr == ""


def test_demo_prints_every_section_in_order(demo_run: Result) -> None:
    positions = [demo_run.stdout.find(f"{n}. {title}") for n, title in enumerate(SECTIONS)]

    assert -1 not in positions, demo_run.stdout
    assert positions == sorted(positions)
    assert "Demo finished" in demo_run.stdout


def test_demo_follows_the_caliper_job_to_completion(demo_run: Result) -> None:
    caliper = demo_run.stdout.split(SECTIONS[5], 1)[1].split(SECTIONS[6], 1)[0]

    assert "completed" in caliper


def test_demo_summary_counts_the_events_it_sent(demo_run: Result) -> None:
    analytics = demo_run.stdout.split(SECTIONS[6], 1)[1].split(SECTIONS[7], 1)[0]

    assert "80%" in analytics  # 8 correct answers out of 10 in the demo's ActivityEvent


def test_demo_broadcast_reports_each_tenant(demo_run: Result) -> None:
    broadcast = demo_run.stdout.split(SECTIONS[7], 1)[1]

    assert "alpha" in broadcast
    assert "beta" in broadcast
    assert "TokenError" in broadcast  # the third registration's credentials are unknown


def test_demo_rejects_an_unknown_seed_size() -> None:
    result = CliRunner().invoke(cli, ["demo", "--seed", "huge"], prog_name="timeback")

    assert result.exit_code == 2
    assert "--seed" in result.stderr


def test_demo_first_table_shows_active_realistic_records(demo_run: Result) -> None:
    # The seed keeps awkward ids (spaces, '#', '/') and soft-deleted users for the tests; a new
    # user's first look at the data should not be those.
    listing = demo_run.stdout.split(SECTIONS[1], 1)[1].split(SECTIONS[2], 1)[0]

    assert "usr-" in listing
    assert "tobedeleted" not in listing
    for awkward_id in AWKWARD_IDS:
        assert awkward_id not in listing


def test_demo_output_fits_the_width_it_is_given(demo_run: Result) -> None:
    # stdout is not a terminal here: rules and panels keep to COLUMNS, only record tables of
    # `list` and `get` grow to show whole values
    widest = max(len(line) for line in demo_run.stdout.splitlines())

    assert widest <= 160


def test_demo_powerpath_chapter_masters_a_lesson_into_a_oneroster_result(
    demo_run: Result,
) -> None:
    chapter = demo_run.stdout.split(SECTIONS[8], 1)[1]

    assert "PowerPath score" in chapter
    assert "100" in chapter
    assert "ar-pp-" in chapter
