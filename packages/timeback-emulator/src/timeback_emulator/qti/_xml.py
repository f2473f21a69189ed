"""The QTI emulator's XML handling: safe parsing with positions, reading and writing QTI.

QTI XML is untrusted input. `parse` refuses any DTD, entity declaration or external reference
(through defusedxml), and documents over `MAX_XML_BYTES`, and never fetches anything: a
``schemaLocation`` or an ``href`` is only an attribute value here. Each element's line and
column are kept, so that validation can say where a problem is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError, SubElement, TreeBuilder, tostring

__all__ = [
    "INTERACTION_KINDS",
    "MAX_XML_BYTES",
    "QTI_NAMESPACE",
    "Parsed",
    "XmlRefused",
    "children",
    "element_to_json",
    "local",
    "parse",
    "serialize",
]

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
MAX_XML_BYTES = 8 * 1024 * 1024
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = (
    f"{QTI_NAMESPACE} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
)

INTERACTION_KINDS: dict[str, str] = {
    f"qti-{kind}-interaction": kind
    for kind in (
        "choice", "text-entry", "extended-text", "inline-choice", "match", "order", "associate",
        "select-point", "graphic-order", "graphic-associate", "graphic-gap-match", "hotspot",
        "hottext", "slider", "drawing", "media", "upload",
    )
}  # fmt: skip

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class XmlRefused(Exception):
    """XML that is unsafe (``unsafe``) or not well-formed, with the position when known."""

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None, *, unsafe: bool
    ) -> None:
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message)
        self.message = where + message
        self.line = line
        self.column = column
        self.unsafe = unsafe


@dataclass
class Parsed:
    """A parsed document and where each element starts."""

    root: Element
    positions: dict[int, tuple[int, int]] = field(default_factory=dict)

    def where(self, element: Element) -> str:
        """``line L, column C`` of an element."""
        line, column = self.positions.get(id(element), (1, 1))
        return f"line {line}, column {column}"


class _PositionBuilder(TreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        self.expat: Any = None
        self.positions: dict[int, tuple[int, int]] = {}
        self._keep: list[Element] = []

    def start(self, tag: Any, attrs: Any) -> Element:
        element = super().start(tag, attrs)
        if self.expat is not None:
            self.positions[id(element)] = (
                self.expat.CurrentLineNumber,
                self.expat.CurrentColumnNumber + 1,
            )
        self._keep.append(element)
        return element


def parse(xml: str | bytes) -> Parsed:
    """Parse untrusted XML.

    Raises:
        XmlRefused: Unsafe (DTD, entities, external references, too large) or not well-formed.
    """
    raw = xml.encode("utf-8") if isinstance(xml, str) else xml
    if len(raw) > MAX_XML_BYTES:
        raise XmlRefused(f"XML larger than {MAX_XML_BYTES} bytes is refused", unsafe=True)
    if not raw.strip():
        raise XmlRefused("XML is empty", unsafe=False)
    found = _DECLARATION.search(raw)
    if found is not None:
        before = raw[: found.start()]
        raise XmlRefused(
            "DTDs and entity declarations are refused",
            before.count(b"\n") + 1,
            found.start() - (before.rfind(b"\n") + 1) + 1,
            unsafe=True,
        )
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    builder = _PositionBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.expat = getattr(parser, "parser", None)
    try:
        parser.feed(raw)
        root = parser.close()
    except DefusedXmlException as exc:
        raise XmlRefused(f"refused: {exc}", unsafe=True) from None
    except ParseError as exc:
        position = getattr(exc, "position", None)
        text = str(exc).split(": line", 1)[0]
        if position is None:
            raise XmlRefused(f"not well-formed: {text}", unsafe=False) from None
        raise XmlRefused(
            f"not well-formed: {text}", position[0], position[1] + 1, unsafe=False
        ) from None
    return Parsed(root, builder.positions)


def local(tag: object) -> str:
    """A tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children with this local name."""
    return (child for child in element if local(child.tag) == name)


def element_to_json(element: Element) -> dict[str, Any]:
    """The compact JSON form the service returns as ``content``: ``_attributes``, children by
    name (a list when repeated), ``_text`` for text."""
    body: dict[str, Any] = {}
    if element.attrib:
        body["_attributes"] = {local(k): v for k, v in element.attrib.items()}
    text = (element.text or "").strip()
    if text:
        body["_text"] = text
    for child in element:
        name = local(child.tag)
        if not name:
            continue
        value = element_to_json(child)
        if name in body:
            if not isinstance(body[name], list):
                body[name] = [body[name]]
            body[name].append(value)
        else:
            body[name] = value
    return body


def serialize(root: Element) -> str:
    """A document with its XML declaration."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode")


