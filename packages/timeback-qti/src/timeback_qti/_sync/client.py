# This file is generated from packages/timeback-qti/src/timeback_qti/_async/client.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""`SyncQtiClient`: the async client of the Timeback QTI 3.0 service.

The sync twin, ``SyncQtiClient`` in ``timeback_qti._sync.client``, is generated from this file by
``scripts/unasync.py``; edit this one.
"""

from __future__ import annotations

import httpx

from timeback_auth import ClientCredentialsAuth
from timeback_common import SyncServiceClient, ClientSettings
from timeback_qti._sync.resources.assessment_tests import SyncAssessmentTests
from timeback_qti._sync.resources.feedback import SyncFeedback
from timeback_qti._sync.resources.items import SyncItems
from timeback_qti._sync.resources.parts import SyncTestParts
from timeback_qti._sync.resources.sections import SyncSections
from timeback_qti._sync.resources.stimuli import SyncStimuli
from timeback_qti._sync.resources.validation import SyncValidation
from timeback_qti._errors import QtiError
from timeback_qti._paths import QTI_PATHS, QtiPaths
from timeback_qti._version import __version__

__all__ = ["SyncQtiClient"]


class SyncQtiClient(SyncServiceClient[QtiPaths]):
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
    every service client, documented on `SyncServiceClient`.

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory, or there is
            no QTI URL (also a `QtiError`).

    Example:
        >>> with SyncQtiClient(env="production", client_id="...", client_secret="...") as c:
        ...     items = c.items.list(filter="type='choice'").to_list()  # doctest: +SKIP
    """

    service_name = "qti"
    service_error = QtiError
    service_version = __version__
    platform_paths = QTI_PATHS

    @staticmethod
    def default_auth(settings: ClientSettings) -> httpx.Auth:
        """The client-credentials flow of ``settings`` (one cached token per credentials)."""
        return ClientCredentialsAuth.from_settings(settings)

    def _bind_resources(self) -> None:
        api, base = self._api, self._paths.base
        self.stimuli = SyncStimuli(api, base)
        """Stimuli: search, create, get, update, delete."""
        self.items = SyncItems(api, base)
        """Assessment items: search, create, get, update, delete, metadata, process_response."""
        self.tests = SyncAssessmentTests(api, base)
        """Assessment tests: search, create, get, update, delete, questions, metadata."""
        self.test_parts = SyncTestParts(api, base)
        """Parts of a test: search, create, get, update, delete."""
        self.sections = SyncSections(api, base)
        """Sections of a part: search, create, get, update, delete; add, remove, reorder items."""
        self.feedback = SyncFeedback(api, base)
        """Question and lesson feedback: create, list for a lesson, delete."""
        self.validation = SyncValidation(api, base)
        """XML validation by the service: one document or a batch."""
