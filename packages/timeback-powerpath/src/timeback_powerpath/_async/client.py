"""`PowerPathClient`: the async client of Timeback PowerPath (mastery learning).

The sync twin, ``SyncPowerPathClient`` in ``timeback_powerpath._sync.client``, is generated from
this file by ``scripts/unasync.py``; edit this one.
"""

from __future__ import annotations

from timeback_auth import ClientCredentialsAuth
from timeback_common import AsyncServiceClient
from timeback_powerpath._async.resources.external_tests import AsyncExternalTests
from timeback_powerpath._async.resources.lesson_plans import AsyncLessonPlans
from timeback_powerpath._async.resources.mastery import AsyncMastery
from timeback_powerpath._async.resources.placement import AsyncPlacement
from timeback_powerpath._async.resources.screening import AsyncScreening
from timeback_powerpath._async.resources.syllabus import AsyncSyllabus
from timeback_powerpath._async.resources.test_assignments import AsyncTestAssignments
from timeback_powerpath._async.resources.test_outs import AsyncTestOuts
from timeback_powerpath._errors import PowerPathError
from timeback_powerpath._paths import POWERPATH_PATHS, PowerPathPaths
from timeback_powerpath._version import __version__

__all__ = ["PowerPathClient"]


class PowerPathClient(AsyncServiceClient[PowerPathPaths]):
    """Async client of Timeback PowerPath: lesson plans, the mastery loop, placement, tests.

    Resources are attributes: `lesson_plans`, `mastery` (the question loop), `placement`,
    `screening`, `test_outs`, `external_tests`, `test_assignments` and `syllabus`. Every error
    it raises is a `PowerPathError` (and a class of the shared tree, such as
    ``NotFoundError``). On the LearnWith.AI platform, which has no PowerPath, every call raises
    ``UnsupportedOperationError`` without sending anything.

    The constructor's arguments (configuration modes, ``settings=``, ``auth=``...) are those of
    every service client, documented on `AsyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (also a
            `PowerPathError`).

    Example:
        >>> async with PowerPathClient(env="staging", client_id="...", client_secret="...") as c:
        ...     plan = await c.lesson_plans.create("course-1", "student-1")  # doctest: +SKIP
    """

    service_name = "powerpath"
    service_error = PowerPathError
    service_version = __version__
    platform_paths = POWERPATH_PATHS

    default_auth = staticmethod(ClientCredentialsAuth.from_settings)

    def _bind_resources(self) -> None:
        api, base = self._api, self._paths.base
        self.lesson_plans = AsyncLessonPlans(api, base)
        """Lesson plans: create, read as a tree, edit through operations, sync, progress."""
        self.mastery = AsyncMastery(api, base)
        """The question loop: attempts, next question, answers, progress, finalising."""
        self.placement = AsyncPlacement(api, base)
        """Placement: tests, current level, next test, subject progress, reset."""
        self.screening = AsyncScreening(api, base)
        """Screening: sessions, assigned tests, results."""
        self.test_outs = AsyncTestOuts(api, base)
        """Test-outs: find, start and create a course's test-out."""
        self.external_tests = AsyncExternalTests(api, base)
        """External and internal tests: create, assign, import results."""
        self.test_assignments = AsyncTestAssignments(api, base)
        """Test assignments: one, many (bounded), bulk, imported; list, get, rename, delete."""
        self.syllabus = AsyncSyllabus(api, base)
        """A course's syllabus."""
