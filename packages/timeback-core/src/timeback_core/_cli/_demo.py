"""``timeback demo``: the whole SDK in a few seconds, against emulators it starts itself.

It starts two emulators on free loopback ports (two tenants, each with its own credentials and
data), then walks through what an application does, printing each request's result:

1. OneRoster: list users (one page with its total, then every record), filter and sort,
   create, read, update and delete a user;
2. Edubridge: enroll a student in a course (the platform creates the class and enrollment);
3. Caliper: send learning events for that student and follow the processing job;
4. Edubridge analytics: the student's summary, computed from the events just sent;
5. TimebackManager: one call broadcast to both tenants, plus a third registration whose
   credentials the platform does not know, to show that a broadcast reports failures instead
   of raising.

The code below is written the way an application would use the SDK (the sync client; the async
one reads the same with ``await``), so it doubles as an example.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from timeback_core._cli._emulator_extra import require_emulator
from timeback_core._cli._output import cell_text, stdout_console

if TYPE_CHECKING:
    from timeback_core import SyncTimebackClient
    from timeback_emulator import EmulatorServer

__all__ = ["SECTIONS", "demo_command", "run_demo"]

SECTIONS = (
    "Emulators",
    "OneRoster: listing",
    "OneRoster: filtering",
    "OneRoster: writes",
    "Edubridge: enrollment",
    "Caliper: events and job status",
    "Edubridge: analytics summary",
    "TimebackManager: broadcast",
    "PowerPath: mastering a lesson",
)
"""Section titles, in order (the tests check that each one is printed)."""

_SENSOR = "https://demo.timeback.example/reading-quest"
_APP = "Reading Quest"


@dataclass(frozen=True)
class _Tenant:
    name: str
    server: EmulatorServer

    def config(self, **overrides: str) -> dict[str, Any]:
        """Base URL mode keywords for a client of this tenant."""
        config: dict[str, Any] = {
            "base_url": self.server.base_url,
            "auth_url": self.server.token_url,
            "client_id": self.server.client_id,
            "client_secret": self.server.client_secret,
        }
        config.update(overrides)
        return config


class _Demo:
    def __init__(self, console: Console) -> None:
        self.console = console

    # -- printing -----------------------------------------------------------------------------

    def section(self, number: int, text: str) -> None:
        title = SECTIONS[number]
        self.console.print()
        self.console.rule(f"[bold cyan]{number}. {title}[/bold cyan]", align="left")
        self.console.print(f"[dim]{text}[/dim]", highlight=False)

    def code(self, text: str) -> None:
        self.console.print(f"[green]>>>[/green] [bold]{escape(text)}[/bold]", highlight=False)

    def table(self, columns: tuple[str, ...], rows: list[list[Any]], title: str = "") -> None:
        table = Table(*columns, title=title or None, title_justify="left", highlight=False)
        for row in rows:
            table.add_row(*(cell_text(value) for value in row))
        self.console.print(table)

    def facts(self, pairs: list[tuple[str, Any]]) -> None:
        table = Table(show_header=False, box=None, padding=(0, 2), highlight=False)
        for key, value in pairs:
            table.add_row(f"[bold]{key}[/bold]", cell_text(value))
        self.console.print(table)

    # -- the walk-through ---------------------------------------------------------------------

    def run(self, alpha: _Tenant, beta: _Tenant) -> None:
        from timeback_core import SyncTimebackClient

        seed = alpha.server.seed_summary()["summary"]
        self.show_emulators(alpha, beta, seed)
        with SyncTimebackClient(**alpha.config()) as client:
            self.listing(client)
            self.filtering(client)
            self.writes(client, seed)
            self.enrollment(client, seed)
            self.caliper(client, seed)
            self.analytics(client, seed)
        self.broadcast(alpha, beta)
        with SyncTimebackClient(**alpha.config()) as client:
            self.mastery(client, seed)

    def show_emulators(self, alpha: _Tenant, beta: _Tenant, seed: dict[str, Any]) -> None:
        self.section(
            0,
            "Two emulated tenants on free loopback ports, each a seeded school district with its "
            "own credentials.",
        )
        rows = [
            [tenant.name, tenant.server.base_url, tenant.server.client_id]
            for tenant in (alpha, beta)
        ]
        self.table(("tenant", "base URL (token URL: + /oauth2/token)", "client id"), rows)
        counts = seed.get("counts", {})
        self.console.print(
            "alpha holds "
            + ", ".join(f"{counts[key]} {key}" for key in ("users", "classes", "enrollments"))
            + "; every call below goes over HTTP with an OAuth2 token, like production.",
            highlight=False,
        )
        self.code(
            "client = SyncTimebackClient(base_url=..., auth_url=..., client_id=..., "
            "client_secret=...)"
        )

    def listing(self, client: SyncTimebackClient) -> None:
        self.section(
            1,
            "list() returns a paginator: iterate it, call .to_list(), or read one page.",
        )
        self.code(
            "page = client.oneroster.users.list(filter=\"role='teacher' AND status='active'\", "
            "limit=5).first_page()"
        )
        page = client.oneroster.users.list(
            filter="role='teacher' AND status='active'", limit=5
        ).first_page()
        self.table(
            ("sourcedId", "givenName", "familyName", "roles"),
            [[u.sourced_id, u.given_name, u.family_name, u.to_wire().get("roles")] for u in page],
        )
        self.facts([("total", page.total), ("has_more", page.has_more)])
        self.code("users = client.oneroster.users.list().to_list()")
        started = time.perf_counter()
        users = client.oneroster.users.list().to_list()
        elapsed = time.perf_counter() - started
        self.console.print(
            f"{len(users)} users, every page fetched ({elapsed * 1000:.0f} ms)", highlight=False
        )

    def filtering(self, client: SyncTimebackClient) -> None:
        from timeback_oneroster import F

        self.section(
            2,
            "Filters are built with F (values escaped for you) or written as OneRoster filter "
            "strings; sort, fields and search are passed through.",
        )
        self.code(
            'client.oneroster.users.list(filter=F("role") == "teacher", sort="familyName", '
            'fields=["sourcedId", "givenName", "familyName", "email"])'
        )
        teachers = client.oneroster.users.list(
            filter=F("role") == "teacher",
            sort="familyName",
            fields=["sourcedId", "givenName", "familyName", "email"],
        ).to_list()
        self.table(
            ("sourcedId", "givenName", "familyName", "email"),
            [[t.sourced_id, t.given_name, t.family_name, t.email] for t in teachers],
        )
        self.code("client.oneroster.classes.list(filter=\"status='active'\", max_items=3)")
        classes = client.oneroster.classes.list(filter="status='active'", max_items=3).to_list()
        self.table(
            ("sourcedId", "title", "course"),
            [[c.sourced_id, c.title, c.to_wire().get("course")] for c in classes],
        )

    def writes(self, client: SyncTimebackClient, seed: dict[str, Any]) -> None:
        self.section(
            3,
            "Writes take a dict or a model, validated before sending; create answers with ids.",
        )
        new_id = f"demo-{uuid.uuid4().hex[:8]}"
        user = {
            "sourcedId": new_id,
            "enabledUser": True,
            "givenName": "Ada",
            "familyName": "Lovelace",
            "email": f"{new_id}@demo.example",
            "roles": [
                {"roleType": "primary", "role": "student", "org": {"sourcedId": seed["school_id"]}}
            ],
        }
        users = client.oneroster.users
        self.code("pair = client.oneroster.users.create(user)")
        pair = users.create(user)
        self.facts([("allocated_sourced_id", pair.allocated_sourced_id)])
        self.code("client.oneroster.users.update(pair.allocated_sourced_id, {...})")
        users.update(new_id, {**user, "givenName": "Augusta Ada"})
        fetched = users.get(new_id)
        self.facts([("given_name after update", fetched.given_name)])
        self.code("client.oneroster.users.delete(pair.allocated_sourced_id)")
        users.delete(new_id)
        deleted = users.get(new_id)
        self.facts([("status after delete", deleted.status)])

    def enrollment(self, client: SyncTimebackClient, seed: dict[str, Any]) -> None:
        self.section(
            4,
            "One Edubridge call enrolls a learner in a course; the platform creates the "
            "session, term, class and OneRoster enrollment.",
        )
        student, course = seed["student_id"], seed["course_id"]
        self.code(f"client.edubridge.enrollments.enroll({student!r}, {course!r})")
        enrollment = client.edubridge.enrollments.enroll(student, course)
        self.facts(
            [
                ("enrollment", enrollment.id),
                ("role", enrollment.role),
                ("course", enrollment.course.title if enrollment.course else None),
                ("school", enrollment.school.name if enrollment.school else None),
            ]
        )
        self.code(f"client.edubridge.enrollments.list({student!r})")
        enrollments = client.edubridge.enrollments.list(student)
        self.table(
            ("id", "role", "course"),
            [[e.id, e.role, e.course.title if e.course else None] for e in enrollments],
        )

    def caliper(self, client: SyncTimebackClient, seed: dict[str, Any]) -> None:
        from timeback_caliper import activity_completed, time_spent

        self.section(
            5,
            "Builders return validated events; send() batches them into envelopes and the "
            "platform answers with a processing job.",
        )
        actor = {
            "id": f"{client.settings.url('oneroster')}/ims/oneroster/rostering/v1p2/users/"
            f"{seed['student_id']}",
            "type": "TimebackUser",
            "email": seed["student_email"],
        }
        activity = {
            "id": f"{_SENSOR}/activities/fractions-1",
            "type": "TimebackActivityContext",
            "subject": "Math",
            "app": {"name": _APP},
        }
        events = [
            activity_completed(
                actor=actor,
                object=activity,
                metrics={"xpEarned": 40, "totalQuestions": 10, "correctQuestions": 8},
            ),
            time_spent(actor=actor, object=activity, metrics={"active": 900, "inactive": 60}),
        ]
        self.code("receipt = client.caliper.events.send(sensor, [activity_completed(...), ...])")
        receipt = client.caliper.events.send(_SENSOR, events)
        self.facts(
            [
                ("events", receipt.event_count),
                ("envelopes", receipt.envelope_count),
                ("job ids", receipt.job_ids),
            ]
        )
        for job_id in receipt.job_ids:
            self.code(f"client.caliper.jobs.get({job_id!r}).state")
            self.facts([("state", client.caliper.jobs.get(job_id).state)])
            self.code(f"client.caliper.jobs.wait({job_id!r})")
            job = client.caliper.jobs.wait(job_id, poll_interval=0.05, timeout=30)
            results = job.return_value.results if job.return_value is not None else []
            self.facts([("state", job.state), ("events stored", len(results))])

    def analytics(self, client: SyncTimebackClient, seed: dict[str, Any]) -> None:
        self.section(
            6,
            "There is no summary endpoint: the SDK sums the activity facts, which the platform "
            "derives from the Caliper events received.",
        )
        self.code(f"client.edubridge.analytics.summary(student_id={seed['student_id']!r})")
        # Facts are bucketed by UTC day (no timezone given): "today" is the UTC date.
        today = datetime.now(timezone.utc).date()
        summary = client.edubridge.analytics.summary(
            student_id=seed["student_id"], start_date=today, end_date=today
        )
        accuracy = f"{summary.accuracy:.0%}" if summary.accuracy is not None else "-"
        self.facts(
            [
                ("total XP", summary.total_xp),
                ("questions (correct)", f"{summary.total_questions} ({summary.correct_questions})"),
                ("accuracy", accuracy),
                ("active minutes", f"{float(summary.active_seconds) / 60:g}"),
                ("subjects", ", ".join(summary.subjects) or "-"),
                ("apps", ", ".join(summary.apps) or "-"),
            ]
        )

    def broadcast(self, alpha: _Tenant, beta: _Tenant) -> None:
        from timeback_core import SyncTimebackManager

        self.section(
            7,
            "A manager holds one client per tenant; broadcast() runs a call on all of them "
            "concurrently and never raises: each outcome is a value or an error.",
        )
        self.code('manager.register("alpha", ...); manager.register("beta", ...)')
        with SyncTimebackManager() as manager:
            manager.register("alpha", **alpha.config())
            manager.register("beta", **beta.config())
            # Credentials the token endpoint does not know: this tenant's call fails.
            manager.register("gamma", **alpha.config(client_id="revoked-client"))
            self.code(
                "results = manager.broadcast(lambda tb: tb.oneroster.users.list("
                'filter=F("role") == "student").first_page().total)'
            )
            results = manager.broadcast(_count_students)
            rows: list[list[Any]] = []
            for name, value, error in results:
                if error is None:
                    rows.append([name, "[green]ok[/green]", f"{value} students"])
                else:
                    rows.append([name, "[red]failed[/red]", f"{type(error).__name__}: {error}"])
            table = Table("tenant", "outcome", "value or error", highlight=False)
            for row in rows:
                table.add_row(row[0], row[1], row[2])
            self.console.print(table)
            self.facts(
                [
                    ("all_succeeded", results.all_succeeded),
                    ("succeeded", [name for name, _ in results.succeeded]),
                    ("failed", [name for name, _ in results.failed]),
                ]
            )

    def mastery(self, client: SyncTimebackClient, seed: dict[str, Any]) -> None:
        self.section(
            8,
            "PowerPath serves a lesson's QTI questions one at a time and scores each answer; at "
            "a score of 100 the lesson is mastered and its XP result lands in OneRoster.",
        )
        student, lesson = seed["student_id"], f"cr-cc-{seed['course_id']}-u1-l1"
        self.code("for question in client.powerpath.mastery.questions(student, lesson): ...")
        questions = client.powerpath.mastery.questions(student, lesson)
        for answered, question in enumerate(questions):
            kind = question.id.rsplit("-", 1)[-1]
            # The emulator's seeded items and their answers; the second answer is a mistake.
            table = _WRONG if answered == 1 else _RIGHT
            client.powerpath.mastery.answer(student, lesson, question.id, table[kind])
        progress = client.powerpath.mastery.progress(student, lesson)
        result = client.oneroster.assessment_results.get(f"ar-pp-{student}-{lesson}-1")
        metadata = result.metadata or {}
        self.facts(
            [
                (
                    "questions (correct)",
                    f"{progress.total_questions} ({progress.correct_questions})",
                ),
                ("PowerPath score", progress.score),
                ("accuracy", f"{(progress.accuracy or 0) / 100:.0%}"),
                ("XP (multiplier)", f"{metadata.get('xp')} (x{metadata.get('multiplier')})"),
                ("OneRoster result", result.sourced_id),
            ]
        )


_RIGHT: dict[str, Any] = {"choice": "B", "text": "4", "order": ["A", "B", "C"]}
_WRONG: dict[str, Any] = {"choice": "A", "text": "5", "order": ["C", "B", "A"]}


def _count_students(client: SyncTimebackClient) -> int | None:
    from timeback_oneroster import F

    students = client.oneroster.users.list(filter=F("role") == "student", limit=1)
    return students.first_page().total


@contextmanager
def _tenants(seed: str | int) -> Iterator[tuple[_Tenant, _Tenant]]:
    from timeback_emulator import EmulatorServer

    # Fresh client ids per run: the SDK caches tokens per (token URL, client id) for the life of
    # the process, and a test may run the demo twice.
    run = uuid.uuid4().hex[:6]
    with ExitStack() as stack:
        alpha = EmulatorServer(
            seed=seed, seed_number=1, client_id=f"alpha-{run}", client_secret="alpha-secret"
        )
        beta = EmulatorServer(
            seed=seed, seed_number=2, client_id=f"beta-{run}", client_secret="beta-secret"
        )
        stack.enter_context(alpha)
        stack.enter_context(beta)
        yield _Tenant("alpha", alpha), _Tenant("beta", beta)


def run_demo(console: Console, seed: str | int = "tiny") -> float:
    """Run the walk-through, printing to ``console``.

    Args:
        console: Where to print.
        seed: Size of each emulated district (``tiny``, ``small`` or a number of users).

    Returns:
        How long it took, in seconds.

    Raises:
        TimebackError: A step failed (a bug in the SDK or the emulator: the demo expects none).
    """
    started = time.perf_counter()
    with _tenants(seed) as (alpha, beta):
        _Demo(console).run(alpha, beta)
    elapsed = time.perf_counter() - started
    console.print()
    console.print(
        Panel.fit(
            f"Demo finished in {elapsed:.1f} s.\n\n"
            "Next: [bold]timeback emulator serve[/bold] in one terminal, then in another\n"
            "  export TIMEBACK_BASE_URL=http://127.0.0.1:8400\n"
            "  export TIMEBACK_TOKEN_URL=http://127.0.0.1:8400/oauth2/token\n"
            "  export TIMEBACK_CLIENT_ID=emulator-client\n"
            "  export TIMEBACK_CLIENT_SECRET=emulator-secret\n"
            "  [bold]timeback users list --filter \"role='teacher'\"[/bold]",
            border_style="green",
        )
    )
    return elapsed


@click.command(name="demo", short_help="Start here: every service, against two local emulators.")
@click.option(
    "--seed",
    default="tiny",
    show_default=True,
    metavar="SIZE",
    help="Size of each emulated district: tiny (30 users), small (500) or a number of users.",
)
def demo_command(seed: str) -> None:
    """Start two local emulators and walk through OneRoster, Edubridge, Caliper and the manager.

    Needs no credentials and no network: everything runs on 127.0.0.1 and stops at the end.
    """
    require_emulator("timeback demo")
    size: str | int = int(seed) if seed.isdigit() else seed
    if size not in ("tiny", "small") and not isinstance(size, int):
        raise click.BadParameter("use tiny, small or a number of users", param_hint="'--seed'")
    run_demo(stdout_console(), size)
