"""Safe XML: the one parser every XML the SDK reads goes through. Pure, no I/O.

QTI XML is untrusted input, whoever wrote it (a user, the service, this package's builders).
`parse_xml` refuses, before building anything:

- any document type declaration (``<!DOCTYPE ...>``), so no internal or external entities, no
  billion-laughs or quadratic blow-up expansion, no external DTD;
- entity declarations and external references of any kind (``file://``, ``http://``...);
- documents larger than `MAX_XML_CHARS`.

Nothing is ever fetched: ``xsi:schemaLocation``, stimulus ``href``s and image sources are plain
attribute values to this parser. Malformed XML is a `QtiXmlError` with the line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from timeback_qti._errors import QtiXmlError

__all__ = [
    "INTERACTION_KINDS",
    "MAX_XML_CHARS",
    "QTI_NAMESPACE",
    "ItemXmlSummary",
    "XmlResponseDeclaration",
    "inspect_item_xml",
    "local_name",
    "parse_xml",
    "root_identifier",
]

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
"""The QTI 3.0 assessment namespace."""

MAX_XML_CHARS = 8 * 1024 * 1024
"""The largest document `parse_xml` accepts (characters or bytes)."""

INTERACTION_KINDS: dict[str, str] = {
    "qti-choice-interaction": "choice",
    "qti-text-entry-interaction": "text-entry",
    "qti-extended-text-interaction": "extended-text",
    "qti-inline-choice-interaction": "inline-choice",
    "qti-match-interaction": "match",
    "qti-order-interaction": "order",
    "qti-associate-interaction": "associate",
    "qti-select-point-interaction": "select-point",
    "qti-graphic-order-interaction": "graphic-order",
    "qti-graphic-associate-interaction": "graphic-associate",
    "qti-graphic-gap-match-interaction": "graphic-gap-match",
    "qti-hotspot-interaction": "hotspot",
    "qti-hottext-interaction": "hottext",
    "qti-slider-interaction": "slider",
    "qti-drawing-interaction": "drawing",
    "qti-media-interaction": "media",
    "qti-upload-interaction": "upload",
}
"""QTI interaction elements and the item ``type`` the service gives an item holding one."""

# A declaration anywhere before the root element: refused before expat sees it, so that the
# answer does not depend on which construct the parser would have tripped on first.
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def local_name(tag: object) -> str:
    """An element's tag without its ``{namespace}`` (non-element nodes give ``""``)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def parse_xml(xml: str | bytes, *, what: str = "XML") -> Element:
    """Parse untrusted XML safely.

    Args:
        xml: The document, as text or UTF-8 (or declared-encoding) bytes.
        what: What the document is, for messages (``"item XML"``).

    Returns:
        The root element (a standard-library ``Element``).

    Raises:
        QtiXmlError: The document is too large, declares a DTD or entities, references an
            external entity, or is not well-formed (with the line and column); ``unsafe`` tells
            the safety refusals apart.
    """
    if not isinstance(xml, (str, bytes)):
        raise QtiXmlError(f"{what} must be a str or bytes, got {type(xml).__name__}")
    if len(xml) > MAX_XML_CHARS:
        raise QtiXmlError(f"{what} is larger than {MAX_XML_CHARS} characters; refused", unsafe=True)
    raw = xml.encode("utf-8") if isinstance(xml, str) else xml
    if not raw.strip():
        raise QtiXmlError(f"{what} is empty")
    match = _DOCTYPE.search(raw)
    if match is not None:
        line, column = _position(raw, match.start())
        raise QtiXmlError(
            f"{what} declares a DTD or entities, which are refused",
            line=line,
            column=column,
            unsafe=True,
        )
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root: Element = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise QtiXmlError(f"{what} refused: {exc}", unsafe=True) from None
    except ParseError as exc:
        position: tuple[int, int] | None = getattr(exc, "position", None)
        message = str(exc).split(": line", 1)[0]
        raise QtiXmlError(
            f"{what} is not well-formed: {message}",
            line=None if position is None else position[0],
            column=None if position is None else position[1] + 1,
        ) from None
    return root


def _position(raw: bytes, index: int) -> tuple[int, int]:
    before = raw[:index]
    line = before.count(b"\n") + 1
    return line, index - (before.rfind(b"\n") + 1) + 1


def root_identifier(xml: str | bytes, expected_root: str, *, what: str = "XML") -> str:
    """The ``identifier`` attribute of a QTI document whose root must be ``expected_root``.

    Raises:
        QtiXmlError: Unsafe or malformed XML, another root element, or no identifier.
    """
    root = parse_xml(xml, what=what)
    name = local_name(root.tag)
    if name != expected_root:
        raise QtiXmlError(f"{what} must have a <{expected_root}> root element, not <{name}>")
    identifier = root.get("identifier", "").strip()
    if not identifier:
        raise QtiXmlError(f"{what}: <{expected_root}> has no identifier attribute")
    return identifier


