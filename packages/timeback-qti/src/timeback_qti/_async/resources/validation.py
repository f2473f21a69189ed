"""XML validation by the service: one document or a batch."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from functools import partial

from typing_extensions import Unpack

from timeback_common import RequestOptions, parse_models
from timeback_qti._async.resources._base import AsyncEndpointGroup
from timeback_qti._models import ValidationResult
from timeback_qti._requests import batch_validate_body, validate_body

__all__ = ["AsyncValidation"]


class AsyncValidation(AsyncEndpointGroup):
    """``client.validation``: have the service validate QTI XML."""

    async def validate(
        self,
        schema: str,
        xml: str | bytes | None = None,
        *,
        entity_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ValidationResult:
        """Validate one document (given, or stored under ``entity_id``).

        Unsafe XML (a DTD, entities) is refused here; malformed XML is sent, so that the
        result lists what is wrong with line and column.

        Args:
            schema: ``item``, ``test`` or ``stimulus``.
            xml: The document (None: validate the stored entity ``entity_id``).
            entity_id: The entity the document is (or is stored as).
            **options: Per-call `RequestOptions`.

        Returns:
            ``success`` and the ``validation_errors``.

        Raises:
            QtiXmlError: The XML is unsafe; nothing was sent.
            InputValidationError: ``schema`` unknown, or neither ``xml`` nor ``entity_id``.
            NotFoundError: No stored entity ``entity_id`` (when no XML was given).
        """
        body = partial(validate_body, schema, xml, entity_id)
        return await self._read(
            ValidationResult, "POST", self._base + "/validate", {}, options, body
        )

    async def validate_batch(
        self,
        schema: str,
        documents: Sequence[str | bytes],
        *,
        entity_ids: Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[ValidationResult]:
        """Validate several documents of one kind in one request.

        Args:
            schema: ``item``, ``test`` or ``stimulus``.
            documents: The documents.
            entity_ids: One id per document (default ``document-0``, ``document-1``...).
            **options: Per-call `RequestOptions`.

        Returns:
            One result per document, in order.

        Raises:
            QtiXmlError: A document is unsafe; nothing was sent.
            InputValidationError: ``schema`` unknown, no documents, or ids of another length.
        """
        body = partial(batch_validate_body, schema, documents, entity_ids)
        response = await self._send("POST", self._base + "/validate/batch", {}, options, body)
        body_json = response.json()
        results = body_json.get("results") if isinstance(body_json, dict) else None
        if not isinstance(results, builtins.list):
            raise response.validation_error("expected an object with a 'results' array")
        return parse_models(ValidationResult, results, response)
