"""The seeded QTI bank: for every active course, one stimulus, three items and one test.

Per course ``<slug>`` (its sourcedId with characters outside ``A-Z a-z 0-9 _ . -`` replaced by
``-``): stimulus ``stim-<slug>``; items ``item-<slug>-choice`` (answer ``B``),
``item-<slug>-text`` (answer ``4``, case-insensitive map) and ``item-<slug>-order`` (answer
``A B C``); test ``test-<slug>`` with part ``part-1`` and section ``section-1`` holding the three
items in that order.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import SubElement

from timeback_emulator.qti import _bank
from timeback_emulator.qti._xml import qti_root, serialize

__all__ = ["seed_bank"]

_MATCH = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"
_MAP = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"


def slug(value: str) -> str:
    """An identifier-safe form of a sourcedId."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "-", value)


def _declare(root: Any, cardinality: str, base_type: str, correct: list[str]) -> Any:
    declaration = SubElement(
        root,
        "qti-response-declaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "base-type": base_type},
    )
    block = SubElement(declaration, "qti-correct-response")
    for value in correct:
        SubElement(block, "qti-value").text = value
    SubElement(
        root,
        "qti-outcome-declaration",
        {"identifier": "SCORE", "cardinality": "single", "base-type": "float"},
    )
    return declaration


def choice_xml(identifier: str, title: str) -> str:
    """A four-choice arithmetic question; the answer is ``B``."""
    root = qti_root("qti-assessment-item", {"identifier": identifier, "title": title})
    _declare(root, "single", "identifier", ["B"])
    body = SubElement(root, "qti-item-body")
    interaction = SubElement(
        body,
        "qti-choice-interaction",
        {"response-identifier": "RESPONSE", "max-choices": "1", "shuffle": "false"},
    )
    SubElement(interaction, "qti-prompt").text = "What is 2 + 2?"
    for key, text in (("A", "3"), ("B", "4"), ("C", "5"), ("D", "22")):
        SubElement(interaction, "qti-simple-choice", {"identifier": key}).text = text
    SubElement(root, "qti-response-processing", {"template": _MATCH})
    return serialize(root)


def text_xml(identifier: str, title: str) -> str:
    """A typed answer (``4`` or ``four``, case-insensitive)."""
    root = qti_root("qti-assessment-item", {"identifier": identifier, "title": title})
    declaration = _declare(root, "single", "string", ["4"])
    mapping = SubElement(
        declaration,
        "qti-mapping",
        {"default-value": "0", "lower-bound": "0", "upper-bound": "1"},
    )
    for key in ("4", "four"):
        SubElement(
            mapping,
            "qti-map-entry",
            {"map-key": key, "mapped-value": "1", "case-sensitive": "false"},
        )
    body = SubElement(root, "qti-item-body")
    paragraph = SubElement(body, "p")
    paragraph.text = "Two plus two is "
    SubElement(paragraph, "qti-text-entry-interaction", {"response-identifier": "RESPONSE"})
    SubElement(root, "qti-response-processing", {"template": _MAP})
    return serialize(root)


def order_xml(identifier: str, title: str) -> str:
    """Order three numbers, smallest first; the answer is ``A B C``."""
    root = qti_root("qti-assessment-item", {"identifier": identifier, "title": title})
    _declare(root, "ordered", "identifier", ["A", "B", "C"])
    body = SubElement(root, "qti-item-body")
    interaction = SubElement(
        body, "qti-order-interaction", {"response-identifier": "RESPONSE", "shuffle": "true"}
    )
    SubElement(interaction, "qti-prompt").text = "Put these in order, smallest first."
    for key, text in (("A", "1"), ("B", "10"), ("C", "100")):
        SubElement(interaction, "qti-simple-choice", {"identifier": key}).text = text
    SubElement(root, "qti-response-processing", {"template": _MATCH})
    return serialize(root)


def seed_bank(store: Any) -> int:
    """Seed the bank for every active course; returns how many documents were written."""
    from timeback_emulator.qti._routes import _item_doc, _rewrite, _stamp, _stimulus_doc

    written = 0
    for course in store.find("courses", filter="status='active'"):
        name = slug(course["sourcedId"])
        title = str(course.get("title") or course["sourcedId"])
        stimulus = _stimulus_doc(
            {
                "identifier": f"stim-{name}",
                "title": f"{title}: reading",
                "content": f"<p>A short passage for {title}.</p>",
                "metadata": {"courseSourcedId": course["sourcedId"]},
            }
        )
        written += _bank.insert(store, "stimulus", _stamp(stimulus))
        refs = []
        for suffix, build in (("choice", choice_xml), ("text", text_xml), ("order", order_xml)):
            identifier = f"item-{name}-{suffix}"
            item = _item_doc(
                {
                    "format": "xml",
                    "xml": build(identifier, f"{title}: {suffix}"),
                    "metadata": {"courseSourcedId": course["sourcedId"], "difficulty": "easy"},
                }
            )
            written += _bank.insert(store, "item", _stamp(item))
            refs.append({"identifier": identifier, "href": f"/assessment-items/{identifier}"})
        test = {
            "identifier": f"test-{name}",
            "title": f"{title}: check-in",
            "qtiVersion": "3.0",
            "qti-test-part": [
                {
                    "identifier": "part-1",
                    "navigationMode": "linear",
                    "submissionMode": "individual",
                    "qti-assessment-section": [
                        {
                            "identifier": "section-1",
                            "title": "Questions",
                            "visible": True,
                            "qti-assessment-item-ref": refs,
                        }
                    ],
                }
            ],
            "qti-outcome-declaration": [
                {"identifier": "SCORE", "cardinality": "single", "baseType": "float"}
            ],
            "metadata": {"courseSourcedId": course["sourcedId"]},
        }
        written += _bank.insert(store, "test", _stamp(_rewrite(test)))
    return written
