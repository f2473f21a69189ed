"""The QTI handlers: stimuli, items, tests and their parts and sections, feedback, validation.

Errors answer ``{"error": <reason>, "message": <what was wrong>}`` with 400 (invalid body or
parameters, unsafe or malformed XML: nothing stored), 404 (unknown identifier, naming it) or
409 (identifier taken). Creates answer 201, deletes 204 (section and feedback deletes 200 with
a message, as documented).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._http import BodyError, json_response, media_type, path_param, read_json
from timeback_emulator._http import reason as status_reason
from timeback_emulator.qti import _bank
from timeback_emulator.qti._scoring import score_response
from timeback_emulator.qti._xml import (
    ROOTS,
    XmlRefused,
    assessment_test_json,
    assessment_test_xml,
    element_to_json,
    item_json_from_xml,
    item_xml_from_json,
    local,
    parse,
    stimulus_xml_from_json,
    validation_errors,
)

ITEM_TYPES = (
    "choice", "text-entry", "extended-text", "inline-choice", "match", "order", "associate",
    "select-point", "graphic-order", "graphic-associate", "graphic-gap-match", "hotspot",
    "hottext", "slider", "drawing", "media", "upload",
)  # fmt: skip
CARDINALITIES = ("single", "multiple", "ordered", "record")
NAVIGATION_MODES = ("linear", "nonlinear")
SUBMISSION_MODES = ("individual", "simultaneous")


class Invalid(Exception):
    """A request the handler refuses; becomes an error response."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error(status: int, message: str) -> Response:
    """A QTI error body."""
    return json_response({"error": status_reason(status), "message": message}, status)


def _store(request: Request) -> Any:
    return request.app.state.store


def handler(function: Any) -> Any:
    """Turn `Invalid`, `BodyError` and refused XML into error responses."""

    async def endpoint(request: Request) -> Response:
        try:
            response: Response = await function(request)
        except Invalid as exc:
            return error(exc.status, exc.message)
        except (BodyError, _bank.ListQueryError) as exc:
            return error(400, str(exc))
        except XmlRefused as exc:
            kind = "unsafe XML refused" if exc.unsafe else "XML is not well-formed"
            return error(400, f"{kind}: {exc.message}")
        return response

    endpoint.__name__ = function.__name__
    endpoint.__doc__ = function.__doc__
    return endpoint