def qti_root(name: str, attributes: Mapping[str, str]) -> Element:
    """A QTI 3.0 root element with its namespace declarations."""
    return Element(
        name,
        {
            "xmlns": QTI_NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": _SCHEMA_LOCATION,
            **attributes,
        },
    )


def item_xml_from_json(doc: Mapping[str, Any]) -> str:
    """Item XML for an item created in the JSON form (declarations, processing, no body)."""
    root = qti_root(
        "qti-assessment-item",
        {
            "identifier": str(doc["identifier"]),
            "title": str(doc.get("title", "")),
            "adaptive": "true" if doc.get("adaptive") else "false",
            "time-dependent": "true" if doc.get("timeDependent") else "false",
        },
    )
    for declaration in doc.get("responseDeclarations") or []:
        attributes = {
            "identifier": str(declaration.get("identifier", "RESPONSE")),
            "cardinality": str(declaration.get("cardinality", "single")),
        }
        if declaration.get("baseType"):
            attributes["base-type"] = str(declaration["baseType"])
        element = SubElement(root, "qti-response-declaration", attributes)
        values = (declaration.get("correctResponse") or {}).get("value") or []
        if values:
            block = SubElement(element, "qti-correct-response")
            for value in values:
                SubElement(block, "qti-value").text = str(value)
        mapping = declaration.get("mapping")
        if isinstance(mapping, Mapping):
            block = SubElement(
                element,
                "qti-mapping",
                {
                    k: str(mapping[j])
                    for k, j in (
                        ("default-value", "defaultValue"),
                        ("lower-bound", "lowerBound"),
                        ("upper-bound", "upperBound"),
                    )
                    if mapping.get(j) is not None
                },
            )
            for entry in mapping.get("mapEntries") or []:
                SubElement(
                    block,
                    "qti-map-entry",
                    {
                        "map-key": str(entry.get("mapKey", "")),
                        "mapped-value": str(entry.get("mappedValue", 0)),
                        "case-sensitive": "false"
                        if entry.get("caseSensitive") is False
                        else "true",
                    },
                )
    for declaration in doc.get("outcomeDeclarations") or []:
        attributes = {
            "identifier": str(declaration.get("identifier", "SCORE")),
            "cardinality": str(declaration.get("cardinality", "single")),
        }
        if declaration.get("baseType"):
            attributes["base-type"] = str(declaration["baseType"])
        SubElement(root, "qti-outcome-declaration", attributes)
    SubElement(root, "qti-item-body")
    template = (doc.get("responseProcessing") or {}).get("templateType")
    if template in ("match_correct", "map_response"):
        SubElement(
            root,
            "qti-response-processing",
            {"template": f"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/{template}.xml"},
        )
    return serialize(root)


def stimulus_xml_from_json(doc: Mapping[str, Any]) -> str:
    """Stimulus XML for the JSON form: its (X)HTML content inside ``qti-stimulus-body``.

    Raises:
        XmlRefused: The content is unsafe or not well-formed XHTML.
    """
    root = qti_root(
        "qti-assessment-stimulus",
        {"identifier": str(doc["identifier"]), "title": str(doc.get("title", ""))},
    )
    if doc.get("language"):
        root.set("xml:lang", str(doc["language"]))
    body = SubElement(root, "qti-stimulus-body")
    content = parse(f"<div>{doc.get('content', '')}</div>").root
    body.text = content.text
    for child in content:
        body.append(child)
    return serialize(root)


