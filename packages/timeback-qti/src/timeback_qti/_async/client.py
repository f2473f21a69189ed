"""`QtiClient`: the async client of the Timeback QTI 3.0 service.

The sync twin, ``SyncQtiClient`` in ``timeback_qti._sync.client``, is generated from this file by
``scripts/unasync.py``; edit this one.
"""

from __future__ import annotations

from timeback_auth import ClientCredentialsAuth
from timeback_common import AsyncServiceClient
from timeback_qti._async.resources.assessment_tests import AsyncAssessmentTests
from timeback_qti._async.resources.feedback import AsyncFeedback
from timeback_qti._async.resources.items import AsyncItems
from timeback_qti._async.resources.parts import AsyncTestParts
from timeback_qti._async.resources.sections import AsyncSections
from timeback_qti._async.resources.stimuli import AsyncStimuli
from timeback_qti._async.resources.validation import AsyncValidation
from timeback_qti._errors import QtiError
from timeback_qti._paths import QTI_PATHS, QtiPaths
from timeback_qti._version import __version__

__all__ = ["QtiClient"]


class QtiClient(AsyncServiceClient[QtiPaths]):
    """Async client of the QTI 3.0 service: stimuli, items, tests, scoring, feedback, validation.

    Resources are attributes: `stimuli`, `items`, `tests`, `test_parts`, `sections`,
    `feedback` and `validation`. Every error it raises is a `QtiError` (and a class of the
    shared tree, such as ``NotFoundError``). Every XML it reads or sends is first read through
    a parser that refuses DTDs and entities and fetches nothing.

    Where it connects: production uses the QTI host by default; staging has no default QTI
    host, so give one with ``services={"qti": url, ...}`` or ``TIMEBACK_QTI_URL`` (staging
    traffic is never sent to production); on LearnWith.AI it is the platform's host; in base
    URL mode (the local emulator) it is that origin.

    The constructor's arguments (configuration modes, ``settings=``, ``auth=``...) are those of
    every service client, documented on `AsyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory, or there is
            no QTI URL (also a `QtiError`).

    Example:
        >>> async with QtiClient(env="production", client_id="...", client_secret="...") as c:
        ...     items = await c.items.list(filter="type='choice'").to_list()  # doctest: +SKIP
    """

    service_name = "qti"
    service_error = QtiError
    service_version = __version__
    platform_paths = QTI_PATHS

    default_auth = staticmethod(ClientCredentialsAuth.from_settings)

    def _bind_resources(self) -> None:
        api, base = self._api, self._paths.base
        self.stimuli = AsyncStimuli(api, base)
        """Stimuli: search, create, get, update, delete."""
        self.items = AsyncItems(api, base)
        """Assessment items: search, create, get, update, delete, metadata, process_response."""
        self.tests = AsyncAssessmentTests(api, base)
        """Assessment tests: search, create, get, update, delete, questions, metadata."""
        self.test_parts = AsyncTestParts(api, base)
        """Parts of a test: search, create, get, update, delete."""
        self.sections = AsyncSections(api, base)
        """Sections of a part: search, create, get, update, delete; add, remove, reorder items."""
        self.feedback = AsyncFeedback(api, base)
        """Question and lesson feedback: create, list for a lesson, delete."""
        self.validation = AsyncValidation(api, base)
        """XML validation by the service: one document or a batch."""