@dataclass(frozen=True)
class XmlResponseDeclaration:
    """A ``qti-response-declaration`` as read from item XML.

    Attributes:
        identifier: The response variable (usually ``RESPONSE``).
        cardinality: ``single``, ``multiple``, ``ordered`` or ``record``.
        base_type: ``identifier``, ``string``, ``directedPair``...; None when absent.
        correct: The values of ``qti-correct-response``, in order.
        mapping: ``qti-map-entry`` keys and their mapped values.
        case_sensitive: Per map key, whether it matches case-sensitively.
        default_value: The mapping's default value.
        lower_bound: The mapping's lower bound, or None.
        upper_bound: The mapping's upper bound, or None.
    """

    identifier: str
    cardinality: str
    base_type: str | None
    correct: tuple[str, ...] = ()
    mapping: dict[str, float] = field(default_factory=dict)
    case_sensitive: dict[str, bool] = field(default_factory=dict)
    default_value: float = 0.0
    lower_bound: float | None = None
    upper_bound: float | None = None


@dataclass(frozen=True)
class ItemXmlSummary:
    """What `inspect_item_xml` reads from an item.

    Attributes:
        identifier: The item's identifier.
        title: Its title ("" when absent).
        interaction_kinds: The kinds of interaction it holds (``choice``, ``text-entry``...), in
            document order, without repeats.
        response_declarations: Its response declarations.
        response_processing_template: The ``template`` of its response processing, if any.
    """

    identifier: str
    title: str
    interaction_kinds: tuple[str, ...]
    response_declarations: tuple[XmlResponseDeclaration, ...]
    response_processing_template: str | None


def _children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if local_name(child.tag) == name)


def _number(value: str | None, default: float | None) -> float | None:
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise QtiXmlError(f"{value!r} is not a number") from None


def _declaration(element: Element) -> XmlResponseDeclaration:
    correct: list[str] = []
    for block in _children(element, "qti-correct-response"):
        correct.extend((value.text or "").strip() for value in _children(block, "qti-value"))
    mapping: dict[str, float] = {}
    sensitive: dict[str, bool] = {}
    default, lower, upper = 0.0, None, None
    for block in _children(element, "qti-mapping"):
        default = _number(block.get("default-value"), 0.0) or 0.0
        lower = _number(block.get("lower-bound"), None)
        upper = _number(block.get("upper-bound"), None)
        for entry in _children(block, "qti-map-entry"):
            key = (entry.get("map-key") or "").strip()
            mapping[key] = _number(entry.get("mapped-value"), 0.0) or 0.0
            sensitive[key] = (entry.get("case-sensitive") or "true").strip().lower() != "false"
    return XmlResponseDeclaration(
        identifier=element.get("identifier", ""),
        cardinality=element.get("cardinality", "single"),
        base_type=element.get("base-type"),
        correct=tuple(correct),
        mapping=mapping,
        case_sensitive=sensitive,
        default_value=default,
        lower_bound=lower,
        upper_bound=upper,
    )


def inspect_item_xml(xml: str | bytes) -> ItemXmlSummary:
    """Read an assessment item's identifier, title, interactions and response declarations.

    Args:
        xml: A ``qti-assessment-item`` document.

    Returns:
        What the item declares.

    Raises:
        QtiXmlError: Unsafe or malformed XML, or not an assessment item with an identifier.

    Example:
        >>> summary = inspect_item_xml(
        ...     '<qti-assessment-item identifier="q1" title="Q"><qti-item-body>'
        ...     '<qti-text-entry-interaction response-identifier="RESPONSE"/>'
        ...     "</qti-item-body></qti-assessment-item>"
        ... )
        >>> summary.interaction_kinds
        ('text-entry',)
    """
    root = parse_xml(xml, what="item XML")
    if local_name(root.tag) != "qti-assessment-item":
        raise QtiXmlError(
            f"item XML must have a <qti-assessment-item> root, not <{local_name(root.tag)}>"
        )
    identifier = root.get("identifier", "").strip()
    if not identifier:
        raise QtiXmlError("item XML: <qti-assessment-item> has no identifier attribute")
    kinds: list[str] = []
    for element in root.iter():
        kind = INTERACTION_KINDS.get(local_name(element.tag))
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    processing = next(_children(root, "qti-response-processing"), None)
    return ItemXmlSummary(
        identifier=identifier,
        title=root.get("title", ""),
        interaction_kinds=tuple(kinds),
        response_declarations=tuple(
            _declaration(e) for e in _children(root, "qti-response-declaration")
        ),
        response_processing_template=None if processing is None else processing.get("template"),
    )