def assessment_test_xml(doc: Mapping[str, Any]) -> str:
    """Test XML from the JSON form (outcomes, parts, sections, item references)."""
    root = qti_root(
        "qti-assessment-test",
        {"identifier": str(doc["identifier"]), "title": str(doc.get("title", ""))},
    )
    for outcome in doc.get("qti-outcome-declaration") or []:
        attributes = {
            "identifier": str(outcome.get("identifier", "SCORE")),
            "cardinality": str(outcome.get("cardinality", "single")),
            "base-type": str(outcome.get("baseType", "float")),
        }
        SubElement(root, "qti-outcome-declaration", attributes)
    for part in doc.get("qti-test-part") or []:
        part_element = SubElement(
            root,
            "qti-test-part",
            {
                "identifier": str(part["identifier"]),
                "navigation-mode": str(part.get("navigationMode", "linear")),
                "submission-mode": str(part.get("submissionMode", "individual")),
            },
        )
        for section in part.get("qti-assessment-section") or []:
            section_element = SubElement(
                part_element,
                "qti-assessment-section",
                {
                    "identifier": str(section["identifier"]),
                    "title": str(section.get("title", "")),
                    "visible": "false" if section.get("visible") is False else "true",
                },
            )
            for ref in section.get("qti-assessment-item-ref") or []:
                attributes = {"identifier": str(ref["identifier"])}
                if ref.get("href"):
                    attributes["href"] = str(ref["href"])
                SubElement(section_element, "qti-assessment-item-ref", attributes)
    return serialize(root)


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() == "true"


def assessment_test_json(root: Element) -> dict[str, Any]:
    """The JSON members of a test read from its XML."""
    parts = []
    for part in children(root, "qti-test-part"):
        sections = []
        for index, section in enumerate(children(part, "qti-assessment-section")):
            sections.append(
                {
                    "identifier": section.get("identifier", ""),
                    "title": section.get("title", ""),
                    "visible": _bool(section.get("visible"), True),
                    "required": _bool(section.get("required"), False),
                    "fixed": _bool(section.get("fixed"), False),
                    "sequence": index + 1,
                    "qti-assessment-item-ref": [
                        {"identifier": ref.get("identifier", ""), "href": ref.get("href", "")}
                        for ref in children(section, "qti-assessment-item-ref")
                    ],
                }
            )
        parts.append(
            {
                "identifier": part.get("identifier", ""),
                "navigationMode": part.get("navigation-mode", "linear"),
                "submissionMode": part.get("submission-mode", "individual"),
                "qti-assessment-section": sections,
            }
        )
    outcomes = [
        {
            "identifier": outcome.get("identifier", ""),
            "cardinality": outcome.get("cardinality", "single"),
            "baseType": outcome.get("base-type", "float"),
        }
        for outcome in children(root, "qti-outcome-declaration")
    ]
    return {"qti-test-part": parts, "qti-outcome-declaration": outcomes}


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def item_json_from_xml(root: Element) -> dict[str, Any]:
    """The JSON members of an item read from its XML."""
    declarations = []
    for element in children(root, "qti-response-declaration"):
        declaration: dict[str, Any] = {
            "identifier": element.get("identifier", ""),
            "cardinality": element.get("cardinality", "single"),
        }
        if element.get("base-type"):
            declaration["baseType"] = element.get("base-type")
        values = [
            (value.text or "").strip()
            for block in children(element, "qti-correct-response")
            for value in children(block, "qti-value")
        ]
        declaration["correctResponse"] = {"value": values}
        for block in children(element, "qti-mapping"):
            declaration["mapping"] = {
                "defaultValue": _float(block.get("default-value")) or 0.0,
                "lowerBound": _float(block.get("lower-bound")),
                "upperBound": _float(block.get("upper-bound")),
                "mapEntries": [
                    {
                        "mapKey": (entry.get("map-key") or "").strip(),
                        "mappedValue": _float(entry.get("mapped-value")) or 0.0,
                        "caseSensitive": _bool(entry.get("case-sensitive"), True),
                    }
                    for entry in children(block, "qti-map-entry")
                ],
            }
        declarations.append(declaration)
    outcomes = [
        {
            "identifier": element.get("identifier", ""),
            "cardinality": element.get("cardinality", "single"),
            "baseType": element.get("base-type"),
        }
        for element in children(root, "qti-outcome-declaration")
    ]
    kinds: list[str] = []
    for element in root.iter():
        kind = INTERACTION_KINDS.get(local(element.tag))
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    processing: dict[str, Any] | None = None
    for element in children(root, "qti-response-processing"):
        template = element.get("template") or ""
        for name in ("match_correct", "map_response"):
            if name in template:
                processing = {
                    "templateType": name,
                    "responseDeclarationIdentifier": declarations[0]["identifier"]
                    if declarations
                    else "RESPONSE",
                    "outcomeIdentifier": "SCORE",
                    "correctResponseIdentifier": "correct",
                    "incorrectResponseIdentifier": "incorrect",
                }
    return {
        "identifier": root.get("identifier", ""),
        "title": root.get("title", ""),
        "type": kinds[0] if kinds else None,
        "interactionKinds": kinds,
        "timeDependent": _bool(root.get("time-dependent"), False),
        "adaptive": _bool(root.get("adaptive"), False),
        "responseDeclarations": declarations,
        "outcomeDeclarations": outcomes,
        "responseProcessing": processing,
    }