async def _object(request: Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise Invalid(400, "the request body must be a JSON object")
    return body


def _text(body: Mapping[str, Any], name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise Invalid(400, f"{name} is required and must be a non-empty string")
    return value


def _choice(body: Mapping[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = body.get(name, default)
    if value not in allowed:
        raise Invalid(400, f"{name} must be one of {list(allowed)}, got {value!r}")
    return str(value)


def _object_member(body: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(400, f"{name} must be a JSON object")
    return value


def _list(body: Mapping[str, Any], name: str, *, required: bool = False) -> list[Any]:
    value = body.get(name)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise Invalid(400, f"{name} must be an array")
    return value


def _xml_of(body: Mapping[str, Any]) -> str | None:
    if body.get("format") == "xml" or "xml" in body:
        xml = body.get("xml")
        if not isinstance(xml, str) or not xml.strip():
            raise Invalid(400, "xml must be a non-empty string of QTI 3.0 XML")
        return xml
    return None


def _same_identifier(path_id: str, doc: Mapping[str, Any]) -> None:
    if doc["identifier"] != path_id:
        raise Invalid(
            400,
            f"the identifier in the body ({doc['identifier']!r}) differs from the path's "
            f"({path_id!r})",
        )


def _stamp(doc: dict[str, Any], previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    stamp = _bank.now()
    doc["createdAt"] = previous["createdAt"] if previous and "createdAt" in previous else stamp
    doc["updatedAt"] = stamp
    return doc


def _found(store: Any, kind: str, identifier: str, label: str) -> dict[str, Any]:
    doc = _bank.get(store, kind, identifier)
    if doc is None:
        raise Invalid(404, f"{label} {identifier!r} not found")
    return doc


def _document_handlers(
    kind: str, article: str, noun: str, read: Callable[[Request], Awaitable[dict[str, Any]]]
) -> tuple[Any, Any, Any, Any]:
    """The create, get, update and delete handlers of one kind of bank document.

    ``read`` builds the document of a request body (JSON or XML) and raises `Invalid`;
    ``noun`` names the kind in messages and ``article`` goes before it in the summaries.
    """

    async def create(request: Request) -> Response:
        doc = _stamp(await read(request))
        if not _bank.insert(_store(request), kind, doc):
            raise Invalid(409, f"{noun} {doc['identifier']!r} already exists")
        return json_response(doc, 201)

    async def get(request: Request) -> Response:
        return json_response(_found(_store(request), kind, path_param(request, "identifier"), noun))

    async def update(request: Request) -> Response:
        identifier = path_param(request, "identifier")
        previous = _found(_store(request), kind, identifier, noun)
        doc = await read(request)
        _same_identifier(identifier, doc)
        _bank.put(_store(request), kind, identifier, _stamp(doc, previous))
        return json_response(doc)

    async def delete(request: Request) -> Response:
        identifier = path_param(request, "identifier")
        if not _bank.delete(_store(request), kind, identifier):
            raise Invalid(404, f"{noun} {identifier!r} not found")
        return Response(status_code=204)

    handlers = []
    for verb, function in (
        ("create", create),
        ("get", get),
        ("update", update),
        ("delete", delete),
    ):
        function.__name__ = f"{verb}_{kind}"
        function.__doc__ = f"{verb.capitalize()} {article} {noun}"
        handlers.append(handler(function))
    return handlers[0], handlers[1], handlers[2], handlers[3]


# -- stimuli ----------------------------------------------------------------------------------

STIMULUS_SORTS = ("title", "identifier", "createdAt", "updatedAt")


def _stimulus_doc(body: Mapping[str, Any]) -> dict[str, Any]:
    xml = _xml_of(body)
    if xml is not None:
        root = parse(xml).root
        if local(root.tag) != "qti-assessment-stimulus":
            raise Invalid(400, "xml must have a <qti-assessment-stimulus> root element")
        identifier = _text(root.attrib, "identifier")
        doc: dict[str, Any] = {
            "identifier": identifier,
            "title": root.get("title", ""),
            "metadata": _object_member(body, "metadata"),
        }
    else:
        doc = {
            "identifier": _text(body, "identifier"),
            "title": _text(body, "title"),
            "metadata": _object_member(body, "metadata"),
        }
        _text(body, "content")
        for name in ("label", "language", "toolName", "toolVersion"):
            if body.get(name) is not None:
                doc[name] = _text(body, name)
        if body.get("stylesheet") is not None:
            doc["stylesheet"] = _object_member(body, "stylesheet")
        xml = stimulus_xml_from_json({**body, **doc})
        root = parse(xml).root
    doc["catalogInfo"] = _list(body, "catalogInfo")
    doc["rawXml"] = xml
    doc["content"] = {"qti-assessment-stimulus": element_to_json(root)}
    return doc


@handler
async def search_stimuli(request: Request) -> Response:
    """Search stimuli"""
    return json_response(
        _bank.list_page(
            _bank.all_docs(_store(request), "stimulus"),
            request.query_params,
            sort_fields=STIMULUS_SORTS,
        )
    )


async def _read_stimulus(request: Request) -> dict[str, Any]:
    return _stimulus_doc(await _object(request))


create_stimulus, get_stimulus, update_stimulus, delete_stimulus = _document_handlers(
    "stimulus", "a", "stimulus", _read_stimulus
)


# -- items ------------------------------------------------------------------------------------

ITEM_SORTS = ("title", "identifier", "type", "createdAt", "updatedAt")


def _declarations(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    declarations = []
    for index, value in enumerate(_list(body, "responseDeclarations")):
        if not isinstance(value, dict):
            raise Invalid(400, f"responseDeclarations[{index}] must be an object")
        _text(value, "identifier")
        _choice(value, "cardinality", CARDINALITIES, "single")
        correct = value.get("correctResponse")
        if correct is not None:
            values = correct.get("value") if isinstance(correct, dict) else None
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise Invalid(
                    400, f"responseDeclarations[{index}].correctResponse.value must be strings"
                )
        if value.get("mapping") is not None and not isinstance(value["mapping"], dict):
            raise Invalid(400, f"responseDeclarations[{index}].mapping must be an object")
        declarations.append(dict(value))
    return declarations


def _item_doc(body: Mapping[str, Any]) -> dict[str, Any]:
    xml = _xml_of(body)
    if xml is not None:
        root = parse(xml).root
        if local(root.tag) != "qti-assessment-item":
            raise Invalid(400, "xml must have a <qti-assessment-item> root element")
        info = item_json_from_xml(root)
        _text(info, "identifier")
        if info["type"] is None:
            raise Invalid(400, "the item XML holds no interaction, so it has no type")
        doc: dict[str, Any] = {
            "identifier": info["identifier"],
            "title": info["title"],
            "type": info["type"],
            "qtiVersion": "3.0",
            "timeDependent": info["timeDependent"],
            "adaptive": info["adaptive"],
            "responseDeclarations": info["responseDeclarations"],
            "outcomeDeclarations": info["outcomeDeclarations"],
            "interactionKinds": info["interactionKinds"],
            "metadata": _object_member(body, "metadata"),
        }
        if info["responseProcessing"] is not None:
            doc["responseProcessing"] = info["responseProcessing"]
    else:
        doc = {
            "identifier": _text(body, "identifier"),
            "title": _text(body, "title"),
            "type": _choice(body, "type", ITEM_TYPES, ""),
            "qtiVersion": str(body.get("qtiVersion") or "3.0"),
            "timeDependent": bool(body.get("timeDependent", False)),
            "adaptive": bool(body.get("adaptive", False)),
            "responseDeclarations": _declarations(body),
            "outcomeDeclarations": _list(body, "outcomeDeclarations"),
            "metadata": _object_member(body, "metadata"),
        }
        if body.get("responseProcessing") is not None:
            doc["responseProcessing"] = _object_member(body, "responseProcessing")
        doc["interactionKinds"] = [doc["type"]]
        xml = item_xml_from_json(doc)
        root = parse(xml).root
    for name in ("modalFeedback", "feedbackInline", "feedbackBlock"):
        doc[name] = _list(body, name)
    doc["rawXml"] = xml
    doc["content"] = {"qti-assessment-item": element_to_json(root)}
    return doc


@handler
async def search_items(request: Request) -> Response:
    """Search assessment items"""
    return json_response(
        _bank.list_page(
            _bank.all_docs(_store(request), "item"),
            request.query_params,
            sort_fields=ITEM_SORTS,
            filterable=True,
        )
    )


async def _read_item(request: Request) -> dict[str, Any]:
    return _item_doc(await _object(request))


create_item, get_item, update_item, delete_item = _document_handlers(
    "item", "an", "assessment item", _read_item
)


@handler
async def update_item_metadata(request: Request) -> Response:
    """Update the metadata of an assessment item"""
    body = await _object(request)
    identifier = _text(body, "identifier")
    assert identifier is not None
    doc = _found(_store(request), "item", identifier, "assessment item")
    doc["metadata"] = {**(doc.get("metadata") or {}), **_object_member(body, "metadata")}
    _bank.put(_store(request), "item", identifier, _stamp(doc, doc))
    return json_response(doc, 201)


@handler
async def process_response(request: Request) -> Response:
    """Score a candidate response"""
    item = _found(_store(request), "item", path_param(request, "identifier"), "assessment item")
    body = await _object(request)
    response = body.get("response")
    if not (
        isinstance(response, str)
        or (isinstance(response, list) and all(isinstance(v, str) for v in response))
    ):
        raise Invalid(400, "response is required: a string or an array of strings")
    declaration = body.get("identifier") if isinstance(body.get("identifier"), str) else None
    return json_response(score_response(item, response, declaration))


# -- tests ------------------------------------------------------------------------------------

TEST_SORTS = ("title", "identifier", "createdAt", "updatedAt")


def _ref(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(400, f"{where} must be an object")
    ref: dict[str, Any] = {"identifier": _text(value, "identifier")}
    href = value.get("href")
    ref["href"] = (
        href if isinstance(href, str) and href else f"/assessment-items/{ref['identifier']}"
    )
    return ref


def _section(value: Any, where: str = "section") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(400, f"{where} must be an object")
    section: dict[str, Any] = {
        "identifier": _text(value, "identifier"),
        "title": _text(value, "title"),
        "visible": value.get("visible", True),
    }
    for name in ("visible", "required", "fixed"):
        if name in value and not isinstance(value[name], bool):
            raise Invalid(400, f"{where}.{name} must be a boolean")
        if name in value:
            section[name] = value[name]
    if value.get("sequence") is not None:
        if not isinstance(value["sequence"], int) or isinstance(value["sequence"], bool):
            raise Invalid(400, f"{where}.sequence must be an integer")
        section["sequence"] = value["sequence"]
    refs = [
        _ref(r, f"{where}.qti-assessment-item-ref[{i}]")
        for i, r in enumerate(_list(value, "qti-assessment-item-ref"))
    ]
    _unique([r["identifier"] for r in refs], f"{where} item references")
    section["qti-assessment-item-ref"] = refs
    return section


def _part(value: Any, where: str = "test part") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(400, f"{where} must be an object")
    sections = [
        _section(s, f"{where}.qti-assessment-section[{i}]")
        for i, s in enumerate(_list(value, "qti-assessment-section"))
    ]
    _unique([s["identifier"] for s in sections], f"{where} sections")
    return {
        "identifier": _text(value, "identifier"),
        "navigationMode": _choice(value, "navigationMode", NAVIGATION_MODES, "linear"),
        "submissionMode": _choice(value, "submissionMode", SUBMISSION_MODES, "individual"),
        "qti-assessment-section": sections,
    }


def _unique(identifiers: list[str], what: str) -> None:
    seen: set[str] = set()
    for identifier in identifiers:
        if identifier in seen:
            raise Invalid(400, f"{what}: identifier {identifier!r} appears twice")
        seen.add(identifier)


async def _test_doc(request: Request) -> dict[str, Any]:
    if media_type(request) in ("application/xml", "text/xml"):
        raw = await request.body()
        body: dict[str, Any] = {"format": "xml", "xml": raw.decode("utf-8", "replace")}
    else:
        body = await _object(request)
    xml = _xml_of(body)
    if xml is not None:
        root = parse(xml).root
        if local(root.tag) != "qti-assessment-test":
            raise Invalid(400, "xml must have a <qti-assessment-test> root element")
        info = assessment_test_json(root)
        doc: dict[str, Any] = {
            "identifier": _text(root.attrib, "identifier"),
            "title": root.get("title", ""),
            "qtiVersion": "3.0",
            **info,
            "metadata": _object_member(body, "metadata"),
            "rawXml": xml,
            "content": {"qti-assessment-test": element_to_json(root)},
            "isValidXml": not validation_errors(xml, "test"),
        }
        return doc
    parts = [
        _part(p, f"qti-test-part[{i}]")
        for i, p in enumerate(_list(body, "qti-test-part", required=True))
    ]
    if not parts:
        raise Invalid(400, "a test needs at least one test part (qti-test-part)")
    _unique([p["identifier"] for p in parts], "test parts")
    doc = {
        "identifier": _text(body, "identifier"),
        "title": _text(body, "title"),
        "qtiVersion": str(body.get("qtiVersion") or "3.0"),
        "qti-test-part": parts,
        "qti-outcome-declaration": _list(body, "qti-outcome-declaration")
        or [{"identifier": "SCORE", "cardinality": "single", "baseType": "float"}],
        "metadata": _object_member(body, "metadata"),
    }
    for name in ("timeLimit", "maxAttempts", "toolName", "toolVersion"):
        if body.get(name) is not None:
            doc[name] = body[name]
    if body.get("toolsEnabled") is not None:
        doc["toolsEnabled"] = _object_member(body, "toolsEnabled")
    return _rewrite(doc)


def _rewrite(doc: dict[str, Any]) -> dict[str, Any]:
    """Regenerate a test's XML and JSON content from its parts."""
    xml = assessment_test_xml(doc)
    doc["rawXml"] = xml
    doc["content"] = {"qti-assessment-test": element_to_json(parse(xml).root)}
    doc["isValidXml"] = not validation_errors(xml, "test")
    return doc


def _has_mode(doc: Mapping[str, Any], member: str, wanted: str | None) -> bool:
    if not wanted:
        return True
    return any(p.get(member) == wanted for p in doc.get("qti-test-part") or [])


@handler
async def search_tests(request: Request) -> Response:
    """Search assessment tests"""
    params = request.query_params
    docs = [
        d
        for d in _bank.all_docs(_store(request), "test")
        if _has_mode(d, "navigationMode", params.get("navigationMode"))
        and _has_mode(d, "submissionMode", params.get("submissionMode"))
    ]
    return json_response(_bank.list_page(docs, params, sort_fields=TEST_SORTS, filterable=True))


create_test, get_test, update_test, delete_test = _document_handlers(
    "test", "an", "assessment test", _test_doc
)


@handler
async def get_all_questions(request: Request) -> Response:
    """Every question of an assessment test"""
    store = _store(request)
    test = _found(store, "test", path_param(request, "identifier"), "assessment test")
    questions = []
    for part in test.get("qti-test-part") or []:
        for section in part.get("qti-assessment-section") or []:
            for ref in section.get("qti-assessment-item-ref") or []:
                item = _bank.get(store, "item", ref["identifier"])
                if item is None:
                    continue
                questions.append(
                    {
                        "reference": {
                            "identifier": ref["identifier"],
                            "href": ref.get("href", ""),
                            "testPart": part["identifier"],
                            "section": section["identifier"],
                        },
                        "question": item,
                    }
                )
    return json_response(
        {
            "assessmentTest": test["identifier"],
            "title": test.get("title", ""),
            "totalQuestions": len(questions),
            "questions": questions,
        }
    )


@handler
async def update_test_metadata(request: Request) -> Response:
    """Update the metadata of an assessment test"""
    store = _store(request)
    identifier = path_param(request, "identifier")
    doc = _found(store, "test", identifier, "assessment test")
    body = await _object(request)
    doc["metadata"] = {**(doc.get("metadata") or {}), **_object_member(body, "metadata")}
    _bank.put(store, "test", identifier, _stamp(doc, doc))
    return json_response(doc)


# -- test parts -------------------------------------------------------------------------------

POSITION_SORTS = ("position", "identifier", "title", "sequence")


def _positioned(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**v, "position": f"{i:09d}"} for i, v in enumerate(values)]


def _without_position(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k != "position"}


def _test_of(request: Request) -> dict[str, Any]:
    return _found(
        _store(request), "test", path_param(request, "assessmentTestIdentifier"), "assessment test"
    )


def _part_of(test: dict[str, Any], identifier: str) -> dict[str, Any]:
    for part in test.get("qti-test-part") or []:
        if part["identifier"] == identifier:
            return dict(part)
    raise Invalid(404, f"test part {identifier!r} not found in test {test['identifier']!r}")


def _save(request: Request, test: dict[str, Any]) -> None:
    _bank.put(_store(request), "test", test["identifier"], _stamp(_rewrite(test), test))


def _replace(values: list[dict[str, Any]], new: dict[str, Any], old_id: str) -> list[Any]:
    return [new if v["identifier"] == old_id else v for v in values]


@handler
async def search_test_parts(request: Request) -> Response:
    """Search the parts of a test"""
    test = _test_of(request)
    page = _bank.list_page(
        _positioned(test.get("qti-test-part") or []),
        {"order": "asc", "sort": "position", **request.query_params},
        sort_fields=POSITION_SORTS,
        filterable=True,
        exact={"navigationMode": "navigationMode", "submissionMode": "submissionMode"},
        render=_without_position,
    )
    return json_response(page)


@handler
async def create_test_part(request: Request) -> Response:
    """Add a part to a test"""
    test = _test_of(request)
    part = _part(await _object(request))
    if any(p["identifier"] == part["identifier"] for p in test["qti-test-part"]):
        raise Invalid(409, f"test part {part['identifier']!r} already exists in this test")
    test["qti-test-part"].append(part)
    _save(request, test)
    return json_response(part, 201)


@handler
async def get_test_part(request: Request) -> Response:
    """Get a part of a test"""
    return json_response(_part_of(_test_of(request), path_param(request, "identifier")))


@handler
async def update_test_part(request: Request) -> Response:
    """Replace a part of a test"""
    test = _test_of(request)
    identifier = path_param(request, "identifier")
    _part_of(test, identifier)
    part = _part(await _object(request))
    _same_identifier(identifier, part)
    test["qti-test-part"] = _replace(test["qti-test-part"], part, identifier)
    _save(request, test)
    return json_response(part)


@handler
async def delete_test_part(request: Request) -> Response:
    """Remove a part from a test"""
    test = _test_of(request)
    identifier = path_param(request, "identifier")
    _part_of(test, identifier)
    test["qti-test-part"] = [p for p in test["qti-test-part"] if p["identifier"] != identifier]
    _save(request, test)
    return Response(status_code=204)


# -- sections ---------------------------------------------------------------------------------


def _section_of(part: dict[str, Any], identifier: str) -> dict[str, Any]:
    for section in part.get("qti-assessment-section") or []:
        if section["identifier"] == identifier:
            return dict(section)
    raise Invalid(404, f"section {identifier!r} not found in test part {part['identifier']!r}")


def _located(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    test = _test_of(request)
    return test, _part_of(test, path_param(request, "testPartIdentifier"))


def _save_part(request: Request, test: dict[str, Any], part: dict[str, Any]) -> None:
    test["qti-test-part"] = _replace(test["qti-test-part"], part, part["identifier"])
    _save(request, test)


@handler
async def search_sections(request: Request) -> Response:
    """Search the sections of a test part"""
    _, part = _located(request)
    page = _bank.list_page(
        _positioned(part.get("qti-assessment-section") or []),
        {"order": "asc", "sort": "position", **request.query_params},
        sort_fields=POSITION_SORTS,
        render=_without_position,
    )
    return json_response(page)


@handler
async def create_section(request: Request) -> Response:
    """Add a section to a test part"""
    test, part = _located(request)
    section = _section(await _object(request))
    sections = list(part.get("qti-assessment-section") or [])
    if any(s["identifier"] == section["identifier"] for s in sections):
        raise Invalid(409, f"section {section['identifier']!r} already exists in this part")
    part["qti-assessment-section"] = [*sections, section]
    _save_part(request, test, part)
    return json_response(section, 201)


@handler
async def get_section(request: Request) -> Response:
    """Get a section"""
    _, part = _located(request)
    return json_response(_section_of(part, path_param(request, "identifier")))


@handler
async def update_section(request: Request) -> Response:
    """Replace a section"""
    test, part = _located(request)
    identifier = path_param(request, "identifier")
    _section_of(part, identifier)
    section = _section(await _object(request))
    _same_identifier(identifier, section)
    part["qti-assessment-section"] = _replace(part["qti-assessment-section"], section, identifier)
    _save_part(request, test, part)
    return json_response(section)


@handler
async def delete_section(request: Request) -> Response:
    """Remove a section"""
    test, part = _located(request)
    identifier = path_param(request, "identifier")
    _section_of(part, identifier)
    part["qti-assessment-section"] = [
        s for s in part["qti-assessment-section"] if s["identifier"] != identifier
    ]
    _save_part(request, test, part)
    return json_response({"message": f"section {identifier!r} deleted"})


def _section_located(
    request: Request,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    test, part = _located(request)
    return test, part, _section_of(part, path_param(request, "identifier"))


def _save_section(
    request: Request, test: dict[str, Any], part: dict[str, Any], section: dict[str, Any]
) -> None:
    part["qti-assessment-section"] = _replace(
        part["qti-assessment-section"], section, section["identifier"]
    )
    _save_part(request, test, part)


@handler
async def add_section_item(request: Request) -> Response:
    """Add an item reference to a section"""
    test, part, section = _section_located(request)
    body = await _object(request)
    ref = _ref(body, "body")
    _found(_store(request), "item", ref["identifier"], "assessment item")
    refs = list(section.get("qti-assessment-item-ref") or [])
    if any(r["identifier"] == ref["identifier"] for r in refs):
        raise Invalid(409, f"item {ref['identifier']!r} is already in this section")
    sequence = body.get("sequence")
    if sequence is not None and (not isinstance(sequence, int) or isinstance(sequence, bool)):
        raise Invalid(400, "sequence must be an integer (1 is the first position)")
    position = len(refs) if sequence is None else min(max(sequence, 1) - 1, len(refs))
    refs.insert(position, ref)
    section["qti-assessment-item-ref"] = refs
    _save_section(request, test, part, section)
    return json_response(section, 201)


@handler
async def remove_section_item(request: Request) -> Response:
    """Remove an item reference from a section"""
    test, part, section = _section_located(request)
    item_id = path_param(request, "itemIdentifier")
    refs = list(section.get("qti-assessment-item-ref") or [])
    if not any(r["identifier"] == item_id for r in refs):
        raise Invalid(404, f"item {item_id!r} is not in section {section['identifier']!r}")
    section["qti-assessment-item-ref"] = [r for r in refs if r["identifier"] != item_id]
    _save_section(request, test, part, section)
    return Response(status_code=204)


@handler
async def order_section_items(request: Request) -> Response:
    """Reorder the item references of a section"""
    test, part, section = _section_located(request)
    body = await _object(request)
    wanted = [
        _ref(v, f"items[{i}]") | {"raw": v}
        for i, v in enumerate(_list(body, "items", required=True))
    ]
    current = {r["identifier"]: r for r in section.get("qti-assessment-item-ref") or []}
    names = [w["identifier"] for w in wanted]
    _unique(names, "items")
    missing, extra = sorted(set(current) - set(names)), sorted(set(names) - set(current))
    if missing or extra:
        raise Invalid(
            400,
            "items must list every item of the section exactly once"
            + (f"; missing {missing}" if missing else "")
            + (f"; not in the section {extra}" if extra else ""),
        )
    sequences = [w["raw"].get("sequence") for w in wanted]
    if all(isinstance(s, int) and not isinstance(s, bool) for s in sequences):
        wanted = [w for _, w in sorted(zip(sequences, wanted, strict=True), key=lambda p: p[0])]
    section["qti-assessment-item-ref"] = [
        {
            "identifier": w["identifier"],
            "href": w["raw"].get("href") or current[w["identifier"]].get("href", ""),
        }
        for w in wanted
    ]
    _save_section(request, test, part, section)
    return json_response(section)


# -- feedback ---------------------------------------------------------------------------------


async def _feedback(request: Request, kind: str) -> Response:
    body = await _object(request)
    doc: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "userId": _text(body, "userId"),
        "feedback": _text(body, "feedback"),
        "lessonId": _text(body, "lessonId"),
        "type": kind,
    }
    if body.get("questionId") is not None:
        doc["questionId"] = _text(body, "questionId")
    if "humanApproved" in body:
        if not isinstance(body["humanApproved"], bool):
            raise Invalid(400, "humanApproved must be a boolean")
        doc["humanApproved"] = body["humanApproved"]
    doc["createdAt"] = _bank.now()
    _bank.insert_feedback(_store(request), doc)
    return json_response(doc, 201)


@handler
async def create_question_feedback(request: Request) -> Response:
    """Leave feedback on a question"""
    return await _feedback(request, "QUESTION")


@handler
async def create_lesson_feedback(request: Request) -> Response:
    """Leave feedback on a lesson"""
    return await _feedback(request, "LESSON")


@handler
async def get_lesson_feedback(request: Request) -> Response:
    """Feedback on a lesson"""
    return json_response(
        _bank.feedback_for_lesson(_store(request), path_param(request, "lessonId"))
    )


@handler
async def delete_feedback(request: Request) -> Response:
    """Delete a feedback record"""
    feedback_id = path_param(request, "id")
    if not _bank.delete_feedback(_store(request), feedback_id):
        raise Invalid(404, f"feedback {feedback_id!r} not found")
    return json_response({"message": f"feedback {feedback_id!r} deleted"})


# -- validation -------------------------------------------------------------------------------

_KINDS = {"item": "item", "test": "test", "stimulus": "stimulus"}


def _validated(xml: str, schema: str, entity_id: str | None) -> dict[str, Any]:
    errors = validation_errors(xml, schema)
    if entity_id is None:
        try:
            entity_id = parse(xml).root.get("identifier") or ""
        except XmlRefused:
            entity_id = ""
    return {
        "success": "false" if errors else "true",
        "entityId": entity_id,
        "xmlContent": xml,
        "validationErrors": errors,
        "message": "XML is valid" if not errors else f"{len(errors)} validation error(s)",
    }


def _schema_of(body: Mapping[str, Any]) -> str:
    return _choice(body, "schema", tuple(ROOTS), "")


@handler
async def validate_xml(request: Request) -> Response:
    """Validate one QTI XML document"""
    body = await _object(request)
    schema = _schema_of(body)
    entity_id = body.get("entityId")
    if entity_id is not None and not isinstance(entity_id, str):
        raise Invalid(400, "entityId must be a string")
    xml = body.get("xml")
    if xml is None:
        if not entity_id:
            raise Invalid(400, "give xml, or the entityId of a stored entity")
        stored = _bank.get(_store(request), _KINDS[schema], entity_id)
        if stored is None:
            return json_response(
                {
                    "success": False,
                    "entityId": entity_id,
                    "error": "Not Found",
                    "message": f"{schema} {entity_id!r} not found",
                },
                404,
            )
        xml = stored.get("rawXml", "")
    if not isinstance(xml, str):
        raise Invalid(400, "xml must be a string")
    return json_response(_validated(xml, schema, entity_id))


@handler
async def validate_batch(request: Request) -> Response:
    """Validate several QTI XML documents"""
    body = await _object(request)
    schema = _schema_of(body)
    documents = _list(body, "xml", required=True)
    entity_ids = _list(body, "entityIds", required=True)
    if len(documents) != len(entity_ids):
        raise Invalid(400, "xml and entityIds must have the same length")
    if not all(isinstance(d, str) for d in documents) or not all(
        isinstance(e, str) for e in entity_ids
    ):
        raise Invalid(400, "xml and entityIds must be arrays of strings")
    results = []
    for index, (xml, entity_id) in enumerate(zip(documents, entity_ids, strict=True)):
        try:
            results.append(_validated(xml, schema, entity_id))
        except XmlRefused as exc:
            raise Invalid(400, f"xml[{index}]: unsafe XML refused: {exc.message}") from None
    return json_response({"results": results})