ROOTS = {
    "item": "qti-assessment-item",
    "test": "qti-assessment-test",
    "stimulus": "qti-assessment-stimulus",
}


def validation_errors(xml: str, schema: str) -> list[str]:
    """What is wrong with a document of kind ``schema`` (item, test, stimulus), each with its
    line and column; empty when valid.

    Raises:
        XmlRefused: The document is unsafe (the caller answers 400).
    """
    try:
        parsed = parse(xml)
    except XmlRefused as exc:
        if exc.unsafe:
            raise
        return [exc.message]
    root = parsed.root
    errors: list[str] = []
    expected = ROOTS[schema]
    if local(root.tag) != expected:
        return [f"{parsed.where(root)}: root element must be <{expected}>, not <{local(root.tag)}>"]
    if not root.tag.startswith("{" + QTI_NAMESPACE + "}"):
        errors.append(f"{parsed.where(root)}: root element is not in the QTI 3.0 namespace")
    for attribute in ("identifier", "title"):
        if not (root.get(attribute) or "").strip():
            errors.append(f"{parsed.where(root)}: <{expected}> needs a {attribute} attribute")
    if schema == "item":
        errors.extend(_item_errors(parsed))
    elif schema == "test":
        if not list(children(root, "qti-test-part")):
            errors.append(f"{parsed.where(root)}: a test needs at least one <qti-test-part>")
        for part in children(root, "qti-test-part"):
            if not part.get("identifier"):
                errors.append(f"{parsed.where(part)}: <qti-test-part> needs an identifier")
    elif schema == "stimulus" and not list(children(root, "qti-stimulus-body")):
        errors.append(f"{parsed.where(root)}: a stimulus needs a <qti-stimulus-body>")
    return errors


_CARDINALITIES = ("single", "multiple", "ordered", "record")


def _item_errors(parsed: Parsed) -> list[str]:
    root = parsed.root
    errors: list[str] = []
    declared: dict[str, Element] = {}
    for element in children(root, "qti-response-declaration"):
        identifier = element.get("identifier") or ""
        if not identifier:
            errors.append(f"{parsed.where(element)}: response declaration needs an identifier")
        declared[identifier] = element
        if element.get("cardinality") not in _CARDINALITIES:
            errors.append(
                f"{parsed.where(element)}: cardinality must be one of {list(_CARDINALITIES)}"
            )
    if not list(children(root, "qti-item-body")):
        errors.append(f"{parsed.where(root)}: an item needs a <qti-item-body>")
    for element in root.iter():
        if local(element.tag) not in INTERACTION_KINDS:
            continue
        response = element.get("response-identifier")
        if not response:
            errors.append(f"{parsed.where(element)}: interaction needs a response-identifier")
        elif response not in declared:
            errors.append(
                f"{parsed.where(element)}: response-identifier {response!r} is not declared"
            )
        elif local(element.tag) in ("qti-choice-interaction", "qti-inline-choice-interaction"):
            choices = {
                c.get("identifier")
                for c in element.iter()
                if local(c.tag) in ("qti-simple-choice", "qti-inline-choice")
            }
            for block in children(declared[response], "qti-correct-response"):
                for value in children(block, "qti-value"):
                    if (value.text or "").strip() not in choices:
                        errors.append(
                            f"{parsed.where(value)}: correct value {value.text!r} is not a choice"
                        )
    return errors


def first_position(errors: Sequence[str]) -> str:
    """The first error, for a 400 message."""
    return errors[0] if errors else ""
